/**
 * The qaddon command line, compiled from the current sources (with the options of
 * build/compile-toolchain.mjs) into a private file, so that the CLI tests never run a stale
 * dist/qaddon.mjs and never write to dist/ while someone builds.
 */
import { spawn } from 'node:child_process';
import { cp, mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type BuildOptions } from 'esbuild';

const ROOT = join(import.meta.dirname, '..', '..');

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
  /** stdout split into lines, without the empty last one. */
  lines: string[];
}

export interface Cli {
  /** The compiled command line (for tests that start it themselves, e.g. `qaddon serve`). */
  file: string;
  /** Runs the command line with `args`; `env` is added to this process's environment. */
  run(args: string[], env?: Record<string, string>): Promise<CliRun>;
  remove(): Promise<void>;
}

/** Compiles src/cli/main.ts into node_modules/.cache (inside the package, where its packageRoot() finds package.json). */
export async function compileCli(): Promise<Cli> {
  const cache = join(ROOT, 'node_modules', '.cache');
  await mkdir(cache, { recursive: true });
  const folder = await mkdtemp(join(cache, 'qaddon-vitest-cli-'));
  const outfile = join(folder, 'qaddon.mjs');
  await compileInto(outfile);
  return {
    file: outfile,
    run: (args, env) => runNode([outfile, ...args], ROOT, env),
    remove: () => rm(folder, { recursive: true, force: true }),
  };
}

/**
 * A copy of the package in a temporary folder (package.json, src/, build/, the READMEs; node_modules
 * linked) with the CLI compiled into its dist/: `qaddon build` and `qaddon new` there work on the
 * copy, never on this checkout.
 */
export async function packageCopyWithCli(): Promise<Cli & { root: string }> {
  const root = await mkdtemp(join(tmpdir(), 'qaddon-package-'));
  for (const entry of ['package.json', 'src', 'build', 'README.md', 'README.ja.md', 'addons']) await cp(join(ROOT, entry), join(root, entry), { recursive: true });
  await symlink(join(ROOT, 'node_modules'), join(root, 'node_modules'), 'dir');
  const outfile = join(root, 'dist', 'qaddon.mjs');
  await compileInto(outfile);
  return {
    root,
    file: outfile,
    run: (args, env) => runNode([outfile, ...args], root, env),
    remove: () => rm(root, { recursive: true, force: true }),
  };
}

/** The CLI compiled as build/compile-toolchain.mjs compiles it, into the folder of `outfile` (qaddon.mjs and its chunks). */
async function compileInto(outfile: string): Promise<void> {
  const { toolchainOptions } = (await import(pathToFileURL(join(ROOT, 'build', 'compile-toolchain.mjs')).href)) as {
    toolchainOptions: (outdir: string, entry: string) => BuildOptions;
  };
  await build({ ...toolchainOptions(dirname(outfile), join(ROOT, 'src/cli/main.ts')), logLevel: 'silent' });
}

function runNode(args: string[], cwd: string, env: Record<string, string> = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', reject);
    child.on('close', (status) => {
      const out = Buffer.concat(stdout).toString('utf8');
      resolve({ status, stdout: out, stderr: Buffer.concat(stderr).toString('utf8'), lines: out.split('\n').filter((line, i, all) => line !== '' || i < all.length - 1) });
    });
  });
}
