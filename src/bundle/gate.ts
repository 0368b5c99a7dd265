/**
 * The GraalJS gate: a bundled script must parse as ECMAScript 2020 (the level the build targets)
 * and may only use globals the server has. Both are checked on the emitted script, which is
 * what GraalJS will see. Given the bundle's source map, a refusal names the TypeScript file and
 * line it comes from.
 *
 * Each script text is parsed once (parse.ts counts it): the build parses a bundle once, as it
 * goes into the XML, and the lint of that add-on, in the build and of the file it wrote, finds the
 * text among those known to be ES2020 (the build's escaped text too: emit.ts vouches for it).
 */
import type { Comment, Node, Program } from 'acorn';
import { analyze } from 'eslint-scope';
import { parseProgram, type ParsedProgram } from './parse.js';
import type { SourceLine } from './source-map.js';

/** A script failed the gate; the message names the add-on, the part and the cause. */
export class GateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GateError';
  }
}

/** Which script is checked, for messages: `openai-ftjob-cancel <script>`. */
export interface GateSubject {
  addon: string;
  part: '<script>' | '<test>';
  /** The TypeScript file and line of an offset of the script (from the bundle's source map). */
  locate?: (offset: number) => SourceLine | undefined;
}

/** The programs parsed last, by their text (or the SyntaxError the text gave). */
const parsed = new Map<string, ParsedProgram | SyntaxError>();
const PARSED_KEPT = 16;

/**
 * Texts known to be ES2020 scripts: every text parsed, and every text vouched for as the same
 * program (sameProgram). Only the texts are kept, for the lint that needs no more than that.
 */
const valid = new Set<string>();
const VALID_KEPT = 64;

function keep<T>(store: Set<T> | Map<T, unknown>, limit: number): void {
  if (store.size > limit) store.delete(store.keys().next().value as T);
}

function parseOnce(code: string): ParsedProgram {
  let result = parsed.get(code);
  if (result === undefined) {
    try {
      result = parseProgram(code, { ecmaVersion: 2020, sourceType: 'script', locations: true, ranges: true });
      valid.add(code);
      keep(valid, VALID_KEPT);
    } catch (error) {
      if (!(error instanceof SyntaxError)) throw error;
      result = error;
    }
    parsed.set(code, result);
    keep(parsed, PARSED_KEPT);
  }
  if (result instanceof SyntaxError) throw result;
  return result;
}

/**
 * Records that `text` spells the same ES2020 program as `parsedText`, which parsed: so
 * checkEs2020 accepts it without parsing. For emit.ts, whose escapes (xml-safe.ts: `\u0001` for a
 * raw U+0001 in a string literal) change how a token is written, never which token it is.
 */
export function sameProgram(text: string, parsedText: string): void {
  if (!valid.has(parsedText)) throw new Error('sameProgram: the text it stands for has not passed the gate');
  valid.add(text);
  keep(valid, VALID_KEPT);
}

/** `src/steps/x/main.ts:12: ` for an offset the source map knows, else nothing. */
function placeOf(subject: GateSubject, offset: number | undefined): string {
  const at = offset === undefined ? undefined : subject.locate?.(offset);
  return at ? `${at.source}:${at.line}: ` : '';
}

/** Parses `code` as an ES2020 script, or throws a GateError quoting the offending line. */
export function parseEs2020(code: string, subject: GateSubject): Program {
  return parseWithComments(code, subject).program;
}

/**
 * Throws a GateError when `code` is not an ES2020 script, as parseEs2020; a text known to be one
 * (parsed before, or vouched for by sameProgram) is not parsed again.
 */
export function checkEs2020(code: string, subject: GateSubject): void {
  if (!valid.has(code)) parseWithComments(code, subject);
}

function parseWithComments(code: string, subject: GateSubject): ParsedProgram {
  try {
    return parseOnce(code);
  } catch (error) {
    const { message, loc, pos } = error as SyntaxError & { loc?: { line: number; column: number }; pos?: number };
    const line = loc ? code.split('\n')[loc.line - 1]?.trim() : undefined;
    throw new GateError(
      `${placeOf(subject, pos)}${subject.addon} ${subject.part}: not valid ECMAScript 2020 (GraalJS engine type 3 rejects it): ` +
        `${message.replace(/ \(\d+:\d+\)$/, '')}` +
        (loc ? ` at line ${loc.line}, column ${loc.column + 1}: ${line}` : ''),
    );
  }
}

