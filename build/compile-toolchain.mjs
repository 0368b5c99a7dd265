// Compiles the toolchain (src/cli and what it imports) into dist/qaddon.mjs, so that `qaddon`
// runs on plain Node with no TypeScript loader. Run by `npm ci` (prepare) and `npm run build`.
import { build } from 'esbuild';

await build({
  entryPoints: ['src/cli/main.ts'],
  outfile: 'dist/qaddon.mjs',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: 'linked',
  logLevel: 'warning',
});
