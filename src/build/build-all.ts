/**
 * `qaddon build`: every step folder under src/steps (or the ones named) → addons/<name>.xml.
 * A step folder holds the four files of STEP_FILES; a folder holding none of them (src/steps/shared,
 * code the steps share) is no step. Every add-on is built and checked before any file is written.
 */
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildAddon, BuildError, type BuiltAddon } from './build-addon.js';

export const STEPS_FOLDER = 'src/steps';
export const ADDONS_FOLDER = 'addons';

/** The files of a step folder, each with what belongs in it (said when it is missing). */
export const STEP_FILES: Record<string, string> = {
  'definition.ts':
    "the add-on's name, labels, summary and configs: `export const definition: AddonDefinition = { name: '<folder name>', … }` (the type is in src/build/definition.ts)",
  'main.ts': 'the step the engine runs: `export function main() { … }` (and `export function proceed() { … }` for a step that waits)',
  'test.ts': "its <test> block: `test('…', function () { … });` cases that run main() against answers set with httpClient.setRequestHandler (see src/platform/questetra-test.d.ts)",
  'icon.png': "its 32x32 PNG icon: add the step's glyph to build/make-icons.mjs and run `node build/make-icons.mjs <name>`",
};

/** The step folders (those holding any of STEP_FILES), as paths relative to the root, sorted. */
export async function stepFolders(root: string): Promise<string[]> {
  const entries = await readdir(join(root, STEPS_FOLDER), { withFileTypes: true });
  return entries
    .filter((entry) => entry.isDirectory() && Object.keys(STEP_FILES).some((file) => existsSync(join(root, STEPS_FOLDER, entry.name, file))))
    .map((entry) => join(STEPS_FOLDER, entry.name))
    .sort();
}

/** The names of the steps (their folder names), sorted. */
export async function stepNames(root: string): Promise<string[]> {
  return (await stepFolders(root)).map((folder) => folder.slice(STEPS_FOLDER.length + 1));
}

export interface BuildReport {
  file: string;
  bytes: number;
  changed: boolean;
}

/**
 * Builds every add-on, or those of `names` (step folder names); writes a file only when its bytes
 * change, and none when any step fails (BuildError, naming the step and what is wrong).
 */
export async function buildAll(root: string, names?: string[]): Promise<BuildReport[]> {
  const folders = await stepFolders(root);
  const chosen = names === undefined ? folders : folders.filter((folder) => names.some((name) => folder === join(STEPS_FOLDER, name)));
  for (const folder of chosen) checkStepFiles(root, folder);
  await refuseCopies(root, folders, chosen);
  const built: { folder: string; addon: BuiltAddon }[] = [];
  for (const folder of chosen) {
    const addon = await buildAddon(root, folder);
    if (folder !== join(STEPS_FOLDER, addon.definition.name)) {
      throw new BuildError(`${folder}/definition.ts: definition.name is '${addon.definition.name}'; it must match the folder name`);
    }
    built.push({ folder, addon });
  }
  refuseSameTests(built);

  await mkdir(join(root, ADDONS_FOLDER), { recursive: true });
  const reports: BuildReport[] = [];
  for (const { addon } of built) {
    const file = join(ADDONS_FOLDER, `${addon.definition.name}.xml`);
    // Bytes against bytes: a file that is not UTF-8 is never mistaken for the same text.
    const bytes = Buffer.from(addon.xml, 'utf8');
    const previous = existsSync(join(root, file)) ? await readFile(join(root, file)) : undefined;
    const changed = previous === undefined || !previous.equals(bytes);
    if (changed) await writeFile(join(root, file), bytes);
    reports.push({ file, bytes: bytes.length, changed });
  }
  return reports;
}

/** Refuses a step folder that lacks one of STEP_FILES, naming each missing file and what belongs in it. */
function checkStepFiles(root: string, folder: string): void {
  const missing = Object.entries(STEP_FILES).filter(([file]) => !existsSync(join(root, folder, file)));
  if (missing.length === 0) return;
  const name = folder.slice(STEPS_FOLDER.length + 1);
  throw new BuildError(
    [
      ...missing.map(([file, what]) => `${folder}/${file}: missing; it holds ${what.replace('<name>', name)}`),
      `(\`qaddon new ${name}\` writes a step folder with all four, to fill in)`,
    ].join('\n'),
  );
}

/**
 * Refuses a step whose test.ts or icon.png is byte for byte another step's: a copied folder whose
 * tests would test nothing of the new step, and whose icon would not tell the steps apart. The
 * message names all of them (which one is the copy, the build cannot tell).
 */
async function refuseCopies(root: string, all: string[], chosen: string[]): Promise<void> {
  const problems: string[] = [];
  for (const [file, advice] of [
    ['test.ts', "write each step's own <test> block: cases that run its main() against the answers it expects"],
    ['icon.png', "draw each step's own: give it a glyph in build/make-icons.mjs and run `node build/make-icons.mjs <name>`"],
  ] as const) {
    const groups = new Map<string, string[]>();
    for (const folder of all) {
      const path = join(root, folder, file);
      if (!existsSync(path)) continue;
      const key = (await readFile(path)).toString('base64');
      groups.set(key, [...(groups.get(key) ?? []), folder]);
    }
    for (const folders of groups.values()) {
      if (folders.length < 2 || !folders.some((folder) => chosen.includes(folder))) continue;
      const names = folders.map((folder) => `${folder}/${file}`);
      problems.push(`${names.slice(0, -1).join(', ')} and ${names.at(-1)} are byte for byte the same; ${advice}`);
    }
  }
  if (problems.length > 0) throw new BuildError(problems.join('\n'));
}

/** Refuses two steps whose bundled <test> blocks are the same (test.ts files that differ in comments or layout only). */
function refuseSameTests(built: { folder: string; addon: BuiltAddon }[]): void {
  const seen = new Map<string, string>();
  for (const { folder, addon } of built) {
    // Without what names the step's own folder: the first line and esbuild's `// src/steps/<name>/…` comments.
    const code = (addon.model.test ?? '').replace(/^\n?\/\/[^\n]*\n/, '').replaceAll(`${folder}/`, '<step>/');
    const original = seen.get(code);
    if (original !== undefined) {
      throw new BuildError(`${folder}/test.ts: builds the same <test> block as ${original}/test.ts; write the step's own <test> block: cases that run its main() against the answers it expects`);
    }
    seen.set(code, folder);
  }
}
