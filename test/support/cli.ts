/**
 * The qaddon command line, compiled from the current sources (with the options of
 * build/compile-toolchain.mjs) into a private file, so that the CLI tests never run a stale
 * dist/qaddon.mjs and never write to dist/ while someone builds.
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { build } from 'esbuild';

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
  await build({
    entryPoints: [join(ROOT, 'src/cli/main.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'silent',
  });
  return {
    file: outfile,
    run: (args, env) => runNode([outfile, ...args], env),
    remove: () => rm(folder, { recursive: true, force: true }),
  };
}

function runNode(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
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
