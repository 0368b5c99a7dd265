/**
 * The GraalJS tier: runs add-on scripts and their tests in the real GraalJS engine (the one
 * Questetra BPM uses), fetched from Maven Central and run on a stock JDK >= 22 in interpreter mode.
 *
 * test/graaljs/pom.xml only resolves the classpath (cached per pom.xml hash, so warm runs do not
 * start Maven); test/graaljs/RunAddonTests.java (compiled once per source) gets the host script
 * on stdin and the add-on files as arguments, and prints `@@QADDON-…` lines: each add-on's
 * begin, each test's verdict and evidence, and its end (done or load error). It reads each
 * add-on XML file itself, with the JDK's XML parser, as the platform does: what runs there is
 * what that parser gives, not what qaddon's own reader made of the file. See RunAddonTests.java
 * for the sandbox.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { accessSync, constants, existsSync, readdirSync, realpathSync } from 'node:fs';
import { mkdir, readFile, rename, rm } from 'node:fs/promises';
import { basename, delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { testOutcome, type EngineOutcome } from './engine-outcome.js';
import type { TestOutcome } from './runtime/protocol.js';

export interface GraalToolchain {
  javaHome: string;
  javaVersion: number;
  mvn: string;
}

export interface GraalAddonInput {
  /**
   * An add-on XML file. Its name without `.xml` names the add-on in results (letters, digits,
   * `.`, `_`, `-`; unique in one call).
   */
  file: string;
}

/** What the JDK's parser reads from an add-on file (RunAddonTests.java --read), or why it refuses it. */
export type JdkReading =
  | { name: string; script: string | null; test: string | null; configs: { name: string; formType: string }[] }
  | { name: string; loadError: string };

/** The add-on name of a file: its base name without `.xml` (as RunAddonTests.java names it). */
export function addonNameOf(file: string): string {
  return basename(file).replace(/\.xml$/, '');
}

/** 22: without javac, the source launcher compiles the runner's other sources (test/graaljs/com/questetra/…) on demand. */
const MIN_JAVA = 22;
const JVM_DIRS = ['/usr/lib/jvm', '/Library/Java/JavaVirtualMachines'];
/** The only environment variables handed to mvn / java: no API keys or other secrets. */
const PASSED_ENV = ['PATH', 'HOME', 'USER', 'LANG', 'LC_ALL', 'LC_CTYPE', 'TMPDIR', 'TMP', 'TEMP', 'MAVEN_OPTS', 'MAVEN_ARGS', 'M2_HOME', 'SystemRoot'];

/**
 * Finds a JDK >= 22 (JAVA_HOME if it is >= 22, else the newest JDK >= 22 under /usr/lib/jvm
 * or, on macOS, /Library/Java/JavaVirtualMachines) and `mvn` on PATH.
 */
export function findGraalToolchain(): GraalToolchain | { missing: string } {
  const jdk = findJdk();
  if ('missing' in jdk) return jdk;
  const mvn = findOnPath('mvn');
  if (!mvn) return { missing: 'Maven (`mvn`) is not on PATH' };
  return { ...jdk, mvn };
}

function findJdk(): { javaHome: string; javaVersion: number } | { missing: string } {
  const fromEnv = process.env.JAVA_HOME;
  if (fromEnv) {
    const javaVersion = javaVersionOf(fromEnv);
    if (javaVersion !== undefined && javaVersion >= MIN_JAVA) return { javaHome: fromEnv, javaVersion };
  }
  const seen = new Set<string>();
  let best: { javaHome: string; javaVersion: number } | undefined;
  for (const base of JVM_DIRS) {
    for (const entry of listDir(base).sort()) {
      const home = base === '/Library/Java/JavaVirtualMachines' ? join(base, entry, 'Contents', 'Home') : join(base, entry);
      const real = realPath(home);
      if (!real || seen.has(real)) continue; // e.g. /usr/lib/jvm/java-1.17.0-openjdk-amd64 -> java-17-openjdk-amd64
      seen.add(real);
      const javaVersion = javaVersionOf(home);
      if (javaVersion !== undefined && javaVersion >= MIN_JAVA && (!best || javaVersion > best.javaVersion)) {
        best = { javaHome: home, javaVersion };
      }
    }
  }
  return (
    best ?? {
      missing: `no JDK >= ${MIN_JAVA} found (JAVA_HOME=${fromEnv ?? '(unset)'}; looked in ${JVM_DIRS.join(', ')})`,
    }
  );
}

