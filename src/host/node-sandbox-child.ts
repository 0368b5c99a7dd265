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
 * the tests and the description of what they threw. The tests run in one such call, in the
 * host's own loop (runAllTests: a closure the add-on cannot reach, taken before its code ran),
 * which records each test's outcome where no add-on code can write; this runner reads the
 * results out afterwards, also after a stop. It never reads a property of a value that comes
 * out of the context: only numbers and strings cross.
 *
 * Everything runs synchronously from start to end and the process exits right after its last
 * line, so no task the add-on could queue (a FinalizationRegistry callback, Atomics.waitAsync)
 * ever runs outside the limit.
 */
import { readFileSync, writeSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { Script } from 'node:vm';
import { TIME_IS_UP, compile, createSandboxContext, describeInContext, runScript as runWithin, timeIsUp as timeIsUpAt } from './node-vm-sandbox.js';
import type { HostControl, TestResultRecord } from './runtime/protocol.js';
import type { SandboxInput, SandboxMessage } from './node-sandbox-protocol.js';

/** Results read out per call: each call's JSON text stays small. */
const RESULTS_PER_CALL = 500;

function send(message: SandboxMessage): void {
  const line = `${JSON.stringify(message)}\n`;
  const bytes = Buffer.from(line, 'utf8');
  for (let offset = 0; offset < bytes.length; ) offset += writeSync(1, bytes, offset);
}

const input = JSON.parse(readFileSync(0, 'utf8')) as SandboxInput;
const deadline = performance.now() + input.timeLimitMs;

const context = createSandboxContext(input.name);

/** Runs `script` in the context with the time that is left; what it throws stays untouched. */
function runScript(script: Script): unknown {
  return runWithin(context, script, deadline);
}

/** Calls the host in the context, under the limit: `call` is an expression on `__qaddonHost` with numbers only. */
function host(call: string): unknown {
  return runScript(compile(`__qaddonHost.${call}`, 'qaddon-runner.js', false));
}

/** The vm's timeout fires at the deadline: an error caught that late is the time limit. */
function timeIsUp(error: unknown): boolean {
  return timeIsUpAt(error, deadline);
}

/**
 * The host's functions this runner calls directly, taken from the frozen host object before any
 * add-on code ran. Each only stores or reads what the host recorded, running no add-on code,
 * and a direct call (not through runInContext) runs none of the add-on's queued promise
 * callbacks either: so they work after a stop too.
 */
let hold: HostControl['hold'] | undefined;
let recorded: Pick<HostControl, 'finishedTests' | 'testResults' | 'testName'> | undefined;

/** A value thrown out of the context, described inside it under the limit (describeInContext). */
function describeLoadError(thrown: unknown): string {
  return describeInContext(thrown, hold, host, deadline);
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
  runScript(compile('delete globalThis.console;', 'qaddon-sandbox.js', false));
  runScript(compile(input.hostScript, 'qaddon-host.js', true));
  // Taken now, before any add-on code (the object is frozen and the global read-only anyway).
  const control = runScript(compile('__qaddonHost', 'qaddon-sandbox.js', false)) as HostControl;
  const { finishedTests, testResults, testName } = control;
  hold = control.hold;
  recorded = { finishedTests, testResults, testName };

  for (const [code, filename] of [
    [input.script, `${input.name}.xml <script>`],
    [input.test, `${input.name}.xml <test>`],
  ] as const) {
    phase = `while loading ${filename}`;
    let script: Script;
    try {
      script = compile(code, filename, true);
    } catch (error) {
      return { t: 'load-error', message: `SyntaxError: ${(error as Error).message} (${filename})` };
    }
    try {
      runScript(script);
    } catch (error) {
      if (timeIsUp(error)) throw TIME_IS_UP;
      return { t: 'load-error', message: describeLoadError(error) };
    }
  }

  phase = 'before the first test';
  let count: unknown;
  try {
    count = host('startRun()');
  } catch (error) {
    if (timeIsUp(error)) throw TIME_IS_UP;
    return { t: 'load-error', message: describeLoadError(error) };
  }
  if (typeof count !== 'number' || !Number.isSafeInteger(count) || count < 0) return { t: 'load-error', message: 'the host reported no test count' };

  // All tests in one call: a vm call with a timeout costs a thread of its own.
  phase = 'while the tests were running';
  let stopped = false;
  // runAllTests catches what each test throws; what still comes out is the add-on's doing (its
  // evidence could not be read: a host object it replaced threw), reported after the tests
  // recorded before it, as GraalJS reports it.
  let thrownByAddon: { error: unknown } | undefined;
  try {
    host('runAllTests()');
  } catch (error) {
    if (timeIsUp(error)) stopped = true;
    else thrownByAddon = { error };
  }
  const finished = recorded.finishedTests();
  if (typeof finished !== 'number' || !Number.isSafeInteger(finished) || finished < 0 || finished > count) {
    return { t: 'load-error', message: 'the host reported no results' };
  }
  for (let from = 0; from < finished; from += RESULTS_PER_CALL) {
    const json = recorded.testResults(from, Math.min(finished, from + RESULTS_PER_CALL));
    if (typeof json !== 'string') return { t: 'load-error', message: 'the host reported no results' };
    for (const record of JSON.parse(json) as TestResultRecord[]) {
      send({ t: 'test', name: record.name, passed: record.passed, error: record.error, where: record.where, evidence: JSON.stringify(record.evidence) });
    }
  }
  if (thrownByAddon) return { t: 'load-error', message: describeLoadError(thrownByAddon.error) };
  if (stopped || finished < count) {
    const name = finished < count ? recorded.testName(finished) : undefined;
    return notFinished(typeof name === 'string' ? `test ${JSON.stringify(name)} was running` : 'after the last test, in a promise callback');
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
