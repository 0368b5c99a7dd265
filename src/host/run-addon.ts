/**
 * `qaddon run`: runs one add-on's `main()` — then `proceed()` while it returns false, after a
 * wait — in a sandbox process of its own (node-run-child.ts; a time limit per call, and its
 * memory bounded as `qaddon test`'s is: sandbox-memory.ts), and sends the requests it makes over
 * HTTP from this process (run-http.ts). What happens is told to an observer as it happens: each
 * log line, each request and its answer, each call's end with the data items.
 *
 * Everything the sandbox process prints is read as untrusted input: each line must be one of
 * the messages of node-run-protocol.ts, each request a well-formed WireRequest, and the data
 * items a list of records of strings.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { endsWithThisProcess, orphanProof } from './child-processes.js';
import type { RunInput, RunMessage } from './node-run-protocol.js';
import { bodyOf, checkWireRequest, sendWireRequest, targetOf, type HttpRoute, type WireBody } from './run-http.js';
import { runSandboxNodeFlags, sandboxEnv, sandboxScript } from './run-node.js';
import { hostRunScript } from './runtime-bundle.js';
import { DEFAULT_NODE_MEMORY_LIMIT_BYTES, memoryLimitText, watchMemory } from './sandbox-memory.js';
import type { RecordedData } from './runtime/protocol.js';
import type { CallResult, RunSetup, WireAnswer, WireRequest } from './runtime/run-protocol.js';

/** Beyond a call's limit, time for the process to report before it is killed. */
const KILL_GRACE_MS = 3_000;
/** The longest line the sandbox process may print (a request with a 64 MiB file is about 90 MB). */
export const MAX_LINE_BYTES = 200 * 1024 * 1024;
/** Each call (and the loading of the script) may take this long by default, requests included. */
export const DEFAULT_CALL_LIMIT_MS = 120_000;

export interface AddonRun {
  /** The add-on's name, for file names in stack traces. */
  name: string;
  /** The `<script>`, as sources.ts prepares it. */
  script: string;
  setup: RunSetup;
  /** Milliseconds the loading of the script, and each call, may take. */
  callLimitMs: number;
  /** Milliseconds between a call that returned false and the next proceed(). */
  intervalMs: number;
  route: HttpRoute;
  /** The most calls (main() counts); null: until the step ends. */
  maxCalls: number | null;
  /** Bytes of memory (resident) the sandbox process may hold, on Linux (DEFAULT_NODE_MEMORY_LIMIT_BYTES). */
  memoryLimitBytes?: number;
}

export interface RunObserver {
  log(text: string): void;
  /** Before a request is sent: as the step built it (`url` is the step's), where it goes, and its body as it is sent. */
  request(request: WireRequest, sentTo: string, body: WireBody): void;
  /** A request the step built that is not sent (malformed): why. */
  refused(problem: string): void;
  answer(answer: WireAnswer, milliseconds: number): void;
  callStarted(entry: 'main' | 'proceed', number: number): void;
  callEnded(entry: 'main' | 'proceed', result: CallResult, data: RecordedData[], milliseconds: number): void;
  /** Between calls: the next call (its number) comes after `milliseconds`. */
  waiting(milliseconds: number, next: number): void;
}

export type RunOutcome =
  /** The step ended: the last call returned something other than false. */
  | { kind: 'ended'; calls: number; returned: string; data: RecordedData[] }
  /** The step failed: a call threw. */
  | { kind: 'failed'; calls: number; message: string; where: string | null; data: RecordedData[] }
  /** The run could not go on: the setup or the script was refused, time ran out, the process failed, or it was stopped. */
  | { kind: 'stopped'; calls: number; message: string; data: RecordedData[] | null };

/** The data items as the sandbox reported them, or null when they are not a list of such records. */
export function readDataItems(json: string | null): RecordedData[] | null {
  if (json === null) return null;
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return null;
  }
  if (!Array.isArray(value)) return null;
  const text = (field: unknown): boolean => typeof field === 'string';
  const ok = value.every((item: Record<string, unknown> | null) => typeof item === 'object' && item !== null && text(item['name']) && (item['varName'] === null || text(item['varName'])) && (item['value'] === null || text(item['value'])));
  return ok ? (value as RecordedData[]) : null;
}

function readCallResult(json: string): CallResult | null {
  try {
    const value = JSON.parse(json) as Record<string, unknown>;
    if (typeof value['returned'] === 'string') return { returned: value['returned'] };
    if (typeof value['error'] === 'string' && (value['where'] === null || typeof value['where'] === 'string')) return { error: value['error'], where: value['where'] as string | null };
  } catch {
    // not JSON
  }
  return null;
}

