/**
 * The Node tier: runs one add-on's `<test>` block in a sandbox process of its own
 * (node-sandbox-child.ts), which evaluates the host runtime, the `<script>` and the `<test>`
 * block in a fresh vm context. The process gets:
 *   - Node's permission model with nothing allowed: no file read or write, no child process,
 *     no worker, no native add-on, no WASI, no inspector;
 *   - an environment of SANDBOX_ENV only (time zone and locale; no API key or other variable);
 *   - a capped heap, and (on Linux) a bound on all its memory, ArrayBuffers included
 *     (sandbox-memory.ts, shared with `qaddon run`'s sandbox process);
 *   - its input on stdin, and a wall-clock limit after which this side kills it;
 *   - no life beyond qaddon's: it is killed when qaddon exits or is ended by a signal, and on
 *     Linux the kernel kills it when qaddon dies even by SIGKILL (child-processes.ts).
 * Even code that escaped the vm context would reach none of the user's files or variables,
 * and would be stopped at the limit. What the process prints is read as untrusted input.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { build } from 'esbuild';
import { testOutcome, type EngineOutcome } from './engine-outcome.js';
import type { SandboxInput, SandboxMessage } from './node-sandbox-protocol.js';
import type { TestOutcome } from './runtime/protocol.js';
import type { AddonSources } from './sources.js';
import { packageRoot } from '../paths.js';
import { cachedScript, TOOLCHAIN_SOURCES } from './script-cache.js';
import { endsWithThisProcess, orphanProof } from './child-processes.js';
import { DEFAULT_NODE_MEMORY_LIMIT_BYTES, SANDBOX_HEAP_MB, memoryLimitText, watchMemory } from './sandbox-memory.js';

export type { EngineOutcome } from './engine-outcome.js';

/** Each add-on (load and all its tests) may take this long by default. */
export const DEFAULT_NODE_TIME_LIMIT_MS = 30_000;
/** Beyond the limit, time for the process to start and report before it is killed. */
const KILL_GRACE_MS = 3_000;
/** More output than this is no report of ours: the process is killed. */
const MAX_REPORT_BYTES = 64 * 1024 * 1024;
const MAX_STDERR_BYTES = 16 * 1024;
/** The only variables the sandbox process sees, when set: dates and locale read as in the caller. */
const SANDBOX_ENV = ['TZ', 'LANG', 'LC_ALL'];

export interface NodeRunOptions {
  /** Milliseconds the add-on's load and tests may take together (DEFAULT_NODE_TIME_LIMIT_MS). */
  timeLimitMs?: number;
  /** Bytes of memory (resident) the sandbox process may hold, on Linux (DEFAULT_NODE_MEMORY_LIMIT_BYTES). */
  memoryLimitBytes?: number;
}

const nodeScripts = new Map<string, Promise<string>>();

/**
 * `src/host/<file>` as one ES module, handed to `node -e` or to a worker (the sandbox process
 * may read no file); made once per content of the toolchain's sources (script-cache.ts).
 */
export function sandboxScript(file: string): Promise<string> {
  let script = nodeScripts.get(file);
  if (script === undefined) {
    script = cachedScript(`sandbox-${file.replace(/\.ts$/, '')}`, TOOLCHAIN_SOURCES, () =>
      build({
        entryPoints: [join(packageRoot(), 'src', 'host', file)],
        bundle: true,
        write: false,
        platform: 'node',
        format: 'esm',
        target: 'node20',
        logLevel: 'silent',
      }).then((result) => {
        const output = result.outputFiles[0];
        if (!output) throw new Error(`esbuild produced no script for ${file}`);
        return output.text;
      }),
    );
    nodeScripts.set(file, script);
  }
  return script;
}

/** node-sandbox-child.ts as one ES module. */
export function sandboxChildScript(): Promise<string> {
  return sandboxScript('node-sandbox-child.ts');
}

/**
 * The flags of the sandbox process. `--experimental-permission` became `--permission` in
 * Node 22.13 (the old name stays accepted there); with no --allow-* flag nothing is allowed.
 * --experimental-vm-modules lets the child answer a dynamic `import()` itself (see the child).
 */
export function sandboxNodeFlags(): string[] {
  const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
  const permission = major > 22 || (major === 22 && minor >= 13) ? '--permission' : '--experimental-permission';
  return [permission, '--experimental-vm-modules', '--no-warnings', `--max-old-space-size=${SANDBOX_HEAP_MB}`, '--input-type=module'];
}

/**
 * The flags of `qaddon run`'s sandbox process: the same, and one permission more, a worker
 * thread (the channel worker, node-run-worker.ts). Nothing else: the process reads and writes
 * no file and starts no process; the requests are sent by qaddon's own process.
 */
export function runSandboxNodeFlags(): string[] {
  const flags = sandboxNodeFlags();
  flags.splice(1, 0, '--allow-worker');
  return flags;
}

