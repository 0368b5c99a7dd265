/**
 * Issue 14: an error while a step runs says where. A failed test names the first frame of the
 * error's stack in the add-on's `<script>` or `<test>` (`<script>:line:column`), in both tiers;
 * for one of a package's own steps, built from its sources as they are, `qaddon test` and
 * `test-graaljs` lead that with the TypeScript file, line and column (source maps). A third-party
 * add-on, or a step whose sources changed since its XML was built, gets the XML location alone.
 *
 * The step is a small one of a fixture package in a temporary folder (package.json and one step
 * folder), built with the build's own code: its main.ts calls a helper in another file that reads
 * a property of undefined (as an audit broke Cancel's main.ts), and its test.ts has an expectation
 * that fails.
 */
import { execFile } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAddonXml } from '../src/addon/xml-read.js';
import { buildAll } from '../src/build/build-all.js';
import { stepSourcesOf } from '../src/cli/step-sources.js';
import { findGraalToolchain } from '../src/host/graaljs.js';
import { formatResults, type AddonResult } from '../src/host/test-addons.js';
import { tempFolder, validXml } from './support/addons.js';
import { compileCli, type Cli } from './support/cli.js';
import { makePng } from './support/png.js';
import { testGraalJsCli } from './support/tiers.js';

const NAME = 'qaddon-located-example';
const STEP = `src/steps/${NAME}`;
const ADDON = `addons/${NAME}.xml`;
const READ_OF_UNDEFINED = "Cannot read properties of undefined (reading 'deeper')";
const GRAAL_READ_OF_UNDEFINED = "Cannot read property 'deeper' of undefined";
const graalMissing = 'missing' in findGraalToolchain();

const FILES: Record<string, string> = {
  'package.json': `${JSON.stringify({ name: 'located-example', private: true, homepage: 'https://github.com/example/located-example' })}\n`,
  [`${STEP}/definition.ts`]: `/** A step for the tests of issue 14. */
export const definition = {
  name: '${NAME}',
  lastModified: '2026-11-26',
  license: '(C) Example (MIT License)',
  label: { en: 'Located example', ja: '位置の例' },
  summary: { en: 'Fails, so that its errors can be located.', ja: '失敗します。エラーの位置を確かめるためです。' },
  entryPoints: ['main'],
  configs: [{ name: 'StrConfA1', formType: 'TEXTFIELD', label: { en: 'A1: Text', ja: 'A1: テキスト' } }],
};
`,
  [`${STEP}/main.ts`]: `/** Reads A1 and logs what a helper makes of it. */
import { deeperOf } from './read';

export function main(): void {
  const text = configs.get('StrConfA1');
  engine.log(deeperOf({ text }));
}
`,
  [`${STEP}/read.ts`]: `/** The \`deeper\` of \`value.nothing\`, which is not there. */
export function deeperOf(value: { text: string }): string {
  const probe = value as unknown as { nothing?: { deeper: string } };
  return probe.nothing!.deeper;
}
`,
  [`${STEP}/test.ts`]: `test('reads too deep', () => {
  configs.put('StrConfA1', 'x');
  main();
});

test('fails on purpose', () => {
  const sum: number = 1 + 1;
  expect(sum).toEqual(3);
});
`,
};

/** 1-based line and column of the first `needle` in `text`. */
function placeOf(text: string, needle: string): string {
  const index = text.indexOf(needle);
  if (index < 0) throw new Error(`'${needle}' is not in the text`);
  const before = text.slice(0, index);
  return `${before.split('\n').length}:${index - before.lastIndexOf('\n')}`;
}

let cli: Cli;
let fixture: { path: string; remove: () => Promise<void> };
/** Where the read of undefined and the failing expectation are, in the TypeScript and in the built XML. */
let at: Record<'readTs' | 'readXml' | 'probeTs' | 'probeXml' | 'expectTs' | 'expectXml' | 'callTs' | 'callXml', string>;

