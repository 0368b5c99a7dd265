/**
 * The GraalJS gate: a bundled script must parse as ECMAScript 2020 (the level the build targets)
 * and may only use globals the server has. Both are checked on the emitted script, which is
 * what GraalJS will see.
 */
import { parse, type Node, type Program } from 'acorn';
import { analyze } from 'eslint-scope';

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
}

/** Parses `code` as an ES2020 script, or throws a GateError quoting the offending line. */
export function parseEs2020(code: string, subject: GateSubject): Program {
  try {
    return parse(code, { ecmaVersion: 2020, sourceType: 'script', locations: true, ranges: true });
  } catch (error) {
    const { message, loc } = error as SyntaxError & { loc?: { line: number; column: number } };
    const line = loc ? code.split('\n')[loc.line - 1]?.trim() : undefined;
    throw new GateError(
      `${subject.addon} ${subject.part}: not valid ECMAScript 2020 (GraalJS engine type 3 rejects it): ` +
        `${message.replace(/ \(\d+:\d+\)$/, '')}` +
        (loc ? ` at line ${loc.line}, column ${loc.column + 1}: ${line}` : ''),
    );
  }
}

/** The names `program` uses but never declares, each once, in order of first use. */
export function undeclaredGlobals(program: Program): string[] {
  const scopeManager = analyze(program as never, { ecmaVersion: 2020, sourceType: 'script' });
  const globalScope = scopeManager.globalScope;
  if (!globalScope) return [];
  const declared = new Set(globalScope.variables.map((variable) => variable.name));
  const names: string[] = [];
  for (const reference of globalScope.through) {
    const name = reference.identifier.name;
    if (!declared.has(name) && !names.includes(name)) names.push(name);
  }
  return names;
}

/** The names a script declares at its top level (functions, var, let, const, class). */
export function topLevelNames(program: Program): string[] {
  const scopeManager = analyze(program as never, { ecmaVersion: 2020, sourceType: 'script' });
  return scopeManager.globalScope?.variables.map((variable) => variable.name) ?? [];
}

/**
 * Checks `code` and returns its parsed program. Throws a GateError when it is not ES2020, when it
 * refers to a global outside `allowedGlobals`, or when it carries bundler runtime helpers.
 */
export function checkScript(code: string, subject: GateSubject, allowedGlobals: Iterable<string>): Program {
  const program = parseEs2020(code, subject);
  const allowed = new Set(allowedGlobals);
  const missing = undeclaredGlobals(program).filter((name) => !allowed.has(name));
  if (missing.length > 0) {
    throw new GateError(
      `${subject.addon} ${subject.part}: refers to ${missing.map((name) => `'${name}'`).join(', ')}, ` +
        `which ${missing.length === 1 ? 'is' : 'are'} neither an ECMAScript 2020 built-in nor a Questetra host object ` +
        `(GraalJS on the server has no Node or browser globals)`,
    );
  }
  const helpers = topLevelNames(program).filter((name) => /^__[a-zA-Z]/.test(name));
  if (helpers.length > 0) {
    throw new GateError(
      `${subject.addon} ${subject.part}: carries bundler runtime helpers (${helpers.join(', ')}); ` +
        'write the step so that esbuild needs no helper (no class fields, no CommonJS modules)',
    );
  }
  return program;
}

/** Whether `program` declares `function name()` at its top level. */
export function declaresFunction(program: Program, name: string): boolean {
  return program.body.some(
    (node: Node) => node.type === 'FunctionDeclaration' && (node as Node & { id: { name: string } }).id.name === name,
  );
}