/** The feature version from `<home>/bin/java -version` ("25.0.3" -> 25, "1.8.0_292" -> 8). */
function javaVersionOf(home: string): number | undefined {
  const java = join(home, 'bin', process.platform === 'win32' ? 'java.exe' : 'java');
  if (!isExecutable(java)) return undefined;
  const run = spawnSync(java, ['-version'], { encoding: 'utf8', timeout: 30_000, env: passedEnv() });
  const match = /version "(\d+)(?:\.(\d+))?/.exec(`${run.stderr ?? ''}${run.stdout ?? ''}`);
  if (!match) return undefined;
  const major = Number(match[1]);
  return major === 1 ? Number(match[2]) : major;
}

function findOnPath(command: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir && isExecutable(join(dir, command))) return join(dir, command);
  }
  return undefined;
}

export interface GraalRunOptions {
  /** Milliseconds each add-on (its load and all its tests) may take (DEFAULT_GRAAL_TIME_LIMIT_MS). */
  timeLimitMs?: number;
}

/** Each add-on may take this long by default (GraalJS runs interpreted: slower than V8). */
export const DEFAULT_GRAAL_TIME_LIMIT_MS = 120_000;
/** The JVM's start (GraalJS engine included) before the first add-on begins. */
const STARTUP_ALLOWANCE_MS = 120_000;
/** After an add-on's limit, the runner's own grace (2 s) and this: then the JVM is killed from here. */
const KILL_GRACE_MS = 4_000;
/** The JVM's heap: an add-on that fills it ends that JVM (and fails), not the machine. */
const JVM_HEAP_GB = 1;
/** More output than this from one JVM is no report of ours (evidence of the corpus: a few MB). */
const MAX_OUTPUT_CHARS = 256 * 1024 * 1024;
/** The runner's exit status when its watchdog halted the JVM (RunAddonTests.HALTED). */
const HALTED = 86;

/**
 * Runs each add-on (script, then test, after the host script) in its own GraalJS context and
 * returns the outcomes in the order of `addons`. A JVM that had to be halted or killed (an add-on
 * past its limit in Java code that ignores cancellation, or out of memory) costs that add-on
 * only: a new JVM runs the ones left. Nothing is written to disk: the input goes to the runner's
 * stdin. Throws an Error carrying mvn's or java's output if the classpath cannot be resolved or
 * the runner fails before running any add-on.
 */
export async function runInGraalJs(
  toolchain: GraalToolchain,
  hostScript: string,
  addons: GraalAddonInput[],
  options: GraalRunOptions = {},
): Promise<EngineOutcome[]> {
  const names = checkedNames(addons);
  if (addons.length === 0) return [];

  const timeLimitMs = options.timeLimitMs ?? DEFAULT_GRAAL_TIME_LIMIT_MS;
  const classpath = await resolveClasspath(toolchain, graalDir());
  const runner = await compiledRunner(toolchain, classpath);
  const outcomes = new Map<string, EngineOutcome>();
  let pending = addons.map(({ file }, index) => ({ name: names[index]!, file: resolve(file) }));
  while (pending.length > 0) {
    const session = await runSession(toolchain, runner, hostScript, pending, timeLimitMs);
    for (const outcome of session.outcomes) outcomes.set(outcome.name, outcome);
    const left = pending.filter(({ name }) => !outcomes.has(name));
    if (left.length === pending.length || (session.code === 0 && left.length > 0)) {
      const missing = left[0]?.name ?? '';
      throw new Error(`GraalJS runner failed (exit ${session.code ?? session.signal}) before reporting ${missing}:\n${session.stderr || session.stdout}`);
    }
    pending = left;
  }
  return names.map((name) => outcomes.get(name)!);
}

/** The add-on names of `addons`, checked: plain, unique names, safe in the runner's output lines. */
function checkedNames(addons: GraalAddonInput[]): string[] {
  const names = addons.map(({ file }) => addonNameOf(file));
  const seen = new Set<string>();
  for (const name of names) {
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name)) throw new Error(`invalid add-on name for GraalJS run: ${JSON.stringify(name)}`);
    if (seen.has(name)) throw new Error(`duplicate add-on name for GraalJS run: ${name}`);
    seen.add(name);
  }
  return names;
}

/**
 * The java command line of the runner: the sandbox's JVM options (see RunAddonTests.java),
 * then `args` (its mode and the add-on files).
 */
