/**
 * The GraalJS tier: runs add-on scripts and their tests in the real GraalJS engine (the one
 * Questetra BPM uses), fetched from Maven Central and run on a stock JDK >= 22 in interpreter mode.
 *
 * test/graaljs/pom.xml only resolves the classpath (cached per pom.xml hash, so warm runs do not
 * start Maven); test/graaljs/RunAddonTests.java is started once per call with the JDK's
 * source launcher and prints one `@@QADDON-RESULT` / `@@QADDON-LOAD-ERROR` line per add-on.
 * It reads each add-on XML file itself, with the JDK's XML parser, as the platform does: what
 * runs there is what that parser gives, not what qaddon's own reader made of the file.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { accessSync, constants, existsSync, readdirSync, realpathSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

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

export type GraalAddonOutcome = { name: string; resultJson: string } | { name: string; loadError: string };

/** What the JDK's parser reads from an add-on file (RunAddonTests.java --read), or why it refuses it. */
export type JdkReading =
  | { name: string; script: string | null; test: string | null; configs: { name: string; formType: string }[] }
  | { name: string; loadError: string };

/** The add-on name of a file: its base name without `.xml` (as RunAddonTests.java names it). */
export function addonNameOf(file: string): string {
  return basename(file).replace(/\.xml$/, '');
}

/** 22: the source launcher compiles the runner's other sources (test/graaljs/com/questetra/…) on demand. */
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

/** The java command line that runs RunAddonTests.java with `args`. */
function runnerArgs(toolchain: GraalToolchain, classpath: string, args: string[]): string[] {
  return [
    '-Dpolyglot.engine.WarnInterpreterOnly=false',
    // Truffle loads a small native library and uses sun.misc.Unsafe: allow both without warnings.
    '--enable-native-access=ALL-UNNAMED',
    ...(toolchain.javaVersion >= 23 ? ['--sun-misc-unsafe-memory-access=allow'] : []),
    `-Dqaddon.hostClasses=${join(graalDir(), 'host-classes.txt')}`,
    '-cp',
    classpath,
    join(graalDir(), 'RunAddonTests.java'),
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
  const run = await runProcess(javaBin(toolchain), runnerArgs(toolchain, classpath, ['--read', ...addons.map(({ file }) => resolve(file))]), toolchain);
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
        : { name, loadError: unescapeLine(payload) },
    );
  }
  return names.map((name) => {
    const reading = readings.get(name);
    if (!reading) throw new Error(`GraalJS runner printed no reading for ${name}:\n${run.stderr || run.stdout}`);
    return reading;
  });
}

/**
 * Runs each add-on file (its script, then its test, after the host script) in its own GraalJS
 * context and returns the outcomes in the order of `addons`. The runner reads the files itself
 * (JDK XML parser). Throws an Error carrying mvn's or java's stderr if the classpath cannot be
 * resolved or the runner fails.
 */
export async function runInGraalJs(
  toolchain: GraalToolchain,
  hostScript: string,
  addons: GraalAddonInput[],
): Promise<GraalAddonOutcome[]> {
  const names = checkedNames(addons);
  if (addons.length === 0) return [];

  const dir = graalDir();
  const classpath = await resolveClasspath(toolchain, dir);
  const jobDir = await mkdtemp(join(tmpdir(), 'qaddon-graaljs-'));
  try {
    const hostFile = join(jobDir, 'qaddon-host.js');
    await writeFile(hostFile, hostScript);
    const files = addons.map(({ file }) => resolve(file));
    const run = await runProcess(javaBin(toolchain), runnerArgs(toolchain, classpath, [hostFile, ...files]), toolchain);
    if (run.code !== 0) throw new Error(`GraalJS runner failed (exit ${run.code}):\n${run.stderr || run.stdout}`);

    const outcomes = parseRunnerOutput(run.stdout);
    return names.map((name) => {
      const outcome = outcomes.get(name);
      if (!outcome) throw new Error(`GraalJS runner printed no result for ${name}:\n${run.stderr || run.stdout}`);
      return outcome;
    });
  } finally {
    await rm(jobDir, { recursive: true, force: true });
  }
}

/** `@@QADDON-RESULT <name>\t<json>` and `@@QADDON-LOAD-ERROR <name>\t<message, \n and \\ escaped>`. */
function parseRunnerOutput(stdout: string): Map<string, GraalAddonOutcome> {
  const outcomes = new Map<string, GraalAddonOutcome>();
  for (const line of stdout.split(/\r?\n/)) {
    const match = /^@@QADDON-(RESULT|LOAD-ERROR) ([^\t]+)\t(.*)$/.exec(line);
    if (!match) continue;
    const [, kind, name, payload] = match as unknown as [string, string, string, string];
    outcomes.set(
      name,
      kind === 'RESULT'
        ? { name, resultJson: payload }
        : { name, loadError: unescapeLine(payload) },
    );
  }
  return outcomes;
}

/** Reverses the runner's one-line escaping of messages (`\\n` newline, `\\\\` backslash). */
function unescapeLine(payload: string): string {
  return payload.replace(/\\([\\n])/g, (_, c: string) => (c === 'n' ? '\n' : '\\'));
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
