/**
 * Where the package lives, found from this module's own location so that the same code works
 * from src/ (vitest) and from the bundled dist/qaddon.mjs.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The nearest folder above this module that holds a package.json. */
export function packageRoot(): string {
  let folder = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(folder, 'package.json'))) {
    const parent = dirname(folder);
    if (parent === folder) throw new Error('qaddon: cannot find the package root (no package.json above the toolchain)');
    folder = parent;
  }
  return folder;
}
