/**
 * What the GraalJS tier runs on: a JDK >= 22 and Maven, found on this machine; GraalJS's
 * classpath, resolved by Maven from test/graaljs/pom.xml once per pom.xml (cached under
 * node_modules/.cache/qaddon-graaljs/); and the Java runner (test/graaljs/RunAddonTests.java and
 * its stand-ins of Questetra classes), compiled by javac once per content of its sources, the
 * JDK and the classpath, so that no JVM start compiles it again.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { accessSync, constants, existsSync, readdirSync, realpathSync } from 'node:fs';
import { mkdir, readFile, rename, rm } from 'node:fs/promises';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface GraalToolchain {
  javaHome: string;
  javaVersion: number;
  mvn: string;
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

/** In-process memo, so concurrent calls share one Maven run. */
const classpathPromises = new Map<string, Promise<string>>();

/**
 * The runner's classpath, from node_modules/.cache/qaddon-graaljs/classpath-<pom hash>.txt when
 * that exists and its jars are still in the Maven repository; else from `mvn dependency:build-classpath`.
 */
export async function resolveClasspath(toolchain: GraalToolchain, dir: string): Promise<string> {
  const pom = join(dir, 'pom.xml');
  const hash = createHash('sha256').update(await readFile(pom)).digest('hex').slice(0, 16);
  const cacheDir = join(graalPackageRoot(), 'node_modules', '.cache', 'qaddon-graaljs');
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
export interface Runner {
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
export async function compiledRunner(toolchain: GraalToolchain, classpath: string): Promise<Runner> {
  const sources = javaSources(graalDir());
  const javac = join(toolchain.javaHome, 'bin', process.platform === 'win32' ? 'javac.exe' : 'javac');
  if (!isExecutable(javac)) return { classpath, main: join(graalDir(), 'RunAddonTests.java') };
  const hash = createHash('sha256');
  for (const source of sources) hash.update(`${source}\0`).update(await readFile(source)).update('\0');
  hash.update(`${toolchain.javaHome}\0${toolchain.javaVersion}\0${classpath}`);
  const cacheDir = join(graalPackageRoot(), 'node_modules', '.cache', 'qaddon-graaljs');
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

export function runProcess(
  command: string,
  args: string[],
  toolchain: GraalToolchain,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: graalPackageRoot(),
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

export function passedEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const key of PASSED_ENV) if (process.env[key] !== undefined) env[key] = process.env[key];
  return env;
}

export function javaBin(toolchain: GraalToolchain): string {
  return join(toolchain.javaHome, 'bin', process.platform === 'win32' ? 'java.exe' : 'java');
}

let root: string | undefined;

/** The directory holding package.json and test/graaljs/ (from src/host/ under vitest, or from dist/). */
export function graalPackageRoot(): string {
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

export function graalDir(): string {
  return join(graalPackageRoot(), 'test', 'graaljs');
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

/** The JVM's heap: an add-on that fills it ends that JVM (and fails), not the machine. */
export const JVM_HEAP_GB = 1;

/** The runner, ready to start: its classpath resolved and its sources compiled (both cached). */
export async function preparedRunner(toolchain: GraalToolchain): Promise<Runner> {
  return compiledRunner(toolchain, await resolveClasspath(toolchain, graalDir()));
}

/**
 * The java command line of the runner reading its commands from stdin, with the sandbox's JVM
 * options (see RunAddonTests.java).
 */
export function runnerArgs(toolchain: GraalToolchain, runner: Runner): string[] {
  return [
    '-Dpolyglot.engine.WarnInterpreterOnly=false',
    // Truffle loads a small native library and uses sun.misc.Unsafe: allow both without warnings.
    '--enable-native-access=ALL-UNNAMED',
    ...(toolchain.javaVersion >= 23 ? ['--sun-misc-unsafe-memory-access=allow'] : []),
    `-Dqaddon.hostClasses=${join(graalDir(), 'host-classes.txt')}`,
    // An add-on that fills the heap ends this JVM (and only its own run), not the machine.
    `-Xmx${JVM_HEAP_GB}g`,
    '-XX:+ExitOnOutOfMemoryError',
    // No /tmp/hsperfdata_<user>/<pid> file, which a halted JVM would leave behind.
    '-XX:-UsePerfData',
    // One collector thread: a run's heap is small and its JVM short-lived, and on a machine of
    // few cores G1's concurrent threads take CPU from the run (a JVM start with one small add-on:
    // 2.7 s of CPU with G1, 2.5 s with this; Questetra's 131 add-ons take the same 27 s wall).
    // C2 stays: without it (C1 only) the four built add-ons took 9 s instead of 6 s, the 131
    // add-ons 63 s instead of 27 s.
    '-XX:+UseSerialGC',
    '-cp',
    runner.classpath,
    runner.main,
    '-',
  ];
}