/** What one scope analysis of a program gives. */
interface Scope {
  /** The names it uses but never declares, each once, in order of first use, with that first use. */
  undeclared: { name: string; offset: number }[];
  /** The names it declares at its top level (functions, var, let, const, class), with where. */
  declared: { name: string; offset: number }[];
}

function scopeOf(program: Program): Scope {
  const scopeManager = analyze(program as never, { ecmaVersion: 2020, sourceType: 'script' });
  const globalScope = scopeManager.globalScope;
  if (!globalScope) return { undeclared: [], declared: [] };
  const declaredNames = new Set(globalScope.variables.map((variable) => variable.name));
  const undeclared: Scope['undeclared'] = [];
  for (const reference of globalScope.through) {
    const name = reference.identifier.name;
    if (!declaredNames.has(name) && !undeclared.some((found) => found.name === name)) {
      undeclared.push({ name, offset: reference.identifier.start });
    }
  }
  const declared = globalScope.variables.map((variable) => ({ name: variable.name, offset: variable.defs[0]?.name.start ?? 0 }));
  return { undeclared, declared };
}

/** The names `program` uses but never declares, each once, in order of first use. */
export function undeclaredGlobals(program: Program): string[] {
  return scopeOf(program).undeclared.map(({ name }) => name);
}

/** The names a script declares at its top level (functions, var, let, const, class). */
export function topLevelNames(program: Program): string[] {
  return scopeOf(program).declared.map(({ name }) => name);
}

/** A script that passed the gate: its program, its comments and the names it declares at its top level. */
export interface CheckedScript {
  program: Program;
  comments: Comment[];
  topLevelNames: string[];
}

/**
 * Checks `code` and returns its parsed program. Throws a GateError when it is not ES2020, when it
 * refers to a global outside `allowedGlobals`, or when it carries bundler runtime helpers.
 */
export function checkScript(code: string, subject: GateSubject, allowedGlobals: Iterable<string>): CheckedScript {
  const { program, comments } = parseWithComments(code, subject);
  const scope = scopeOf(program);
  const allowed = new Set(allowedGlobals);
  const missing = scope.undeclared.filter(({ name }) => !allowed.has(name));
  if (missing.length > 0) {
    // The message starts at the first name's place; another name says its own where that differs.
    const lead = placeOf(subject, missing[0]?.offset);
    const located = subject.locate !== undefined && missing.some(({ offset }) => placeOf(subject, offset) !== '');
    const names = missing.map(({ name, offset }) => {
      const place = placeOf(subject, offset);
      return located && place !== lead ? `'${name}' (${place.slice(0, -2) || 'bundled code'})` : `'${name}'`;
    });
    throw new GateError(
      `${lead}${subject.addon} ${subject.part}: refers to ${names.join(', ')}, ` +
        `which ${missing.length === 1 ? 'is' : 'are'} neither an ECMAScript 2020 built-in nor a Questetra host object ` +
        `(GraalJS on the server has no Node or browser globals)`,
    );
  }
  const helpers = scope.declared.filter(({ name }) => /^__[a-zA-Z]/.test(name));
  if (helpers.length > 0) {
    throw new GateError(
      `${placeOf(subject, helpers[0]?.offset)}${subject.addon} ${subject.part}: carries bundler runtime helpers (${helpers.map(({ name }) => name).join(', ')}); ` +
        'write the step so that esbuild needs no helper (no class fields, no CommonJS modules)',
    );
  }
  return { program, comments, topLevelNames: scope.declared.map(({ name }) => name) };
}

/** Whether `program` declares `function name()` at its top level. */
export function declaresFunction(program: Program, name: string): boolean {
  return program.body.some(
    (node: Node) => node.type === 'FunctionDeclaration' && (node as Node & { id: { name: string } }).id.name === name,
  );
}
