/**
 * The GraalJS tier: runs add-on scripts and their tests in the real GraalJS engine (the one
 * Questetra BPM uses), fetched from Maven Central and run on a stock JDK >= 22 in interpreter mode
 * (graaljs-toolchain.ts finds the JDK and prepares the runner).
 *
 * A GraalSession is one JVM running test/graaljs/RunAddonTests.java that takes commands as they
 * come: the host script on its stdin, then one line per add-on file to run (with its time limit)
 * or to read with the JDK's XML parser. It prints `@@QADDON-…` lines: each add-on's begin, each
 * test's verdict and evidence, and its end (done, load error, or a file the parser refuses). The
 * runner reads each add-on XML file itself, with the JDK's XML parser, as the platform does: what
 * runs there is what that parser gives, not what qaddon's own reader made of the file. A JVM
 * starts GraalJS once (a few seconds of CPU), so a session serves as many runs as it is given;
 * `runInGraalJs` is a session for one run. See RunAddonTests.java for the sandbox.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { basename, resolve } from 'node:path';
import { testOutcome, type EngineOutcome } from './engine-outcome.js';
import { graalPackageRoot, javaBin, JVM_HEAP_GB, passedEnv, preparedRunner, runnerArgs, type GraalToolchain, type Runner } from './graaljs-toolchain.js';
import type { TestOutcome } from './runtime/protocol.js';

export { findGraalToolchain, type GraalToolchain } from './graaljs-toolchain.js';

export interface GraalAddonInput {
  /** An add-on XML file: any name (its base name without `.xml` names the add-on in results and messages). */
  file: string;
}

/** What the JDK's parser reads from an add-on file (a READ command), or why it refuses it. */
export type JdkReading =
  | { name: string; script: string | null; test: string | null; configs: { name: string; formType: string }[] }
  | { name: string; loadError: string };

/** The add-on name of a file: its base name without `.xml` (as RunAddonTests.java names its sources). */
export function addonNameOf(file: string): string {
  return basename(file).replace(/\.xml$/, '');
}

export interface GraalRunOptions {
  /** Milliseconds each add-on (its load and all its tests) may take (DEFAULT_GRAAL_TIME_LIMIT_MS). */
  timeLimitMs?: number;
}

/** Each add-on may take this long by default (GraalJS runs interpreted: slower than V8). */
export const DEFAULT_GRAAL_TIME_LIMIT_MS = 120_000;
/** The JVM's start (GraalJS engine included) or the next command's start, before this side gives up. */
const STARTUP_ALLOWANCE_MS = 120_000;
/** After an add-on's limit, the runner cancels it and halts the JVM this much later… */
const RUNNER_GRACE_MS = 2_000;
/** …and this side kills the JVM this much later still. */
const KILL_GRACE_MS = 4_000;
/** More output than this for one add-on is no report of ours (evidence of the corpus: a few MB). */
const MAX_OUTPUT_CHARS = 256 * 1024 * 1024;
/** The runner's exit status when its watchdog halted the JVM (RunAddonTests.HALTED). */
const HALTED = 86;

export interface GraalSessionOptions {
  /** Variables handed to the JVM besides the passed ones (PATH, HOME, locale, TMPDIR, …). */
  env?: Record<string, string>;
}

interface JobBase {
  /** The command's id in the runner's output lines (the session's own: any file name works). */
  id: string;
  file: string;
  name: string;
}
interface RunJob extends JobBase {
  kind: 'RUN';
  limitMs: number;
  done(outcome: EngineOutcome): void;
  failed(error: Error): void;
}
interface ReadJob extends JobBase {
  kind: 'READ';
  done(reading: JdkReading): void;
  failed(error: Error): void;
}
type Job = RunJob | ReadJob;

/** One JVM of a session and what it has said so far. */
interface Jvm {
  child: ChildProcessWithoutNullStreams;
  /** Jobs it answered. */
  answered: number;
  /** The RUN it has begun and not ended, with the time it began. */
  current?: { outcome: EngineOutcome; started: number };
  /** Characters printed since its last answer. */
  outputChars: number;
  /** Why this side killed it, if it did. */
  killedFor?: string;
  /** What it printed besides the protocol (its own failures): the last few lines. */
  otherLines: string[];
  stderr: Buffer[];
  stderrBytes: number;
  partial: string;
  timer?: NodeJS.Timeout;
}

