// Compiles the toolchain (src/cli and what it imports) into dist/qaddon.mjs, so that `qaddon`
// runs on plain Node with no TypeScript loader. Run by `npm ci` (prepare) and `npm run build`.
// What only some commands need (esbuild, the XML reader, the tiers) is in chunks under
// dist/chunks/, loaded by the command that needs it: `qaddon --help` starts in a fraction of the time.
import { rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/** esbuild's options for the toolchain, writing into `outdir` (also used by test/support/cli.ts). */
export function toolchainOptions(outdir, entry = 'src/cli/main.ts') {
  return {
    entryPoints: { qaddon: entry },
    outdir,
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunks/[name]-[hash]',
    splitting: true,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: 'linked',
    logLevel: 'warning',
  };
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  // Chunks are named by their content: those of an earlier build would only pile up.
  await rm('dist/chunks', { recursive: true, force: true });
  await build(toolchainOptions('dist'));
}