/** `qaddon <args>` run in the fixture package's folder. */
async function qaddon(...args: string[]): Promise<{ status: number; lines: string[]; stdout: string }> {
  const { stdout, code } = await promisify(execFile)(process.execPath, [cli.file, ...args], { cwd: fixture.path }).then(
    (done) => ({ ...done, code: 0 }),
    (failed: { stdout: string; code: number }) => failed,
  );
  return { status: code, lines: stdout.split('\n').filter((line) => line !== ''), stdout };
}

beforeAll(async () => {
  cli = await compileCli();
  fixture = await tempFolder('located');
  await mkdir(join(fixture.path, STEP), { recursive: true });
  for (const [file, text] of Object.entries(FILES)) await writeFile(join(fixture.path, file), text);
  await writeFile(join(fixture.path, STEP, 'icon.png'), makePng(32, 32));
  await buildAll(fixture.path, [NAME]);
  const model = readAddonXml(await readFile(join(fixture.path, ADDON)));
  const [read, test, script, testBlock] = [FILES[`${STEP}/read.ts`]!, FILES[`${STEP}/test.ts`]!, model.script ?? '', model.test ?? ''];
  at = {
    readTs: placeOf(read, 'deeper;'),
    readXml: placeOf(script, 'deeper;'),
    probeTs: placeOf(read, 'probe.nothing!'),
    probeXml: placeOf(script, 'probe.nothing.deeper'),
    expectTs: placeOf(test, 'toEqual(3)'),
    expectXml: placeOf(testBlock, 'toEqual(3)'),
    callTs: placeOf(test, 'expect(sum)'),
    callXml: placeOf(testBlock, 'expect(sum)'),
  };
}, 120_000);

afterAll(async () => {
  await cli.remove();
  await fixture.remove();
});

describe("a step of the package the file is in: the TypeScript place, then the XML's", () => {
  it('qaddon test (Node tier), in the package folder: paths relative to it', { timeout: 120_000 }, async () => {
    const run = await qaddon('test', ADDON);
    expect(run.lines).toEqual([
      `${ADDON} (Node)`,
      `  ✗ reads too deep: ${READ_OF_UNDEFINED} (at ${STEP}/read.ts:${at.readTs}; <script>:${at.readXml})`,
      `  ✗ fails on purpose: expected 3, but got 2 (at ${STEP}/test.ts:${at.expectTs}; <test>:${at.expectXml})`,
      expect.stringMatching(/^file /),
      expect.stringMatching(/ 0 +2$/),
      expect.stringMatching(/^\(Node tier: \d+\.\d s\)$/),
      '0 passed, 2 failed',
    ]);
    expect(run.status).toBe(1);
  });

  it.skipIf(graalMissing)("qaddon test-graaljs (GraalJS tier, on the run's one JVM, run from another folder: absolute paths)", { timeout: 300_000 }, async () => {
    const run = await testGraalJsCli([join(fixture.path, ADDON)]);
    const [read, test] = [join(fixture.path, STEP, 'read.ts'), join(fixture.path, STEP, 'test.ts')];
    // GraalJS places a property read at the start of the whole expression and a call at the
    // start of the callee, V8 at the property: either is a place of the add-on's own code.
    expect([at.probeTs, at.readTs].map((ts, index) => `  ✗ reads too deep: ${GRAAL_READ_OF_UNDEFINED} (at ${read}:${ts}; <script>:${[at.probeXml, at.readXml][index]})`)).toContain(
      run.lines.find((line) => line.startsWith('  ✗ reads too deep: ')),
    );
    expect([at.callTs, at.expectTs].map((ts, index) => `  ✗ fails on purpose: expected 3, but got 2 (at ${test}:${ts}; <test>:${[at.callXml, at.expectXml][index]})`)).toContain(
      run.lines.find((line) => line.startsWith('  ✗ fails on purpose: ')),
    );
    expect(run.status).toBe(1);
  });

  it('sources changed since the build: the XML location only (no TypeScript line that may be wrong)', { timeout: 120_000 }, async () => {
    const main = join(fixture.path, STEP, 'main.ts');
    await writeFile(main, FILES[`${STEP}/main.ts`]!.replace('engine.log(deeperOf({ text }))', "engine.log('A1: ' + deeperOf({ text }))"));
    try {
      const run = await qaddon('test', ADDON);
      expect(run.lines).toContain(`  ✗ reads too deep: ${READ_OF_UNDEFINED} (at <script>:${at.readXml})`);
      expect(run.stdout).not.toContain('.ts:');
    } finally {
      await writeFile(main, FILES[`${STEP}/main.ts`]!);
    }
  });

  it('a comment added since the build (the same script): the line where that code is now', { timeout: 120_000 }, async () => {
    const read = join(fixture.path, STEP, 'read.ts');
    await writeFile(read, `// a line added after the build\n${FILES[`${STEP}/read.ts`]!}`);
    try {
      const run = await qaddon('test', ADDON);
      const [line, column] = at.readTs.split(':').map(Number);
      expect(run.lines).toContain(`  ✗ reads too deep: ${READ_OF_UNDEFINED} (at ${STEP}/read.ts:${line! + 1}:${column}; <script>:${at.readXml})`);
    } finally {
      await writeFile(read, FILES[`${STEP}/read.ts`]!);
    }
  });

  it("a load error: its text names the XML location; the step's TypeScript place leads it", async () => {
    const result: AddonResult = { file: ADDON, name: NAME, loadError: `TypeError: ${READ_OF_UNDEFINED} (${NAME}.xml <script>:${at.readXml})`, tests: [] };
    const lines = formatResults([result], 'Node', await stepSourcesOf([result], fixture.path));
    expect(lines).toContain(`  ✗ could not load: ${result.loadError} (at ${STEP}/read.ts:${at.readTs}; <script>:${at.readXml})`);
  });
});

