/**
 * `qaddon new <name>`: starts a step, src/steps/<name>/, with the four files every step has, each
 * its own: a definition whose label and summary are left for the author (the build refuses them
 * empty, so nothing unwritten ships), a step that reads and checks the connection configs every
 * FtJob step shares (U1–U5), a <test> block with the cases those configs promise, and an icon
 * drawn by build/make-icons.mjs from a glyph it adds there for the step (a pattern of its name,
 * to be redrawn at will). Then it says what is left to write.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { packageRoot } from '../paths.js';
import { parseArgs, UsageError, type Command } from './command.js';

/** A step name: lower-case words joined by hyphens, as the add-on file name (addons/<name>.xml) and the README anchor. */
const STEP_NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const MAX_NAME = 60;
/** As src/build/build-all.ts has it (not imported: this command does without esbuild). */
const STEPS_FOLDER = 'src/steps';
/** Where build/make-icons.mjs takes new glyphs (a line of that file). */
const GLYPH_MARK = '  // qaddon new adds glyphs above this line';

export function definitionSource(name: string, today: string): string {
  return `/** The XML definition of the step ${name}: labels, summary and configs. */
import type { AddonDefinition } from '../../build/definition.js';
import { connectionConfigs } from '../shared/connection-configs.js';

export const definition: AddonDefinition = {
  name: '${name}',
  lastModified: '${today}',
  license: '(C) OpenAI FtJob add-ons for Questetra contributors (MIT License)',
  // The build refuses an empty label or summary: write both, in English and in Japanese.
  label: {
    en: '',
    ja: '',
  },
  summary: {
    en: '',
    ja: '',
  },
  entryPoints: ['main'],
  configs: [...connectionConfigs],
};
`;
}

export function mainSource(name: string): string {
  return `/** The step ${name}. */
import { logConnection, readConnection } from '../../lib/connection';

export function main(): void {
  //// == Config retrieving and checking: nothing is sent until all configs are valid ==
  const connection = readConnection();
  logConnection(connection);

  //// == Calculating: one request (requestJobsApi or sendRequest of src/lib/openai-request.ts) ==

  //// == Data updating: every value prepared and checked first, then all written (writeAll) ==
}
`;
}

export function testSource(name: string): string {
  return `/**
 * The <test> block of the step ${name}: the connection configs (U1–U5) checked before any request.
 * Add a test for each of its own configs, each answer it accepts and each failure.
 */
import { INVALID_CONNECTION_CASES, INVALID_ENDPOINT_CASES, prepareAuth, putConfigs, testInvalidConfigCases, testInvalidTokenCases } from '../../lib/test-support';

/** U1 set, and \`changes\` as string configs; returns the check that nothing was written. */
function prepare(changes: Record<string, string> = {}): () => void {
  prepareAuth();
  putConfigs(changes);
  return () => undefined;
}

testInvalidConfigCases([...INVALID_CONNECTION_CASES, ...INVALID_ENDPOINT_CASES], prepare);
testInvalidTokenCases(prepare);
`;
}

/** build/make-icons.mjs with a glyph for `name` added at its mark. */
export function withGlyph(makeIcons: string, name: string): string {
  if (!makeIcons.includes(GLYPH_MARK)) throw new Error(`build/make-icons.mjs has no line '${GLYPH_MARK.trim()}'; add the glyph of ${name} there by hand`);
  return makeIcons.replace(GLYPH_MARK, `  // a pattern drawn from the name: redraw it as a glyph that says what the step does\n  '${name}': identicon('${name}'),\n${GLYPH_MARK}`);
}

function today(): string {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
}

async function createStep(name: string): Promise<number> {
  const root = packageRoot();
  const folder = join(STEPS_FOLDER, name);
  if (existsSync(join(root, folder))) throw new UsageError(`${folder} exists already; choose another name`);
  const makeIconsFile = join(root, 'build', 'make-icons.mjs');
  const makeIcons = withGlyph(await readFile(makeIconsFile, 'utf8'), name);
  await mkdir(join(root, folder), { recursive: true });
  try {
    await writeFile(join(root, folder, 'definition.ts'), definitionSource(name, today()));
    await writeFile(join(root, folder, 'main.ts'), mainSource(name));
    await writeFile(join(root, folder, 'test.ts'), testSource(name));
    await writeFile(makeIconsFile, makeIcons);
    const drawn = spawnSync(process.execPath, [makeIconsFile, name], { cwd: root, encoding: 'utf8' });
    if (drawn.status !== 0) throw new Error(`node build/make-icons.mjs ${name} failed: ${drawn.stderr}`);
  } catch (error) {
    await rm(join(root, folder), { recursive: true, force: true });
    throw error;
  }
  for (const line of [
    `wrote ${folder}/definition.ts, main.ts, test.ts and icon.png (a glyph for it added to build/make-icons.mjs)`,
    '',
    'Left to write (the build and the tests say what is missing):',
    `  1. ${folder}/definition.ts: the label and the summary, in English and Japanese, and the step's own`,
    '     configs after U1–U5 (A1, A2… what it reads; B1, B2… the data items it writes)',
    `  2. ${folder}/main.ts: read and check those configs, send the one request, check the answer, write`,
    "     the data items (the Cancel step, src/steps/openai-ftjob-cancel/main.ts, is the shortest example)",
    `  3. ${folder}/test.ts: a test for each config, each answer and each failure`,
    `  4. README.md and README.ja.md: a section for the step, headed <a id="${name}"></a>, with a row for`,
    '     each config (its help page; test/readme.test.ts fails until both have it)',
    `  5. npm run build, then npm test; commit src/steps/${name}/, build/make-icons.mjs and addons/${name}.xml`,
  ]) {
    console.log(line);
  }
  return 0;
}

export const newCommand: Command = {
  name: 'new',
  summary: 'start a step: src/steps/<name>/ with its definition, main.ts, <test> block and icon',
  usage: [
    'qaddon new <name>',
    '  <name>   the step\'s name: lower-case words joined by hyphens (e.g. openai-ftjob-get); it names',
    '           the folder, the add-on file addons/<name>.xml and its README section',
    'Writes src/steps/<name>/: definition.ts (the connection configs U1–U5; label and summary left',
    'empty, which the build refuses until they are written), main.ts (reads and checks U1–U5),',
    'test.ts (the cases U1–U5 promise) and icon.png (drawn by build/make-icons.mjs from a glyph it',
    'adds there), then lists what is left to write.',
  ].join('\n'),
  examples: ['qaddon new openai-ftjob-get', 'npx qaddon new openai-model-delete'],
  async run(args) {
    const { operands } = parseArgs(args, {});
    if (operands.length !== 1) throw new UsageError(operands.length === 0 ? 'name the step to create' : 'takes one step name');
    const name = operands[0]!;
    if (!STEP_NAME.test(name) || name.length > MAX_NAME || name === 'shared') {
      throw new UsageError(`'${name}' is not a step name: lower-case letters and digits in words joined by hyphens, at most ${MAX_NAME} characters, not 'shared' (e.g. openai-ftjob-get)`);
    }
    return createStep(name);
  },
};
