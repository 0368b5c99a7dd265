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
    // Bytes against bytes: a file that is not UTF-8 is never mistaken for the same text.
    const bytes = Buffer.from(built.xml, 'utf8');
    const previous = existsSync(join(root, file)) ? await readFile(join(root, file)) : undefined;
    const changed = previous === undefined || !previous.equals(bytes);
    if (changed) await writeFile(join(root, file), bytes);
    reports.push({ file, bytes: bytes.length, changed });
  }
  return reports;
}