function runnerArgs(toolchain: GraalToolchain, runner: Runner, timeLimitMs: number, args: string[]): string[] {
  return [
    '-Dpolyglot.engine.WarnInterpreterOnly=false',
    // Truffle loads a small native library and uses sun.misc.Unsafe: allow both without warnings.
    '--enable-native-access=ALL-UNNAMED',
    ...(toolchain.javaVersion >= 23 ? ['--sun-misc-unsafe-memory-access=allow'] : []),
    `-Dqaddon.hostClasses=${join(graalDir(), 'host-classes.txt')}`,
    `-Dqaddon.timeLimitMillis=${timeLimitMs}`,
    // An add-on that fills the heap ends this JVM (and only its own run), not the machine.
    `-Xmx${JVM_HEAP_GB}g`,
    '-XX:+ExitOnOutOfMemoryError',
    // No /tmp/hsperfdata_<user>/<pid> file, which a halted JVM would leave behind.
    '-XX:-UsePerfData',
    '-cp',
    runner.classpath,
    runner.main,
    ...args,
  ];
}

/**
 * Reads each add-on file with the JDK's XML parser, as the GraalJS tier (and the platform) reads
 * it, and returns what it gives, in the order of `addons`: for comparison with qaddon's reader.
 */
export async function readInJdk(toolchain: GraalToolchain, addons: GraalAddonInput[]): Promise<JdkReading[]> {
  const names = checkedNames(addons);
  if (addons.length === 0) return [];
  const classpath = await resolveClasspath(toolchain, graalDir());
  const runner = await compiledRunner(toolchain, classpath);
  const args = runnerArgs(toolchain, runner, DEFAULT_GRAAL_TIME_LIMIT_MS, ['--read', ...addons.map(({ file }) => resolve(file))]);
  const run = await runProcess(javaBin(toolchain), args, toolchain);
  if (run.code !== 0) throw new Error(`GraalJS runner failed (exit ${run.code}):\n${run.stderr || run.stdout}`);
  const readings = new Map<string, JdkReading>();
  for (const line of run.stdout.split(/\r?\n/)) {
    const match = /^@@QADDON-(READING|LOAD-ERROR) ([^\t]+)\t(.*)$/.exec(line);
    if (!match) continue;
    const [, kind, name, payload] = match as unknown as [string, string, string, string];
    readings.set(
      name,
      kind === 'READING'
        ? { name, ...(JSON.parse(payload) as { script: string | null; test: string | null; configs: { name: string; formType: string }[] }) }
        : { name, loadError: readJsonString(payload) },
    );
  }
  return names.map((name) => {
    const reading = readings.get(name);
    if (!reading) throw new Error(`GraalJS runner printed no reading for ${name}:\n${run.stderr || run.stdout}`);
    return reading;
  });
}

