/**
 * The vm context both Node sandbox processes run an add-on in (node-sandbox-child.ts for
 * `qaddon test`, node-run-child.ts for `qaddon run`): a global object with no prototype from
 * outside (so `this.constructor.constructor` stays inside), its own microtask queue, no WASM,
 * and a dynamic `import()` that never settles. Every call into it runs under the vm's timeout
 * with the time left until a deadline.
 */
import { performance } from 'node:perf_hooks';
import { Script, createContext, type Context } from 'node:vm';

/**
 * Thrown by the runners when no time is left. Compared by identity: `instanceof` would walk the
 * prototype chain of whatever the add-on threw, running a Proxy's trap out here.
 */
export const TIME_IS_UP = Object.freeze({ reason: 'time limit' });

/**
 * A dynamic `import()` (also from eval'd code) gets this hook. Without it Node rejects with an
 * Error of this realm, whose constructor reaches `process`; a primitive has no realm, and
 * with --experimental-vm-modules the promise then never settles.
 */
function refuseImport(): never {
  throw 'import() is not available in the sandbox';
}

export function createSandboxContext(name: string): Context {
  return createContext(Object.create(null) as object, {
    name,
    codeGeneration: { strings: true, wasm: false },
    microtaskMode: 'afterEvaluate',
    importModuleDynamically: refuseImport as never,
  });
}

/**
 * Compiles `code` outside the context: a SyntaxError here is this realm's own, safe to read.
 * The host's and the add-on's scripts get the import() hook (the context has it too, for code
 * that runs with no script of its own on the stack, such as Function called as a promise job);
 * the runner's own one-line scripts import nothing and go without (a hook per Script makes
 * Node slower with every Script made).
 */
export function compile(code: string, filename: string, withImportHook: boolean): Script {
  return new Script(code, { filename, ...(withImportHook ? { importModuleDynamically: refuseImport as never } : {}) });
}

/** Runs `script` in `context` with the time left until `deadline`; what it throws stays untouched. */
export function runScript(context: Context, script: Script, deadline: number): unknown {
  const remaining = Math.floor(deadline - performance.now());
  if (remaining < 1) throw TIME_IS_UP;
  return script.runInContext(context, { timeout: remaining, displayErrors: false, breakOnSigint: false });
}

/** The vm's timeout fires at the deadline: an error caught that late is the time limit. */
export function timeIsUp(error: unknown, deadline: number): boolean {
  return error === TIME_IS_UP || performance.now() >= deadline - 2;
}

/** What stands in when a thrown value cannot be described. */
const UNDESCRIBED = 'an error that could not be described';

/**
 * Describes a value thrown out of the context, inside the context, with the host's
 * describeLoadError: the host holds the value (`hold`), and `callHost` runs
 * `describeLoadError(__qaddonHost.held())` under the limit, so the value's getters and toString
 * run there. If describing throws or returns no string, a fixed text stands in; TIME_IS_UP is
 * thrown when the time ran out meanwhile.
 */
export function describeInContext(
  thrown: unknown,
  hold: ((value: unknown) => void) | undefined,
  callHost: (call: string) => unknown,
  deadline: number,
): string {
  if (!hold) return UNDESCRIBED;
  hold(thrown);
  let text: unknown;
  try {
    text = callHost('describeLoadError(__qaddonHost.held())');
  } catch (error) {
    if (timeIsUp(error, deadline)) throw TIME_IS_UP;
    return UNDESCRIBED;
  } finally {
    hold(undefined);
  }
  return typeof text === 'string' ? text : UNDESCRIBED;
}
