/** `qaddon build`: every step folder under src/steps → addons/<name>.xml. */
import { readdir, readFile, writeFile, mkdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { buildAddon, BuildError } from './build-addon.js';

export const STEPS_FOLDER = 'src/steps';
export const ADDONS_FOLDER = 'addons';

/** The step folders (those with a definition.ts), sorted. */
export async function stepFolders(root: string): Promise<string[]> {
  const entries = await readdir(join(root, STEPS_FOLDER), { withFileTypes: true });
  return entries
    .filter((entry) => entry.isDirectory() && existsSync(join(root, STEPS_FOLDER, entry.name, 'definition.ts')))
    .map((entry) => join(STEPS_FOLDER, entry.name))
    .sort();
}

export interface BuildReport {
  file: string;
  bytes: number;
  changed: boolean;
}

/** Builds every add-on; writes a file only when its bytes change. */
export async function buildAll(root: string): Promise<BuildReport[]> {
  await mkdir(join(root, ADDONS_FOLDER), { recursive: true });
  const reports: BuildReport[] = [];
  for (const folder of await stepFolders(root)) {
    const built = await buildAddon(root, folder);
    if (!folder.endsWith(`/${built.definition.name}`)) {
      throw new BuildError(`${folder}: definition.name is '${built.definition.name}'; it must match the folder name`);
    }
    const file = join(ADDONS_FOLDER, `${built.definition.name}.xml`);
    const previous = existsSync(join(root, file)) ? await readFile(join(root, file), 'utf8') : undefined;
    const changed = previous !== built.xml;
    if (changed) await writeFile(join(root, file), built.xml);
    reports.push({ file, bytes: Buffer.byteLength(built.xml), changed });
  }
  return reports;
}