interface Session {
  outcomes: EngineOutcome[];
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * One JVM over `addons` (the host script on its stdin, `-` in place of a host file); the add-on
 * it was running when it died or was killed fails with the reason.
 */
function runSession(toolchain: GraalToolchain, runner: Runner, hostScript: string, addons: { name: string; file: string }[], timeLimitMs: number): Promise<Session> {
  const javaArgs = runnerArgs(toolchain, runner, timeLimitMs, ['-', ...addons.map(({ file }) => file)]);
  return new Promise((resolve, reject) => {
    const child = spawn(javaBin(toolchain), javaArgs, {
      cwd: packageRoot(),
      env: { ...passedEnv(), JAVA_HOME: toolchain.javaHome },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const outcomes: EngineOutcome[] = [];
    let current: EngineOutcome | undefined;
    let currentStarted = 0;
    const close = (outcome: EngineOutcome): void => {
      outcome.durationMs = Math.round(performance.now() - currentStarted);
      outcomes.push(outcome);
    };
    let killedFor: string | undefined;
    /** What the JVM printed besides the protocol (its own failures): the last few lines. */
    const otherLines: string[] = [];
    let stdoutBytes = 0;
    const stderr: Buffer[] = [];
    let stderrBytes = 0;
    let partial = '';
    let timer: NodeJS.Timeout | undefined;
    const watch = (): void => {
      clearTimeout(timer);
      const allowance = current ? timeLimitMs + 2_000 + KILL_GRACE_MS : STARTUP_ALLOWANCE_MS;
      timer = setTimeout(() => {
        killedFor = current
          ? `did not finish within the time limit of ${timeLimitMs / 1000} s (the Java process was stopped)`
          : 'the Java process stopped answering';
        child.kill('SIGKILL');
      }, allowance);
    };
    const onLine = (line: string): void => {
      const match = /^@@QADDON-(BEGIN|TEST|DONE|LOAD-ERROR) ([A-Za-z0-9._-]+)(?:\t(.*))?$/.exec(line);
      if (!match) {
        otherLines.push(line);
        if (otherLines.length > 20) otherLines.shift();
        return;
      }
      const [, kind, name, payload = ''] = match as unknown as [string, string, string, string?];
      if (kind === 'BEGIN') {
        current = { name, loadError: null, tests: [], durationMs: 0 };
        currentStarted = performance.now();
      } else if (!current || current.name !== name) {
        return;
      } else if (kind === 'TEST') {
        current.tests.push(readTestLine(payload));
      } else {
        if (kind === 'LOAD-ERROR') current.loadError = readJsonString(payload);
        close(current);
        current = undefined;
      }
      watch();
    };
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      if (killedFor) return;
      stdoutBytes += chunk.length;
      if (stdoutBytes > MAX_OUTPUT_CHARS) {
        killedFor = `printed more than ${MAX_OUTPUT_CHARS / 1024 / 1024} Mi characters (the Java process was stopped)`;
        child.kill('SIGKILL');
        return;
      }
      const lines = (partial + chunk).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) onLine(line.replace(/\r$/, ''));
    });
    child.stderr.on('data', (chunk: Buffer) => {
      // Enough for the JVM's own failures; add-ons cannot write to it.
      if (stderrBytes < 1024 * 1024) stderr.push(chunk);
      stderrBytes += chunk.length;
    });
    child.stdin.on('error', () => undefined);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (partial && !killedFor) onLine(partial);
      const errorText = Buffer.concat(stderr).toString('utf8');
      if (current) {
        // The JVM's own last words: stderr, or stdout (where HotSpot says it ran out of memory).
        const said = lastLines(errorText) || lastLines(otherLines.join('\n'));
        const ended = code === HALTED ? 'the JVM was halted' : `the Java process ended (${code === null ? `signal ${signal}` : `exit ${code}`})`;
        current.loadError =
          killedFor ?? (/OutOfMemoryError/.test(said) ? `ran out of memory (the JVM's heap is ${JVM_HEAP_GB} GB): ${said}` : `${ended}: ${said || 'no message'}`);
        close(current);
      }
      resolve({ outcomes, code, signal, stdout: otherLines.join('\n'), stderr: errorText });
    });
    watch();
    child.stdin.end(hostScript);
  });
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
  const { name, passed, error } = (verdict ?? {}) as { name?: unknown; passed?: unknown; error?: unknown };
  if (typeof name !== 'string' || typeof passed !== 'boolean' || (error !== null && typeof error !== 'string')) {
    return testOutcome('(unreadable)', false, 'the runner reported this test unreadably', '');
  }
  return testOutcome(name, passed, error, tab < 0 ? '' : payload.slice(tab + 1));
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
  return text.trim().split('\n').filter((line) => !line.startsWith('WARNING:')).slice(-5).join('\n');
}

/** In-process memo, so concurrent calls share one Maven run. */
const classpathPromises = new Map<string, Promise<string>>();

/**
 * The runner's classpath, from node_modules/.cache/qaddon-graaljs/classpath-<pom hash>.txt when
 * that exists and its jars are still in the Maven repository; else from `mvn dependency:build-classpath`.
 */
async function resolveClasspath(toolchain: GraalToolchain, dir: string): Promise<string> {
  const pom = join(dir, 'pom.xml');
  const hash = createHash('sha256').update(await readFile(pom)).digest('hex').slice(0, 16);
  const cacheDir = join(packageRoot(), 'node_modules', '.cache', 'qaddon-graaljs');
  const cacheFile = join(cacheDir, `classpath-${hash}.txt`);

  const cached = await readFile(cacheFile, 'utf8').then(
    (text) => text.trim(),
    () => '',
  );
  if (cached && cached.split(delimiter).every((jar) => existsSync(jar))) return cached;

  let pending = classpathPromises.get(cacheFile);
  if (!pending) {
    pending = (async () => {
      await mkdir(cacheDir, { recursive: true });
      const partFile = `${cacheFile}.${process.pid}.${Date.now()}.part`;
      const mvnArgs = ['-q', '-B', '-f', pom, 'dependency:build-classpath', `-Dmdep.outputFile=${partFile}`];
      const run = await runProcess(toolchain.mvn, mvnArgs, toolchain);
      if (run.code !== 0) {
        await rm(partFile, { force: true });
        throw new Error(`mvn could not resolve the GraalJS classpath (exit ${run.code}):\n${run.stdout}${run.stderr}`);
      }
      const classpath = (await readFile(partFile, 'utf8')).trim();
      await rename(partFile, cacheFile); // atomic: parallel runs never see a half-written file
      return classpath;
    })().finally(() => classpathPromises.delete(cacheFile));
    classpathPromises.set(cacheFile, pending);
  }
  return pending;
}

