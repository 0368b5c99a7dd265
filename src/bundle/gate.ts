/**
 * The GraalJS gate: a bundled script must parse as ECMAScript 2020 (the level the build targets)
 * and may only use globals the server has. Both are checked on the emitted script, which is
 * what GraalJS will see. Given the bundle's source map, a refusal names the TypeScript file and
 * line it comes from.
 *
 * Each script text is parsed once: the build checks a bundle, then lints the model and the file
 * it wrote, all of which hold the same text (a small memo of the last programs parsed).
 */
import { parse, type Node, type Program } from 'acorn';
import { analyze } from 'eslint-scope';
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
const parsed = new Map<string, Program | SyntaxError>();
const PARSED_KEPT = 16;

function parseOnce(code: string): Program {
  let result = parsed.get(code);
  if (result === undefined) {
    try {
      result = parse(code, { ecmaVersion: 2020, sourceType: 'script', locations: true, ranges: true });
    } catch (error) {
      if (!(error instanceof SyntaxError)) throw error;
      result = error;
    }
    parsed.set(code, result);
    if (parsed.size > PARSED_KEPT) parsed.delete(parsed.keys().next().value as string);
  }
  if (result instanceof SyntaxError) throw result;
  return result;
}

/** `src/steps/x/main.ts:12: ` for an offset the source map knows, else nothing. */
function placeOf(subject: GateSubject, offset: number | undefined): string {
  const at = offset === undefined ? undefined : subject.locate?.(offset);
  return at ? `${at.source}:${at.line}: ` : '';
}

/** Parses `code` as an ES2020 script, or throws a GateError quoting the offending line. */
export function parseEs2020(code: string, subject: GateSubject): Program {
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

/** A script that passed the gate: its program and the names it declares at its top level. */
export interface CheckedScript {
  program: Program;
  topLevelNames: string[];
}

/**
 * Checks `code` and returns its parsed program. Throws a GateError when it is not ES2020, when it
 * refers to a global outside `allowedGlobals`, or when it carries bundler runtime helpers.
 */
export function checkScript(code: string, subject: GateSubject, allowedGlobals: Iterable<string>): CheckedScript {
  const program = parseEs2020(code, subject);
  const scope = scopeOf(program);
  const allowed = new Set(allowedGlobals);
  const missing = scope.undeclared.filter(({ name }) => !allowed.has(name));
  if (missing.length > 0) {
    const located = subject.locate !== undefined && missing.some(({ offset }) => placeOf(subject, offset) !== '');
    const names = missing.map(({ name, offset }) => `'${name}'${located ? ` (${placeOf(subject, offset).slice(0, -2) || 'bundled code'})` : ''}`);
    throw new GateError(
      `${placeOf(subject, missing[0]?.offset)}${subject.addon} ${subject.part}: refers to ${names.join(', ')}, ` +
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
  return { program, topLevelNames: scope.declared.map(({ name }) => name) };
}

/** Whether `program` declares `function name()` at its top level. */
export function declaresFunction(program: Program, name: string): boolean {
  return program.body.some(
    (node: Node) => node.type === 'FunctionDeclaration' && (node as Node & { id: { name: string } }).id.name === name,
  );
}
