#!/usr/bin/env node
// The `qaddon` command: runs the compiled toolchain (built by `npm ci` / `npm run build`).
import { existsSync } from 'node:fs';

const compiled = new URL('../dist/qaddon.mjs', import.meta.url);
if (!existsSync(compiled)) {
  console.error('qaddon: the toolchain is not compiled yet; run `npm ci` or `npm run build` first');
  process.exit(2);
}
await import(compiled.href);