/** Runs `sources` in a sandbox process and returns what its runner recorded. */
export async function runInNode(hostScript: string, sources: AddonSources, options: NodeRunOptions = {}): Promise<EngineOutcome> {
  const timeLimitMs = options.timeLimitMs ?? DEFAULT_NODE_TIME_LIMIT_MS;
  const input: SandboxInput = {
    name: sources.name,
    hostScript,
    script: sources.script,
    test: sources.test,
    timeLimitMs,
  };
  const args = [...sandboxNodeFlags(), '-e', await sandboxChildScript()];
  const started = performance.now();
  const memoryLimitBytes = options.memoryLimitBytes ?? DEFAULT_NODE_MEMORY_LIMIT_BYTES;
  const run = await runChild(args, JSON.stringify(input), timeLimitMs + KILL_GRACE_MS, memoryLimitBytes);
  return { ...readReport(sources.name, run, timeLimitMs, memoryLimitBytes), durationMs: Math.round(performance.now() - started) };
}

interface ChildRun {
  stdout: string;
  stderr: string;
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Why this side stopped the process, if it did. */
  stopped: 'time' | 'output' | 'memory' | null;
}

function runChild(args: string[], stdin: string, killAfterMs: number, memoryLimitBytes: number): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(...orphanProof(process.execPath, args), { env: sandboxEnv(), stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
    endsWithThisProcess(child);
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let stdoutBytes = 0;
    let stderrBytes = 0;
    let stopped: ChildRun['stopped'] = null;
    const stop = (why: 'time' | 'output' | 'memory'): void => {
      stopped ??= why;
      child.kill('SIGKILL');
    };
    const timer = setTimeout(() => stop('time'), killAfterMs);
    watchMemory(child, memoryLimitBytes, () => stop('memory'));
    child.stdout.on('data', (chunk: Buffer) => {
      stdoutBytes += chunk.length;
      if (stdoutBytes > MAX_REPORT_BYTES) stop('output');
      else stdout.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderrBytes < MAX_STDERR_BYTES) stderr.push(chunk);
      stderrBytes += chunk.length;
    });
    // A child that exits before reading all its input closes the pipe: not our error.
    child.stdin.on('error', () => undefined);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8').slice(0, MAX_STDERR_BYTES),
        code,
        signal,
        stopped,
      });
    });
    child.stdin.end(stdin);
  });
}

/** The add-on's outcome from the lines the process printed; anything unexpected fails it. */
function readReport(name: string, run: ChildRun, timeLimitMs: number, memoryLimitBytes: number): Omit<EngineOutcome, 'durationMs'> {
  const tests: TestOutcome[] = [];
  let closing: SandboxMessage | undefined;
  let problem: string | undefined;
  for (const line of run.stdout.split('\n')) {
    if (line === '') continue;
    const message = parseMessage(line);
    if (!message || closing) {
      problem = 'the sandbox process printed something that is not part of a report';
      break;
    }
    if (message.t === 'test') tests.push(testOutcome(message.name, message.passed, message.error, message.evidence, message.where));
    else closing = message;
  }
  const failed = (loadError: string): Omit<EngineOutcome, 'durationMs'> => ({ name, loadError, tests });
  if (run.stopped === 'time') return failed(`did not finish within the time limit of ${timeLimitMs / 1000} s (the sandbox process was stopped)`);
  if (run.stopped === 'memory') return failed(memoryLimitText(memoryLimitBytes));
  if (run.stopped === 'output') return failed(`printed more than ${MAX_REPORT_BYTES / 1024 / 1024} MiB (the sandbox process was stopped)`);
  if (problem) return failed(problem);
  if (!closing || run.code !== 0) return failed(`the sandbox process ended without a report (${exitText(run)})`);
  if (closing.t === 'load-error') return failed(closing.message);
  return { name, loadError: null, tests };
}

/** The sandbox process's environment: SANDBOX_ENV's variables of this process, when set. */
export function sandboxEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const key of SANDBOX_ENV) if (process.env[key] !== undefined) env[key] = process.env[key];
  return env;
}

function exitText(run: ChildRun): string {
  const how = run.signal ? `signal ${run.signal}` : `exit code ${run.code}`;
  const stderr = run.stderr.trim();
  if (/heap out of memory|Allocation failed/.test(stderr)) return `${how}: out of memory (the sandbox heap is ${SANDBOX_HEAP_MB} MB)`;
  return stderr ? `${how}: ${stderr.split('\n').slice(-3).join(' | ')}` : how;
}

function parseMessage(line: string): SandboxMessage | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const message = value as Record<string, unknown>;
  switch (message['t']) {
    case 'test':
      return typeof message['name'] === 'string' &&
        typeof message['passed'] === 'boolean' &&
        (message['error'] === null || typeof message['error'] === 'string') &&
        typeof message['evidence'] === 'string'
        ? (message as SandboxMessage)
        : undefined;
    case 'done':
      return { t: 'done' };
    case 'load-error':
      return typeof message['message'] === 'string' ? { t: 'load-error', message: message['message'] } : undefined;
    default:
      return undefined;
  }
}