function parseMessage(line: string): RunMessage | null {
  let value: Record<string, unknown>;
  try {
    value = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  switch (value['t']) {
    case 'ready':
      return { t: 'ready' };
    case 'event':
      return typeof value['text'] === 'string' && typeof value['answer'] === 'boolean' ? { t: 'event', text: value['text'], answer: value['answer'] } : null;
    case 'called':
      return typeof value['result'] === 'string' && typeof value['data'] === 'string' ? { t: 'called', result: value['result'], data: value['data'] } : null;
    case 'failed': {
      const phase = value['phase'];
      const fits = (phase === 'setup' || phase === 'load' || phase === 'call') && typeof value['message'] === 'string' && (value['data'] === null || typeof value['data'] === 'string');
      return fits ? { t: 'failed', phase, message: value['message'] as string, data: value['data'] as string | null } : null;
    }
    default:
      return null;
  }
}

/** The sandbox process's stdout as lines, read as they come. */
class LineReader {
  private readonly lines: string[] = [];
  private chunks: Buffer[] = [];
  private size = 0;
  private waiting: (() => void) | null = null;
  closed = false;
  tooLong = false;

  constructor(child: ChildProcessWithoutNullStreams, onTooLong: () => void) {
    child.stdout.on('data', (chunk: Buffer) => {
      let start = 0;
      for (let end = chunk.indexOf(10); end >= 0; end = chunk.indexOf(10, start)) {
        this.chunks.push(chunk.subarray(start, end));
        this.lines.push(Buffer.concat(this.chunks).toString('utf8'));
        this.chunks = [];
        this.size = 0;
        start = end + 1;
      }
      if (start < chunk.length) {
        this.chunks.push(chunk.subarray(start));
        this.size += chunk.length - start;
        if (this.size > MAX_LINE_BYTES) {
          this.tooLong = true;
          onTooLong();
        }
      }
      this.wake();
    });
    child.stdout.on('close', () => {
      this.closed = true;
      this.wake();
    });
  }

  private wake(): void {
    const waiting = this.waiting;
    this.waiting = null;
    waiting?.();
  }

  /** The next line, or null once the process has closed its stdout. */
  async next(): Promise<string | null> {
    for (;;) {
      const line = this.lines.shift();
      if (line !== undefined) return line;
      if (this.closed) return null;
      await new Promise<void>((resolve) => {
        this.waiting = resolve;
      });
    }
  }
}

export async function runAddon(run: AddonRun, observer: RunObserver, signal?: AbortSignal): Promise<RunOutcome> {
  const input: RunInput = {
    name: run.name,
    hostScript: await hostRunScript(),
    script: run.script,
    setup: JSON.stringify(run.setup),
    workerScript: await sandboxScript('node-run-worker.ts'),
    callLimitMs: run.callLimitMs,
  };
  const args = [...runSandboxNodeFlags(), '-e', await sandboxScript('node-run-child.ts')];
  const child = spawn(...orphanProof(process.execPath, args), { env: sandboxEnv(), stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
  endsWithThisProcess(child);
  const stderr: Buffer[] = [];
  child.stderr.on('data', (chunk: Buffer) => {
    if (stderr.length < 64) stderr.push(chunk);
  });
  child.stdin.on('error', () => undefined);
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  let stopReason: string | null = null;
  const stop = (reason: string): void => {
    stopReason ??= reason;
    child.kill('SIGKILL');
  };
  const memoryLimitBytes = run.memoryLimitBytes ?? DEFAULT_NODE_MEMORY_LIMIT_BYTES;
  watchMemory(child, memoryLimitBytes, () => stop(memoryLimitText(memoryLimitBytes)));
  const reader = new LineReader(child, () => stop(`the sandbox process printed a line longer than ${MAX_LINE_BYTES / 1024 / 1024} MiB`));
  const onAbort = (): void => stop('stopped by the user');
  signal?.addEventListener('abort', onAbort);
  const write = (value: object): void => {
    if (!child.stdin.destroyed) child.stdin.write(`${JSON.stringify(value)}\n`);
  };

  let calls = 0;
  let lastData: RecordedData[] | null = null;
  let killTimer: NodeJS.Timeout | undefined;
  const arm = (): void => {
    clearTimeout(killTimer);
    killTimer = setTimeout(() => stop(`did not finish within the time limit of ${run.callLimitMs / 1000} s (the sandbox process was stopped)`), run.callLimitMs + KILL_GRACE_MS);
  };
  const disarm = (): void => clearTimeout(killTimer);
  const stopped = (message: string): RunOutcome => ({ kind: 'stopped', calls, message, data: lastData });

  /** Serves events until the next message that is not one; null when the process is gone. */
  const nextMessage = async (): Promise<RunMessage | string> => {
    for (;;) {
      const line = await reader.next();
      if (line === null) return stopReason ?? `the sandbox process ended without a report${stderrText(stderr)}`;
      const message = parseMessage(line);
      if (message === null) return 'the sandbox process printed something that is not part of a run';
      if (message.t !== 'event') return message;
      const answer = await serveEvent(message.text, observer, run.route);
      if (message.answer) write({ t: 'answer', text: JSON.stringify(answer ?? { error: 'the request was not sent' }) });
    }
  };

  try {
    write(input);
    arm();
    const first = await nextMessage();
    if (typeof first === 'string') return stopped(first);
    if (first.t === 'failed') return stopped(first.message);
    if (first.t !== 'ready') return stopped('the sandbox process did not get ready');
    for (;;) {
      const entry = calls === 0 ? 'main' : 'proceed';
      calls += 1;
      observer.callStarted(entry, calls);
      const started = performance.now();
      arm();
      write({ t: 'call', entry });
      const message = await nextMessage();
      disarm();
      if (typeof message === 'string') return stopped(message);
      if (message.t === 'failed') {
        lastData = readDataItems(message.data) ?? lastData;
        return stopped(message.message);
      }
      if (message.t !== 'called') return stopped('the sandbox process answered a call with something else');
      const result = readCallResult(message.result);
      const data = readDataItems(message.data);
      if (result === null || data === null) return stopped('the sandbox process reported a call it could not describe');
      lastData = data;
      observer.callEnded(entry, result, data, performance.now() - started);
      if ('error' in result) return { kind: 'failed', calls, message: result.error, where: result.where, data };
      if (result.returned !== 'false') return { kind: 'ended', calls, returned: result.returned, data };
      if (run.maxCalls !== null && calls >= run.maxCalls) return stopped(`the step had not ended after ${calls} call${calls === 1 ? '' : 's'} (--max-calls ${run.maxCalls})`);
      observer.waiting(run.intervalMs, calls + 1);
      try {
        await sleep(run.intervalMs, undefined, signal ? { signal } : {});
      } catch {
        return stopped('stopped by the user');
      }
      if (stopReason !== null) return stopped(stopReason);
    }
  } finally {
    disarm();
    signal?.removeEventListener('abort', onAbort);
    write({ t: 'end' });
    child.stdin.end();
    const killLater = setTimeout(() => child.kill('SIGKILL'), 2_000);
    await exited;
    clearTimeout(killLater);
  }
}

/** One event of the host: a log line, or a request to send (its answer is returned). */
async function serveEvent(text: string, observer: RunObserver, route: HttpRoute): Promise<WireAnswer | null> {
  let event: Record<string, unknown>;
  try {
    event = JSON.parse(text) as Record<string, unknown>;
  } catch {
    observer.refused('the run host sent a message that is not JSON');
    return null;
  }
  if (event['kind'] === 'log') {
    observer.log(typeof event['text'] === 'string' ? event['text'] : String(event['text']));
    return null;
  }
  if (event['kind'] !== 'http') {
    observer.refused('the run host sent a message of no known kind');
    return null;
  }
  const request = checkWireRequest(event['request']);
  if (typeof request === 'string') {
    observer.refused(`the request is not sent: ${request}`);
    return { error: `qaddon run did not send the request: ${request}` };
  }
  let sentTo = request.url;
  try {
    sentTo = targetOf(new URL(request.url), route.server).href;
  } catch {
    // not a URL: sendWireRequest says so
  }
  // Encoded once: the multipart boundary printed is the one sent.
  const body = bodyOf(request);
  observer.request(request, sentTo, body);
  const started = performance.now();
  const answer = await sendWireRequest(request, route, body);
  observer.answer(answer, performance.now() - started);
  return answer;
}

function stderrText(chunks: Buffer[]): string {
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (text === '') return '';
  if (/heap out of memory|Allocation failed/.test(text)) return ': out of memory';
  return `: ${text.split('\n').slice(-3).join(' | ')}`;
}
