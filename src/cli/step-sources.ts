/**
 * For `qaddon test` and `qaddon test-graaljs`: the TypeScript file, line and column that a place
 * in a built add-on's `<script>` or `<test>` comes from. Only for one of this project's steps: a
 * file in a package (the nearest folder above it with a package.json) that has a step folder
 * `src/steps/<name>/` of the file's name, whose `<script>` and `<test>` are exactly what those
 * sources build now. The step is built again in memory (nothing is written) and its two bundles
 * made with esbuild's source map, as the build maps its own errors (src/bundle/source-map.ts).
 * Any other file (a third-party add-on, a copy outside the package, a file built from older
 * sources) gets no TypeScript place: its results show the XML location alone.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { readAddonXml } from '../addon/xml-read.js';
import { buildAddon } from '../build/build-addon.js';
import { STEPS_FOLDER } from '../build/build-all.js';
import { bundleEntry, type BundleResult } from '../bundle/bundle.js';
import { loadErrorLocation, type AddonResult, type SourceOf } from '../host/test-addons.js';

/** Maps a `<script>:line:column` or `<test>:line:column` of one add-on to `file:line:column`. */
type PartLocator = (where: string) => string | undefined;

/**
 * A SourceOf for `results`: the steps among them with a failure that has a location are built
 * again (once each); all others map to nothing. Paths are relative to `cwd` when under it.
 */
export async function stepSourcesOf(results: AddonResult[], cwd = process.cwd()): Promise<SourceOf> {
  const locators = new Map<string, PartLocator>();
  for (const result of results) {
    if (locators.has(result.file) || !hasLocatedFailure(result)) continue;
    const locator = await stepLocator(result.file, result.name, cwd).catch(() => undefined);
    if (locator) locators.set(result.file, locator);
  }
  return (result, where) => locators.get(result.file)?.(where);
}

function hasLocatedFailure(result: AddonResult): boolean {
  return loadErrorLocation(result) !== null || result.tests.some((test) => !test.passed && test.where !== null);
}

/** The step's locator, or undefined when `file` is no built step of its package or not what its sources build now. */
async function stepLocator(file: string, name: string, cwd: string): Promise<PartLocator | undefined> {
  const root = packageFolderOf(resolve(cwd, file));
  const folder = join(STEPS_FOLDER, name);
  if (root === undefined || !existsSync(join(root, folder, 'main.ts'))) return undefined;
  const model = readAddonXml(await readFile(resolve(cwd, file)));
  const built = await buildAddon(root, folder);
  if (built.model.script !== model.script || built.model.test !== model.test || model.script === undefined || model.test === undefined) {
    return undefined;
  }
  const parts = {
    '<script>': partLocator(model.script, await bundleEntry(join(folder, 'main.ts'), root), root, cwd),
    '<test>': partLocator(model.test, await bundleEntry(join(folder, 'test.ts'), root), root, cwd),
  };
  return (where) => {
    const match = /^(<script>|<test>):(\d+):(\d+)$/.exec(where);
    return match ? parts[match[1] as '<script>' | '<test>'](Number(match[2]), Number(match[3])) : undefined;
  };
}

/** The nearest folder above `file` that holds a package.json. */
function packageFolderOf(file: string): string | undefined {
  for (let folder = dirname(file); ; folder = dirname(folder)) {
    if (existsSync(join(folder, 'package.json'))) return folder;
    if (dirname(folder) === folder) return undefined;
  }
}

/**
 * Line and column (1-based) of the element's text `text` → the TypeScript place. The bundle's
 * code is in the text once, after the lines the build puts before it (a comment; for `<test>`
 * the opening of the function it is wrapped in); a place outside it maps to nothing.
 */
function partLocator(text: string, bundle: BundleResult, root: string, cwd: string): (line: number, column: number) => string | undefined {
  const start = text.indexOf(bundle.code);
  const lineStarts = [0];
  for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) lineStarts.push(index + 1);
  return (line, column) => {
    const lineStart = lineStarts[line - 1];
    if (start === -1 || lineStart === undefined) return undefined;
    const offset = lineStart + column - 1 - start;
    if (offset < 0 || offset >= bundle.code.length) return undefined;
    const place = bundle.locate(offset);
    if (!place) return undefined;
    return `${shownPath(join(root, place.source), cwd)}:${place.line}${place.column === undefined ? '' : `:${place.column}`}`;
  };
}

/** `path` relative to `cwd` when it is under it (as build errors name files), else absolute. */
function shownPath(path: string, cwd: string): string {
  const shown = relative(cwd, path);
  return shown === '..' || shown.startsWith(`..${sep}`) || isAbsolute(shown) ? path : shown;
}