/** How to start the runner: a class compiled once per source, or the source itself. */
interface Runner {
  classpath: string;
  /** The main class, or the .java file for the JDK's source launcher. */
  main: string;
}

/**
 * RunAddonTests and the other Java sources under test/graaljs/ (stand-ins of Questetra classes)
 * compiled by the JDK's javac into node_modules/.cache/qaddon-graaljs/runner-<hash>/ (hash of
 * the sources, the JDK and the classpath), so that a JVM start does not compile them again (the
 * source launcher takes ~3 s of a cold JVM for that). Without javac, the source launcher.
 */
async function compiledRunner(toolchain: GraalToolchain, classpath: string): Promise<Runner> {
  const sources = javaSources(graalDir());
  const javac = join(toolchain.javaHome, 'bin', process.platform === 'win32' ? 'javac.exe' : 'javac');
  if (!isExecutable(javac)) return { classpath, main: join(graalDir(), 'RunAddonTests.java') };
  const hash = createHash('sha256');
  for (const source of sources) hash.update(`${source}\0`).update(await readFile(source)).update('\0');
  hash.update(`${toolchain.javaHome}\0${toolchain.javaVersion}\0${classpath}`);
  const cacheDir = join(packageRoot(), 'node_modules', '.cache', 'qaddon-graaljs');
  const classes = join(cacheDir, `runner-${hash.digest('hex').slice(0, 16)}`);
  const withClasses = { classpath: `${classpath}${delimiter}${classes}`, main: 'RunAddonTests' };
  if (existsSync(join(classes, 'RunAddonTests.class'))) return withClasses;

  await mkdir(cacheDir, { recursive: true });
  const part = `${classes}.${process.pid}.${Date.now()}.part`;
  try {
    const run = await runProcess(javac, ['-nowarn', '-encoding', 'UTF-8', '-cp', classpath, '-d', part, ...sources], toolchain);
    if (run.code !== 0) throw new Error(`javac could not compile the GraalJS runner (exit ${run.code}):\n${run.stdout}${run.stderr}`);
    // Atomic: a parallel run either sees the whole folder or none. If one got there first, keep its.
    await rename(part, classes).catch(() => undefined);
  } finally {
    await rm(part, { recursive: true, force: true });
  }
  return withClasses;
}

/** Every .java file under `dir`, sorted (RunAddonTests.java and what it may load by name). */
function javaSources(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...javaSources(path));
    else if (entry.name.endsWith('.java')) found.push(path);
  }
  return found.sort();
}

function runProcess(
  command: string,
  args: string[],
  toolchain: GraalToolchain,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: packageRoot(),
      env: { ...passedEnv(), JAVA_HOME: toolchain.javaHome },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({ code, stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8') }),
    );
  });
}

function passedEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const key of PASSED_ENV) if (process.env[key] !== undefined) env[key] = process.env[key];
  return env;
}

function javaBin(toolchain: GraalToolchain): string {
  return join(toolchain.javaHome, 'bin', process.platform === 'win32' ? 'java.exe' : 'java');
}

let root: string | undefined;

/** The directory holding package.json and test/graaljs/ (from src/host/ under vitest, or from dist/). */
function packageRoot(): string {
  if (root) return root;
  let firstWithPackageJson: string | undefined;
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) {
      firstWithPackageJson ??= dir;
      if (existsSync(join(dir, 'test', 'graaljs', 'pom.xml'))) return (root = dir);
    }
    if (dirname(dir) === dir) break;
  }
  if (firstWithPackageJson) return (root = firstWithPackageJson);
  throw new Error(`cannot find the package root (package.json) above ${fileURLToPath(import.meta.url)}`);
}

function graalDir(): string {
  return join(packageRoot(), 'test', 'graaljs');
}

function listDir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

function realPath(path: string): string | undefined {
  try {
    return realpathSync(path);
  } catch {
    return undefined;
  }
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
