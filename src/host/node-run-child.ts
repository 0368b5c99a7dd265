/**
 * `qaddon run`: the sandbox process that runs one add-on's `main()` and `proceed()` for
 * run-addon.ts. Started like the test sandbox (node-sandbox-child.ts: Node's permission model,
 * no environment but time zone and locale, a capped heap, all its memory watched by the runner:
 * sandbox-memory.ts) with one permission more, a worker thread: the channel worker
 * (node-run-worker.ts) that carries the host's requests and log lines to the runner while the
 * script waits for the answer. The process itself sends nothing over the
 * network; the runner does, and decides where to.
 *
 * The add-on runs in the same kind of vm context (node-vm-sandbox.ts) with the run host
 * (runtime/run-index.ts): no `<test>` API, configs and data items from the runner's RunSetup.
 * The script's realm is given nothing of this realm: the channel's shared memory is made inside
 * the context and taken out once, before any add-on code runs. Each call runs under the vm's
 * timeout; between calls the process waits on stdin for the runner's next command. Only text
 * crosses out: this runner reads no property of a value that comes out of the context.
 */
import { performance } from 'node:perf_hooks';
import { types } from 'node:util';
import { Worker } from 'node:worker_threads';
import { TIME_IS_UP, compile, createSandboxContext, describeInContext, runScript, timeIsUp } from './node-vm-sandbox.js';
import type { RunCommand, RunInput, RunMessage } from './node-run-protocol.js';
import type { RunControl } from './runtime/run-protocol.js';
import { StdinLines, sendLine, shareStdoutLock } from './sync-io.js';

function send(message: RunMessage): void {
  sendLine(message);
}

/**
 * Commands from the runner. It writes a line only when this side waits for one (the worker reads
 * the answers to requests the same way), so no read takes more than its own line.
 */
const stdin = new StdinLines();

const firstLine = stdin.next();
if (firstLine === null) process.exit(0);
const input = JSON.parse(firstLine) as RunInput;
const context = createSandboxContext(input.name);
let deadline = performance.now() + input.callLimitMs;

function inContext(code: string, filename: string, withImportHook: boolean): unknown {
  return runScript(context, compile(code, filename, withImportHook), deadline);
}

/** Calls the run host under the limit: `call` is an expression on `__qaddonHost` with literals only. */
function host(call: string): unknown {
  return inContext(`__qaddonHost.${call}`, 'qaddon-runner.js', false);
}

let hold: RunControl['hold'] | undefined;

/** A value thrown out of the context, described inside it under the limit (as the test sandbox does). */
function describeThrown(thrown: unknown): string {
  return describeInContext(thrown, hold, host, deadline);
}

/** The data items as the host reports them (JSON text), or null when it cannot say. */
function dataItems(): string | null {
  try {
    const json = host('dataItems()');
    return typeof json === 'string' ? json : null;
  } catch {
    return null;
  }
}

/** Sets the run up, starts the channel worker, loads the add-on: a closing message, or null when ready. */
async function prepare(): Promise<RunMessage | null> {
  // V8 gives every context a `console` of its own; the server has none, so neither does the host.
  inContext('delete globalThis.console;', 'qaddon-sandbox.js', false);
  inContext(input.hostScript, 'qaddon-run-host.js', true);
  // Taken now, before any add-on code (the object is frozen and the global read-only anyway).
  const control = inContext('__qaddonHost', 'qaddon-sandbox.js', false) as RunControl;
  hold = control.hold;
  // Handed in as a primitive string (no realm of its own) rather than as a huge literal to compile.
  hold(input.setup);
  let problem: unknown;
  try {
    problem = host('setUp(__qaddonHost.held())');
  } finally {
    hold(undefined);
  }
  if (problem !== '') return { t: 'failed', phase: 'setup', message: typeof problem === 'string' ? problem : 'the run host refused the setup', data: null };
  const buffer = host('transportBuffer()');
  // An internal-slot check: no property of the value is read.
  if (!types.isSharedArrayBuffer(buffer)) return { t: 'failed', phase: 'setup', message: 'the run host gave no channel', data: null };

  // Both threads print lines; a lock keeps them whole (a stop can come while the worker prints).
  const stdoutLock = new SharedArrayBuffer(4);
  shareStdoutLock(stdoutLock);
  const worker = new Worker(input.workerScript, { eval: true, workerData: { channel: buffer, stdoutLock } });
  await new Promise<void>((resolve, reject) => {
    worker.once('message', () => resolve());
    worker.once('error', reject);
  });
  worker.unref();

  const filename = `${input.name}.xml <script>`;
  let script;
  try {
    script = compile(input.script, filename, true);
  } catch (error) {
    return { t: 'failed', phase: 'load', message: `SyntaxError: ${(error as Error).message} (${filename})`, data: null };
  }
  try {
    deadline = performance.now() + input.callLimitMs;
    runScript(context, script, deadline);
  } catch (error) {
    if (timeIsUp(error, deadline)) return stopped('while loading the script');
    return { t: 'failed', phase: 'load', message: describeThrown(error), data: dataItems() };
  }
  return null;
}

function stopped(what: string): RunMessage {
  return { t: 'failed', phase: 'call', message: `did not finish within the time limit of ${input.callLimitMs / 1000} s (${what})`, data: null };
}

/** Runs the runner's commands until `end` (or stdin closes); returns the closing message, if any. */
function serve(): RunMessage | null {
  for (;;) {
    const line = stdin.next();
    if (line === null) return null;
    const command = JSON.parse(line) as RunCommand;
    if (command.t === 'end') return null;
    if (command.t !== 'call' || (command.entry !== 'main' && command.entry !== 'proceed')) {
      return { t: 'failed', phase: 'call', message: 'the runner sent a command this process does not know', data: null };
    }
    deadline = performance.now() + input.callLimitMs;
    let result: unknown;
    try {
      result = host(`call(${JSON.stringify(command.entry)})`);
    } catch (error) {
      if (timeIsUp(error, deadline)) return stopped(`${command.entry}() was running`);
      return { t: 'failed', phase: 'call', message: 'the run host failed (a fault of qaddon, not of the add-on)', data: null };
    }
    if (typeof result !== 'string') return { t: 'failed', phase: 'call', message: 'the run host reported no result', data: null };
    // The data items are read with the time the call left.
    send({ t: 'called', result, data: dataItems() ?? '[]' });
  }
}

let closing: RunMessage | null;
try {
  closing = await prepare();
  if (closing === null) {
    send({ t: 'ready' });
    closing = serve();
  }
} catch (error) {
  closing = error === TIME_IS_UP ? stopped('while starting') : { t: 'failed', phase: 'setup', message: 'the local host failed (a fault of qaddon, not of the add-on)', data: null };
}
if (closing !== null) send(closing);
process.exit(0);