/**
 * One JVM running add-ons in GraalJS, kept across runs: `run` and `read` queue their files and
 * resolve when the runner has answered for all of them; commands run one after another in the
 * order given. A JVM that has to be halted or killed (an add-on past its limit in Java code that
 * ignores cancellation, or out of memory) costs the add-on it was running only: a new JVM takes
 * the commands left, and `jvmStarts` counts them. Nothing is written to disk: the host script and
 * the commands go to the runner's stdin. `close()` ends the JVM once all is answered.
 */
export class GraalSession {
  /** How many JVMs this session has started. */
  jvmStarts = 0;
  /** Commands given to the current JVM (or to the next one) and not answered yet, in order. */
  private readonly pending: Job[] = [];
  private jvm: Jvm | undefined;
  private starting = false;
  private runner: Promise<Runner> | undefined;
  private nextId = 1;
  private closing = false;
  private readonly closeWaiters: Array<() => void> = [];

  constructor(
    private readonly toolchain: GraalToolchain,
    private readonly hostScript: string,
    private readonly options: GraalSessionOptions = {},
  ) {}

  /** Runs each file's tests (script, then test, after the host script) in a context of its own; outcomes in the order of `files`. */
  run(files: string[], options: GraalRunOptions = {}): Promise<EngineOutcome[]> {
    const limitMs = Math.max(1, Math.round(options.timeLimitMs ?? DEFAULT_GRAAL_TIME_LIMIT_MS));
    return Promise.all(
      files.map(
        (file) =>
          new Promise<EngineOutcome>((done, failed) => this.submit({ kind: 'RUN', id: this.newId(), file: resolve(file), name: addonNameOf(file), limitMs, done, failed })),
      ),
    );
  }

  /** What the JDK's parser reads from each file, as the platform reads an uploaded add-on; in the order of `files`. */
  read(files: string[]): Promise<JdkReading[]> {
    return Promise.all(
      files.map((file) => new Promise<JdkReading>((done, failed) => this.submit({ kind: 'READ', id: this.newId(), file: resolve(file), name: addonNameOf(file), done, failed }))),
    );
  }

  /** Whether this session runs on `toolchain` (and with `hostScript`, when given). */
  serves(toolchain: GraalToolchain, hostScript?: string): boolean {
    return this.toolchain.javaHome === toolchain.javaHome && (hostScript === undefined || hostScript === this.hostScript);
  }

  /** Ends the session: the JVM stops once every command given has been answered. */
  close(): Promise<void> {
    this.closing = true;
    if (this.jvm && !this.starting) this.jvm.child.stdin.end();
    return new Promise((done) => {
      this.closeWaiters.push(done);
      this.settleClose();
    });
  }

  private newId(): string {
    return `a${this.nextId++}`;
  }

  private submit(job: Job): void {
    if (this.closing) {
      job.failed(new Error('the GraalJS session is closed'));
      return;
    }
    this.pending.push(job);
    if (this.jvm) {
      this.jvm.child.stdin.write(command(job));
      if (this.pending.length === 1) this.watch(this.jvm);
    } else if (!this.starting) {
      void this.startJvm();
    }
  }

