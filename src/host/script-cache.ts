/**
 * Scripts the toolchain bundles for itself (the host runtime, the Node sandbox's child), kept
 * under node_modules/.cache/qaddon-scripts/ by the content of their sources: bundling and checking
 * the host runtime (esbuild, then the ES2020 gate over 200 kB) is most of what a short
 * `qaddon test` would otherwise spend. The key is the SHA-256 of the sources (all of the
 * toolchain's: a script is made again after any change, rather than missing one an import added)
 * and esbuild's version; a stale key is never read, a cache that cannot be written is skipped.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { version as esbuildVersion } from 'esbuild';
import { packageRoot } from '../paths.js';

/** What shapes the scripts the toolchain bundles for itself: its sources but the steps. */
export const TOOLCHAIN_SOURCES = ['src/addon', 'src/bundle', 'src/host', 'src/lib', 'src/platform', 'src/paths.ts'];

/** Every file under `path` (a file or a folder), sorted. */
function filesUnder(path: string): string[] {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [path];
  const entries = readdirSync(path, { withFileTypes: true });
  return entries
    .flatMap((entry) => (entry.isDirectory() ? filesUnder(join(path, entry.name)) : [join(path, entry.name)]))
    .sort();
}

/**
 * `make()`'s text for `name`, from the cache when its `sources` (paths relative to the package
 * root: files or folders) are unchanged since it was made.
 */
export async function cachedScript(name: string, sources: string[], make: () => Promise<string>): Promise<string> {
  const root = packageRoot();
  const hash = createHash('sha256').update(`esbuild ${esbuildVersion}\0`);
  for (const source of sources) {
    const path = join(root, source);
    for (const file of filesUnder(path)) {
      hash.update(`${file.slice(root.length)}\0`).update(await readFile(file)).update('\0');
    }
  }
  const folder = join(root, 'node_modules', '.cache', 'qaddon-scripts');
  const file = join(folder, `${name}-${hash.digest('hex').slice(0, 24)}.js`);
  const cached = await readFile(file, 'utf8').catch(() => undefined);
  if (cached !== undefined) return cached;
  const text = await make();
  try {
    await mkdir(folder, { recursive: true });
    const part = `${file}.${process.pid}.part`;
    await writeFile(part, text);
    await rename(part, file); // atomic: a parallel run reads the whole file or none
  } catch {
    // No cache then: the script is made again next time.
  }
  return text;
}
