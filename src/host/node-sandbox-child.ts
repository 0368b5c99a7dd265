/**
 * The Node tier's sandbox process: runs one add-on's `<test>` block and reports, one JSON line
 * per event on stdout, what happened. run-node.ts starts it with Node's permission model (no
 * file system, no child processes, no workers, no native add-ons, no WASI), no environment
 * variable but time zone and locale, a capped heap, and kills it at the time limit. It reads
 * its input (the host script and the add-on's sources) from stdin.
 *
 * Inside, the add-on runs in a vm context whose global object has no prototype of this realm
 * (so `this.constructor.constructor` stays inside), with its own microtask queue, and every call
 * into it goes through `Script.runInContext` with the time left: host code, the add-on's code,
 * each test and the description of what it threw. The runner below, in this process's own
 * realm, iterates over the tests the host registered, calls each and records itself whether it
 * threw; it never reads a property of a value that comes out of the context.
 *
 * Everything runs synchronously from start to end and the process exits right after its last
 * line, so no task the add-on could queue (a FinalizationRegistry callback, Atomics.waitAsync)
 * ever runs outside the limit.
 */
import { readFileSync, writeSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { Script, createContext, type Context } from 'node:vm';
import type { HostControl } from './runtime/protocol.js';
import type { SandboxInput, SandboxMessage } from './node-sandbox-protocol.js';

/**
 * Thrown by this runner when no time is left. Compared by identity: `instanceof` would walk the
 * prototype chain of whatever the add-on threw, running a Proxy's trap out here.
 */
const TIME_IS_UP = Object.freeze({ reason: 'time limit' });

function send(message: SandboxMessage): void {
  const line = `${JSON.stringify(message)}\n`;
  const bytes = Buffer.from(line, 'utf8');
  for (let offset = 0; offset < bytes.length; ) offset += writeSync(1, bytes, offset);
}

const input = JSON.parse(readFileSync(0, 'utf8')) as SandboxInput;
const deadline = performance.now() + input.timeLimitMs;

const context: Context = createContext(Object.create(null) as object, {
  name: input.name,
  codeGeneration: { strings: true, wasm: false },
  microtaskMode: 'afterEvaluate',
});

/**
 * A dynamic `import()` (also from eval'd code) gets this hook. Without it Node rejects with an
 * Error of this realm, whose constructor reaches `process`; a primitive has no realm, and
 * with --experimental-vm-modules the promise then never settles.
 */
function refuseImport(): never {
  throw 'import() is not available in the sandbox';
}

/** Compiles `code` outside the context: a SyntaxError here is this realm's own, safe to read. */
function compile(code: string, filename: string): Script {
  return new Script(code, { filename, importModuleDynamically: refuseImport as never });
}

/** Runs `script` in the context with the time that is left; what it throws stays untouched. */
function runScript(script: Script): unknown {
  const remaining = Math.floor(deadline - performance.now());
  if (remaining < 1) throw TIME_IS_UP;
  return script.runInContext(context, { timeout: remaining, displayErrors: false, breakOnSigint: false });
}

function evaluate(code: string, filename: string): unknown {
  return runScript(compile(code, filename));
}

/** The vm's timeout fires at the deadline: an error caught that late is the time limit. */
function timeIsUp(error: unknown): boolean {
  return error === TIME_IS_UP || performance.now() >= deadline - 2;
}

let hold: HostControl['hold'] | undefined;

/**
 * Describes a value thrown out of the context, inside the context, with the host's
 * describeFailure or describeLoadError: its getters and toString run under the limit. If
 * describing throws or returns no string, a fixed text stands in.
 */
function describe(thrown: unknown, how: 'describeFailure' | 'describeLoadError'): string {
  if (!hold) return 'an error that could not be described';
  hold(thrown);
  let text: unknown;
  try {
    text = evaluate(`__qaddonHost.${how}(__qaddonHost.held())`, 'qaddon-runner.js');
  } catch (error) {
    if (timeIsUp(error)) throw TIME_IS_UP;
    return 'an error that could not be described';
  } finally {
    hold(undefined);
  }
  return typeof text === 'string' ? text : 'an error that could not be described';
}

function notFinished(what: string): SandboxMessage {
  return { t: 'load-error', message: `did not finish within the time limit of ${input.timeLimitMs / 1000} s (${what})` };
}

/** What the runner is doing, for the message when time is up. */
let phase = 'while starting the host';

/**
 * Loads the host and the add-on, runs the tests; returns the closing message. When time is up,
 * it throws TIME_IS_UP (from wherever it was) and the caller reports the phase.
 */
function run(): SandboxMessage {
  // V8 gives every context a `console` of its own; the server has none, so neither does the host.
  evaluate('delete globalThis.console;', 'qaddon-sandbox.js');
  evaluate(input.hostScript, 'qaddon-host.js');
  // Taken now, before any add-on code (the object is frozen and the global read-only anyway).
  const control = evaluate('__qaddonHost', 'qaddon-sandbox.js') as HostControl;
  hold = control.hold;

  for (const [code, filename] of [
    [input.script, `${input.name}.xml <script>`],
    [input.test, `${input.name}.xml <test>`],
  ] as const) {
    phase = `while loading ${filename}`;
    let script: Script;
    try {
      script = compile(code, filename);
    } catch (error) {
      return { t: 'load-error', message: `SyntaxError: ${(error as Error).message} (${filename})` };
    }
    try {
      runScript(script);
    } catch (error) {
      if (timeIsUp(error)) throw TIME_IS_UP;
      return { t: 'load-error', message: describe(error, 'describeLoadError') };
    }
  }

  phase = 'before the first test';
  let count: unknown;
  try {
    count = evaluate('__qaddonHost.startRun()', 'qaddon-runner.js');
  } catch (error) {
    if (timeIsUp(error)) throw TIME_IS_UP;
    return { t: 'load-error', message: describe(error, 'describeLoadError') };
  }
  if (typeof count !== 'number' || !Number.isSafeInteger(count) || count < 0) return { t: 'load-error', message: 'the host reported no test count' };
  for (let index = 0; index < count; index += 1) {
    const name = evaluate(`__qaddonHost.testName(${index})`, 'qaddon-runner.js');
    if (typeof name !== 'string') return { t: 'load-error', message: `the host reported no name for test ${index + 1}` };
    phase = `test ${JSON.stringify(name)} was running`;
    let passed = true;
    let error: string | null = null;
    try {
      evaluate(`void __qaddonHost.startTest(${index})()`, 'qaddon-runner.js');
    } catch (thrown) {
      if (timeIsUp(thrown)) throw TIME_IS_UP;
      passed = false;
      error = describe(thrown, 'describeFailure');
    }
    const evidence = evaluate('__qaddonHost.finishTest()', 'qaddon-runner.js');
    send({ t: 'test', name, passed, error, evidence: typeof evidence === 'string' ? evidence : '' });
  }
  return { t: 'done' };
}

let closing: SandboxMessage;
try {
  closing = run();
} catch (error) {
  closing = timeIsUp(error) ? notFinished(phase) : { t: 'load-error', message: 'the local host failed (a fault of qaddon, not of the add-on)' };
}
send(closing);
process.exit(0);