describe('a third-party add-on: the XML location only', () => {
  const script = '\nfunction deeperOf(value) {\n  return value.nothing.deeper;\n}\nfunction main() {\n  engine.log(deeperOf({}));\n}\n';
  const test = "\ntest('reads too deep', function () {\n  main();\n});\ntest('expects wrongly', function () {\n  expect(1 + 1).toEqual(3);\n});\n";
  let files: Record<'outside' | 'namedLikeTheStep', string>;
  let outside: { path: string; remove: () => Promise<void> };

  beforeAll(async () => {
    outside = await tempFolder('third-party');
    files = { outside: join(outside.path, 'third-party.xml'), namedLikeTheStep: join(fixture.path, 'downloads', `${NAME}.xml`) };
    await mkdir(join(fixture.path, 'downloads'));
    // Outside any package; and named like the step, in the package that has it: not what its sources build either.
    for (const file of Object.values(files)) await writeFile(file, validXml({ script, test }));
  });

  afterAll(async () => {
    await outside.remove();
  });

  it.each([['outside any package', 'outside'], ['named like a step of the package it is in', 'namedLikeTheStep']] as const)('qaddon test: %s', { timeout: 120_000 }, async (_, which) => {
    const run = await qaddon('test', files[which]);
    expect(run.lines).toContain(`  ✗ reads too deep: ${READ_OF_UNDEFINED} (at <script>:${placeOf(script, 'deeper;')})`);
    expect(run.lines).toContain(`  ✗ expects wrongly: expected 3, but got 2 (at <test>:${placeOf(test, 'toEqual(3)')})`);
    expect(run.stdout).not.toContain('.ts:');
  });

  it.skipIf(graalMissing)('qaddon test-graaljs', { timeout: 300_000 }, async () => {
    const run = await testGraalJsCli([files.outside]);
    expect([placeOf(script, 'value.nothing'), placeOf(script, 'deeper;')].map((place) => `  ✗ reads too deep: ${GRAAL_READ_OF_UNDEFINED} (at <script>:${place})`)).toContain(
      run.lines.find((line) => line.startsWith('  ✗ reads too deep: ')),
    );
    expect([placeOf(test, 'expect(1 + 1)'), placeOf(test, 'toEqual(3)')].map((place) => `  ✗ expects wrongly: expected 3, but got 2 (at <test>:${place})`)).toContain(
      run.lines.find((line) => line.startsWith('  ✗ expects wrongly: ')),
    );
    expect(run.lines.join('\n')).not.toContain('.ts:');
  });
});
