/**
 * Adding a step (issue 14, finding 3), in a copy of the package: `qaddon new <name>` writes a step
 * folder whose definition, main.ts, <test> block and icon are its own; the build refuses it until
 * its label and summary are written, then builds it lint-clean and its tests pass;
 * build/make-icons.mjs without a glyph says how to add one.
 */
import { execFile } from 'node:child_process';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageCopyWithCli, type Cli } from './support/cli.js';

// A name no step will have, so that the test runs in a copy of any checkout.
const NAME = 'qaddon-new-example';
const FOLDER = `src/steps/${NAME}`;

let copy: Cli & { root: string };
let created: Awaited<ReturnType<Cli['run']>>;

beforeAll(async () => {
  copy = await packageCopyWithCli();
  created = await copy.run(['new', NAME]);
}, 60_000);

afterAll(async () => {
  await copy.remove();
});

async function read(file: string): Promise<Buffer> {
  return readFile(join(copy.root, file));
}

// Each test starts the CLI (a Node process; build and test run esbuild and a sandbox): vitest's
// default 5 s was hit under a load average of 20 on 2 cores.
describe('qaddon new', { timeout: 60_000 }, () => {
  it('writes the four files, says so and lists what is left to write (README sections included)', async () => {
    expect(created.status).toBe(0);
    expect(created.stderr).toBe('');
    expect((await readdir(join(copy.root, FOLDER))).sort()).toEqual(['definition.ts', 'icon.png', 'main.ts', 'test.ts']);
    expect(created.lines[0]).toBe(`wrote ${FOLDER}/definition.ts, main.ts, test.ts and icon.png (a glyph for it added to build/make-icons.mjs)`);
    expect(created.stdout).toContain(`README.md and README.ja.md: a section for the step, headed <a id="${NAME}"></a>`);
    expect(created.stdout).toContain('npm run build, then npm test');
  });

  it('gives it an icon of its own: a 32x32 PNG unlike every other step\'s, drawn from a glyph added to make-icons.mjs', async () => {
    const icon = await read(`${FOLDER}/icon.png`);
    expect(icon.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect([icon.readUInt32BE(16), icon.readUInt32BE(20)]).toEqual([32, 32]);
    for (const step of await readdir(join(copy.root, 'src/steps'))) {
      if (step === NAME || step === 'shared') continue;
      expect(icon.equals(await read(`src/steps/${step}/icon.png`)), step).toBe(false);
    }
    expect((await read('build/make-icons.mjs')).toString('utf8')).toContain(`'${NAME}': identicon('${NAME}'),`);
  });

  it('gives it a definition of its own: its name, the connection configs, label and summary left to write', async () => {
    const definition = (await read(`${FOLDER}/definition.ts`)).toString('utf8');
    expect(definition).toContain(`name: '${NAME}',`);
    expect(definition).toContain('configs: [...connectionConfigs],');
    expect(definition).not.toMatch(/helpPageUrl/);
  });

  it('the build refuses the step until its label and summary are written, naming each', async () => {
    const run = await copy.run(['build', NAME]);
    expect(run.status).toBe(1);
    expect(run.stderr.split('\n').filter((line) => line.startsWith(FOLDER))).toEqual([
      expect.stringMatching(new RegExp(`^${FOLDER}/definition\\.ts: label\\.en is empty; write the step's name`)),
      expect.stringMatching(new RegExp(`^${FOLDER}/definition\\.ts: label\\.ja is empty; `)),
      expect.stringMatching(new RegExp(`^${FOLDER}/definition\\.ts: summary\\.en is empty; `)),
      expect.stringMatching(new RegExp(`^${FOLDER}/definition\\.ts: summary\\.ja is empty; `)),
    ]);
    expect(run.stderr).toContain('build failed: nothing was written');
  });

  it('once they are written, builds it lint-clean, and its <test> block passes', async () => {
    const file = join(copy.root, FOLDER, 'definition.ts');
    const written = (await readFile(file, 'utf8'))
      .replace("label: {\n    en: '',\n    ja: '',\n  }", "label: {\n    en: 'OpenAI #FtJob: Get',\n    ja: 'OpenAI #FtJob: 取得',\n  }")
      .replace("summary: {\n    en: '',\n    ja: '',\n  }", "summary: {\n    en: 'Looks a fine-tuning job up.',\n    ja: 'ファインチューニングジョブを取得します。',\n  }");
    await writeFile(file, written);
    const build = await copy.run(['build', NAME]);
    expect(build.lines).toEqual([expect.stringMatching(new RegExp(`^wrote     addons/${NAME}\\.xml \\(\\d+ bytes\\)$`)), '1 file(s) checked, no problems']);
    expect(build.status).toBe(0);
    const test = await copy.run(['test', `addons/${NAME}.xml`]);
    const passed = Number(/^(\d+) passed, 0 failed$/.exec(test.lines.at(-1) ?? '')?.[1]);
    expect(passed).toBeGreaterThan(30);
    expect(test.status).toBe(0);
  });

  it.each([
    [['new'], 'name the step to create'],
    [['new', 'OpenAI_Get'], "'OpenAI_Get' is not a step name: lower-case letters and digits in words joined by hyphens"],
    [['new', 'shared'], "'shared' is not a step name"],
    [['new', 'openai-ftjob-cancel'], 'src/steps/openai-ftjob-cancel exists already; choose another name'],
    [['new', 'a', 'b'], 'takes one step name'],
  ])('%j: a usage error, exit 2, nothing written', async (args, message) => {
    const before = (await readdir(join(copy.root, 'src/steps'))).sort();
    const run = await copy.run(args);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`qaddon new: ${message}`);
    expect((await readdir(join(copy.root, 'src/steps'))).sort()).toEqual(before);
  });
});

describe('build/make-icons.mjs', { timeout: 60_000 }, () => {
  it('with a name that has no glyph: exit 1, saying how to add one, nothing written', async () => {
    const failure = await promisify(execFile)(process.execPath, ['build/make-icons.mjs', 'openai-ftjob-nothing'], { cwd: copy.root }).then(
      () => null,
      (error: { code: number; stdout: string; stderr: string }) => error,
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stdout).toBe('');
    expect(failure?.stderr).toContain("make-icons: no glyph for 'openai-ftjob-nothing' in build/make-icons.mjs. Add one to its glyphs object: 'openai-ftjob-nothing': (x, y) =>");
    expect(failure?.stderr).toContain("identicon('openai-ftjob-nothing')");
  });
});