  private async startJvm(): Promise<void> {
    this.starting = true;
    let runner: Runner;
    try {
      runner = await (this.runner ??= preparedRunner(this.toolchain));
    } catch (error) {
      this.starting = false;
      this.failAll(error as Error);
      return;
    }
    const child = spawn(javaBin(this.toolchain), runnerArgs(this.toolchain, runner), {
      cwd: graalPackageRoot(),
      env: { ...passedEnv(), JAVA_HOME: this.toolchain.javaHome, ...this.options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.jvmStarts += 1;
    const jvm: Jvm = { child, answered: 0, outputChars: 0, otherLines: [], stderr: [], stderrBytes: 0, partial: '' };
    this.jvm = jvm;
    this.starting = false;
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => this.onOutput(jvm, chunk));
    child.stderr.on('data', (chunk: Buffer) => {
      // Enough for the JVM's own failures; add-ons cannot write to it.
      if (jvm.stderrBytes < 1024 * 1024) jvm.stderr.push(chunk);
      jvm.stderrBytes += chunk.length;
    });
    child.stdin.on('error', () => undefined);
    child.on('error', (error) => {
      clearTimeout(jvm.timer);
      if (this.jvm === jvm) this.jvm = undefined;
      this.failAll(error);
    });
    child.on('close', (code, signal) => this.onClose(jvm, code, signal));
    const script = Buffer.from(this.hostScript, 'utf8');
    child.stdin.write(`HOST ${script.length}\n`);
    child.stdin.write(script);
    for (const job of this.pending) child.stdin.write(command(job));
    if (this.closing) child.stdin.end();
    this.watch(jvm);
  }

  /** Kills the JVM when the command in hand takes longer than it may; no timer while idle. */
  private watch(jvm: Jvm): void {
    clearTimeout(jvm.timer);
    const head = this.pending[0];
    if (!head || jvm.killedFor) return;
    const limitMs = head.kind === 'RUN' ? head.limitMs : 0;
    const allowance = jvm.current ? limitMs + RUNNER_GRACE_MS + KILL_GRACE_MS : STARTUP_ALLOWANCE_MS;
    jvm.timer = setTimeout(() => {
      jvm.killedFor = jvm.current ? `did not finish within the time limit of ${limitMs / 1000} s (the Java process was stopped)` : 'the Java process stopped answering';
      jvm.child.kill('SIGKILL');
    }, allowance);
  }

  private onOutput(jvm: Jvm, chunk: string): void {
    if (jvm.killedFor) return;
    jvm.outputChars += chunk.length;
    if (jvm.outputChars > MAX_OUTPUT_CHARS) {
      jvm.killedFor = `printed more than ${MAX_OUTPUT_CHARS / 1024 / 1024} Mi characters (the Java process was stopped)`;
      jvm.child.kill('SIGKILL');
      return;
    }
    const lines = (jvm.partial + chunk).split('\n');
    jvm.partial = lines.pop() ?? '';
    for (const line of lines) this.onLine(jvm, line.replace(/\r$/, ''));
  }

  private onLine(jvm: Jvm, line: string): void {
    const match = /^@@QADDON-(READY|BEGIN|TEST|DONE|LOAD-ERROR|FILE-ERROR|READING)(?: ([A-Za-z0-9._-]+))?(?:\t(.*))?$/.exec(line);
    if (!match) {
      jvm.otherLines.push(line);
      if (jvm.otherLines.length > 20) jvm.otherLines.shift();
      return;
    }
    const [, kind, id, payload = ''] = match as unknown as [string, string, string | undefined, string?];
    const head = this.pending[0];
    if (kind === 'READY' || !head || head.id !== id) return;
    if (head.kind === 'READ') {
      if (kind === 'READING') this.answer(jvm, () => head.done({ name: head.name, ...readingOf(payload) }));
      else if (kind === 'FILE-ERROR') this.answer(jvm, () => head.done({ name: head.name, loadError: readJsonString(payload) }));
      return;
    }
    if (kind === 'BEGIN') {
      jvm.current = { outcome: { name: head.name, loadError: null, tests: [], durationMs: 0 }, started: performance.now() };
      this.watch(jvm);
    } else if (jvm.current && kind === 'TEST') {
      jvm.current.outcome.tests.push(readTestLine(payload));
    } else if (jvm.current && (kind === 'DONE' || kind === 'LOAD-ERROR' || kind === 'FILE-ERROR')) {
      const { outcome, started } = jvm.current;
      if (kind !== 'DONE') outcome.loadError = readJsonString(payload);
      if (kind === 'FILE-ERROR') outcome.unreadable = true;
      outcome.durationMs = Math.round(performance.now() - started);
      this.answer(jvm, () => head.done(outcome));
    }
  }

  /** The command in hand is answered: the next one is. */
  private answer(jvm: Jvm, deliver: () => void): void {
    this.pending.shift();
    jvm.answered += 1;
    jvm.current = undefined;
    jvm.outputChars = 0;
    deliver();
    if (this.jvm === jvm) this.watch(jvm);
    this.settleClose();
  }

  private onClose(jvm: Jvm, code: number | null, signal: NodeJS.Signals | null): void {
    clearTimeout(jvm.timer);
    if (this.jvm !== jvm) return;
    this.jvm = undefined;
    if (jvm.partial && !jvm.killedFor) this.onLine(jvm, jvm.partial);
    const head = this.pending[0];
    if (head) {
      const errorText = Buffer.concat(jvm.stderr).toString('utf8');
      // The JVM's own last words: stderr, or stdout (where HotSpot says it ran out of memory).
      const said = lastLines(errorText) || lastLines(jvm.otherLines.join('\n'));
      if (jvm.current && head.kind === 'RUN') {
        // The add-on in hand fails with the reason; the commands after it go to a new JVM.
        const ended = code === HALTED ? 'the JVM was halted' : `the Java process ended (${code === null ? `signal ${signal}` : `exit ${code}`})`;
        const { outcome, started } = jvm.current;
        outcome.loadError =
          jvm.killedFor ?? (/OutOfMemoryError/.test(said) ? `ran out of memory (the JVM's heap is ${JVM_HEAP_GB} GB): ${said}` : `${ended}: ${said || 'no message'}`);
        outcome.durationMs = Math.round(performance.now() - started);
        this.answer(jvm, () => head.done(outcome));
      } else if (jvm.answered > 0 && !jvm.killedFor) {
        // It ended between two commands, after answering some: a new JVM takes the rest.
      } else {
        // Before answering anything, or stuck between commands: a failure of the runner, not of an add-on.
        const how = jvm.killedFor ?? `exit ${code ?? `signal ${signal}`}`;
        this.failAll(new Error(`GraalJS runner failed (${how}) before reporting ${head.name}:\n${errorText || jvm.otherLines.join('\n')}`));
      }
    }
    if (this.pending.length > 0) void this.startJvm();
    this.settleClose();
  }

  private failAll(error: Error): void {
    for (const job of this.pending.splice(0)) job.failed(error);
    this.settleClose();
  }

  private settleClose(): void {
    if (!this.closing || this.pending.length > 0 || this.jvm || this.starting) return;
    for (const done of this.closeWaiters.splice(0)) done();
  }
}

/** The runner's command line for `job`: the path in base64, so that any file name passes. */
function command(job: Job): string {
  const path = Buffer.from(job.file, 'utf8').toString('base64');
  return job.kind === 'RUN' ? `RUN ${job.id} ${job.limitMs} ${path}\n` : `READ ${job.id} ${path}\n`;
}

let shared: GraalSession | undefined;

/**
 * Makes `session` the JVM of every later runInGraalJs and readInJdk call in this process (none:
 * each call starts a JVM of its own again). For a process that runs many GraalJS runs, such as a
 * whole test run, so that GraalJS starts once.
 */
export function shareGraalSession(session: GraalSession | undefined): void {
  shared = session;
}

/**
 * Runs each add-on (script, then test, after the host script) in its own GraalJS context, in a
 * JVM of its own (or the shared session's), and returns the outcomes in the order of `addons`.
 * Throws an Error carrying mvn's or java's output if the classpath cannot be resolved or the
 * runner fails before running an add-on.
 */
export async function runInGraalJs(toolchain: GraalToolchain, hostScript: string, addons: GraalAddonInput[], options: GraalRunOptions = {}): Promise<EngineOutcome[]> {
  if (addons.length === 0) return [];
  if (shared?.serves(toolchain, hostScript)) return shared.run(addons.map(({ file }) => file), options);
  const session = new GraalSession(toolchain, hostScript);
  const outcomes = session.run(
    addons.map(({ file }) => file),
    options,
  );
  const [result] = await Promise.all([outcomes, session.close()]);
  return result;
}

/**
 * Reads each add-on file with the JDK's XML parser, as the GraalJS tier (and the platform) reads
 * it, and returns what it gives, in the order of `addons`: for comparison with qaddon's reader.
 */
export async function readInJdk(toolchain: GraalToolchain, addons: GraalAddonInput[]): Promise<JdkReading[]> {
  if (addons.length === 0) return [];
  if (shared?.serves(toolchain)) return shared.read(addons.map(({ file }) => file));
  const session = new GraalSession(toolchain, '');
  const readings = session.read(addons.map(({ file }) => file));
  const [result] = await Promise.all([readings, session.close()]);
  return result;
}

/** The JSON of a READING line. */
function readingOf(payload: string): { script: string | null; test: string | null; configs: { name: string; formType: string }[] } {
  return JSON.parse(payload) as { script: string | null; test: string | null; configs: { name: string; formType: string }[] };
}

/** `<verdict JSON>\t<evidence JSON>` of a @@QADDON-TEST line. */
function readTestLine(payload: string): TestOutcome {
  const tab = payload.indexOf('\t');
  let verdict: unknown;
  try {
    verdict = JSON.parse(tab < 0 ? payload : payload.slice(0, tab));
  } catch {
    verdict = undefined;
  }
  const { name, passed, error, where } = (verdict ?? {}) as { name?: unknown; passed?: unknown; error?: unknown; where?: unknown };
  if (typeof name !== 'string' || typeof passed !== 'boolean' || (error !== null && typeof error !== 'string')) {
    return testOutcome('(unreadable)', false, 'the runner reported this test unreadably', '');
  }
  return testOutcome(name, passed, error, tab < 0 ? '' : payload.slice(tab + 1), where);
}

function readJsonString(payload: string): string {
  try {
    const value = JSON.parse(payload) as unknown;
    if (typeof value === 'string') return value;
  } catch {
    // fall through
  }
  return payload;
}

function lastLines(text: string): string {
  return text
    .trim()
    .split('\n')
    .filter((line) => !line.startsWith('WARNING:'))
    .slice(-5)
    .join('\n');
}
