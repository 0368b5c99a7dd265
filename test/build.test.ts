/**
 * The build end to end, on a temporary copy of the package (the Cancel step only, so that the
 * test does not depend on steps being written): deterministic output, a readable script, and
 * refusals that name the add-on.
 */
import { existsSync } from 'node:fs';
import { cp, mkdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { parse, type Node } from 'acorn';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { lintAddonXml } from '../src/addon/lint.js';
import { badXmlChars } from '../src/addon/xml-chars.js';
import { readAddonXml } from '../src/addon/xml-read.js';
import { buildAddon } from '../src/build/build-addon.js';
import { buildAll } from '../src/build/build-all.js';
import { testAddonFiles } from '../src/host/test-addons.js';
import { tempFolder } from './support/addons.js';
import { makePng } from './support/png.js';

const ROOT = join(import.meta.dirname, '..');
const STEP = 'src/steps/openai-ftjob-cancel';
const NAME = 'openai-ftjob-cancel';
/** The step folders copied: the one built, and what it imports. */
const COPIED_STEPS = new Set(['shared', NAME]);

let copy: { path: string; remove: () => Promise<void> };
const originals = new Map<string, string>();

/** Replaces `search` in a file of the copy (restored before the next test). */
async function edit(file: string, search: string | RegExp, replacement: string): Promise<void> {
  const path = join(copy.path, file);
  const text = await readFile(path, 'utf8');
  if (!originals.has(file)) originals.set(file, text);
  const changed = text.replace(search, replacement);
  expect(changed, `${file} should contain ${String(search)}`).not.toBe(text);
  await writeFile(path, changed);
}

async function buildError(): Promise<Error> {
  try {
    await buildAddon(copy.path, STEP);
  } catch (error) {
    return error as Error;
  }
  throw new Error('the build succeeded');
}

beforeAll(async () => {
  copy = await tempFolder('build');
  await cp(join(ROOT, 'package.json'), join(copy.path, 'package.json'));
  await cp(join(ROOT, 'src'), join(copy.path, 'src'), {
    recursive: true,
    filter: (source) => {
      const parts = relative(join(ROOT, 'src'), source).split(sep);
      return !(parts[0] === 'steps' && parts.length > 1 && !COPIED_STEPS.has(parts[1] ?? ''));
    },
  });
  await symlink(join(ROOT, 'node_modules'), join(copy.path, 'node_modules'), 'dir');
});

afterAll(async () => {
  await copy.remove();
});

beforeEach(async () => {
  for (const [file, text] of originals) await writeFile(join(copy.path, file), text);
  originals.clear();
});

describe('buildAll', () => {
  it('refuses a step folder with a file missing, naming each with what belongs in it', async () => {
    const folder = join(copy.path, 'src/steps/half-done');
    await mkdir(folder);
    try {
      await cp(join(copy.path, STEP, 'main.ts'), join(folder, 'main.ts'));
      const error = await buildAll(copy.path).then(
        () => new Error('the build succeeded'),
        (thrown: Error) => thrown,
      );
      expect(error.message.split('\n')).toEqual([
        expect.stringMatching(/^src\/steps\/half-done\/definition\.ts: missing; it holds the add-on's name, labels, summary and configs: `export const definition: AddonDefinition = /),
        expect.stringMatching(/^src\/steps\/half-done\/test\.ts: missing; it holds its <test> block: `test\('…', function \(\) \{ … \}\);` cases/),
        'src/steps/half-done/icon.png: missing; it holds its 32x32 PNG icon: add the step\'s glyph to build/make-icons.mjs and run `node build/make-icons.mjs half-done`',
        '(`qaddon new half-done` writes a step folder with all four, to fill in)',
      ]);
      expect(existsSync(join(copy.path, 'addons'))).toBe(false);
    } finally {
      await rm(folder, { recursive: true });
    }
  });

  it("refuses a copied step: its test.ts and icon.png byte for byte another step's", async () => {
    const folder = join(copy.path, 'src/steps/openai-ftjob-copy');
    await cp(join(copy.path, STEP), folder, { recursive: true });
    try {
      await edit('src/steps/openai-ftjob-copy/definition.ts', `name: '${NAME}'`, "name: 'openai-ftjob-copy'");
      const error = await buildAll(copy.path).then(
        () => new Error('the build succeeded'),
        (thrown: Error) => thrown,
      );
      expect(error.message.split('\n')).toEqual([
        `${STEP}/test.ts and src/steps/openai-ftjob-copy/test.ts are byte for byte the same; write each step's own <test> block: cases that run its main() against the answers it expects`,
        `${STEP}/icon.png and src/steps/openai-ftjob-copy/icon.png are byte for byte the same; draw each step's own: give it a glyph in build/make-icons.mjs and run \`node build/make-icons.mjs <name>\``,
      ]);
      expect(existsSync(join(copy.path, 'addons'))).toBe(false);
    } finally {
      originals.delete('src/steps/openai-ftjob-copy/definition.ts');
      await rm(folder, { recursive: true });
    }
  });

  it('is deterministic: a second build writes nothing and the bytes are the same', async () => {
    const first = await buildAll(copy.path);
    expect(first).toEqual([{ file: join('addons', `${NAME}.xml`), bytes: expect.any(Number) as number, changed: true }]);
    const file = join(copy.path, 'addons', `${NAME}.xml`);
    const bytes = await readFile(file);
    const modified = (await stat(file)).mtimeMs;
    expect(first[0]?.bytes).toBe(bytes.length);

    const second = await buildAll(copy.path);
    expect(second).toEqual([{ ...first[0], changed: false }]);
    expect((await readFile(file)).equals(bytes)).toBe(true);
    expect((await stat(file)).mtimeMs).toBe(modified);
  });

  it('does not depend on where the package lives: the copy builds addons/ exactly as committed', async () => {
    const built = await buildAddon(copy.path, STEP);
    expect(built.xml).toBe(await readFile(join(ROOT, 'addons', `${NAME}.xml`), 'utf8'));
  });
});

describe('buildAll, a copied step whose test.ts differs in a comment only', () => {
  it('refuses it: the <test> blocks it builds are the same', async () => {
    const folder = join(copy.path, 'src/steps/openai-ftjob-copy');
    await cp(join(copy.path, STEP), folder, { recursive: true });
    try {
      await writeFile(join(folder, 'icon.png'), makePng(32, 32));
      const definition = join(folder, 'definition.ts');
      await writeFile(definition, (await readFile(definition, 'utf8')).replace(`name: '${NAME}'`, "name: 'openai-ftjob-copy'"));
      const test = join(folder, 'test.ts');
      await writeFile(test, `// A copy, with a comment of its own.\n${await readFile(test, 'utf8')}`);
      await expect(buildAll(copy.path)).rejects.toThrow(
        `src/steps/openai-ftjob-copy/test.ts: builds the same <test> block as ${STEP}/test.ts; write the step's own <test> block: cases that run its main() against the answers it expects`,
      );
    } finally {
      await rm(folder, { recursive: true });
    }
  });
});

describe('the bundled script', () => {
  let script: string;
  let test: string;

  beforeAll(async () => {
    const model = readAddonXml((await buildAddon(copy.path, STEP)).xml);
    script = model.script ?? '';
    test = model.test ?? '';
  });

  it('declares function main() at top level', () => {
    const program = parse(script, { ecmaVersion: 2020, sourceType: 'script' });
    const functions = program.body
      .filter((node: Node) => node.type === 'FunctionDeclaration')
      .map((node) => (node as Node & { id: { name: string } }).id.name);
    expect(functions).toContain('main');
  });

  it('has no import, export or require', () => {
    expect(() => parse(script, { ecmaVersion: 2020, sourceType: 'script' })).not.toThrow();
    expect(script).not.toMatch(/^\s*(import|export)\b/m);
    expect(script).not.toMatch(/\brequire\s*\(/);
  });

  it('has no bundler helpers (__name, __defProp, …)', () => {
    expect(script).not.toMatch(/\b__[A-Za-z]\w*/);
    expect(test).not.toMatch(/\b__[A-Za-z]\w*/);
  });

  it('is not minified: many lines, original function names, comments on where it came from', () => {
    expect(script.split('\n').length).toBeGreaterThan(50);
    expect(script).toMatch(/^function readJobId\(configName\) \{$/m);
    expect(script).toMatch(/^function cancelOrFindEnded\(connection, jobId\) \{$/m);
    expect(script).toContain(`// Built from ${STEP}/main.ts`);
    expect(script).toContain('// src/lib/');
    expect(Math.max(...script.split('\n').map((line) => line.length))).toBeLessThan(400);
  });

  it('wraps the test block in a function, so its names do not collide with the script', () => {
    expect(test).toMatch(/\n\(function \(\) \{\n[\s\S]*\}\)\(\);\n$/);
  });
});

describe('the build refuses, naming the add-on and the TypeScript file and line (source map)', () => {
  it("console.log('x') in main.ts", async () => {
    await edit(`${STEP}/main.ts`, 'export function main(): void {', "export function main(): void {\n  console.log('x');");
    const line = await lineOf(`${STEP}/main.ts`, "console.log('x')");
    const message = (await buildError()).message;
    expect(message).toMatch(new RegExp(`^${STEP}/main\\.ts:${line}: ${NAME} <script>: refers to 'console', which is neither`));
    // The file and line once, at the start.
    expect(message.split(`main.ts:${line}`)).toHaveLength(2);
  });

  it('two globals on different lines: the first at the start, the other with its own file and line', async () => {
    await edit(`${STEP}/main.ts`, 'export function main(): void {', "export function main(): void {\n  console.log('x');");
    await edit('src/lib/job-id.ts', /\nexport function readJobId\(configName: string\): string \{/, "\nexport function readJobId(configName: string): string {\n  if (process.env['X']) throw new Error('x');");
    const mainLine = await lineOf(`${STEP}/main.ts`, "console.log('x')");
    const libLine = await lineOf('src/lib/job-id.ts', "process.env['X']");
    const message = (await buildError()).message;
    const [first, second] = message.includes("'process' (") ? ['console', 'process'] : ['process', 'console'];
    const places: Record<string, string> = { console: `${STEP}/main.ts:${mainLine}`, process: `src/lib/job-id.ts:${libLine}` };
    expect(message.startsWith(`${places[first]}: ${NAME} <script>: refers to '${first}', '${second}' (${places[second]}), which are neither`), message).toBe(true);
  });

  it('a Node global in a file of src/lib the step imports: that file and line', async () => {
    await edit('src/lib/job-id.ts', /\nexport function readJobId\(configName: string\): string \{/, "\nexport function readJobId(configName: string): string {\n  if (process.env['X']) throw new Error('x');");
    const line = await lineOf('src/lib/job-id.ts', "process.env['X']");
    expect((await buildError()).message).toMatch(new RegExp(`^src/lib/job-id\\.ts:${line}: ${NAME} <script>: refers to 'process'`));
  });

  it('let x; x ??= 1; in main.ts', async () => {
    await edit(`${STEP}/main.ts`, 'export function main(): void {', 'export function main(): void {\n  let x: number | undefined;\n  x ??= 1;\n  engine.log(String(x));');
    const line = await lineOf(`${STEP}/main.ts`, 'x ??= 1;');
    const message = (await buildError()).message;
    expect(message).toMatch(new RegExp(`^${STEP}/main\\.ts:${line}: ${NAME} <script>: not valid ECMAScript 2020`));
    expect(message).toContain('x ??= 1;');
  });

  it('setTimeout in test.ts, as a <test> problem', async () => {
    await edit(`${STEP}/test.ts`, "const JOB_ID = 'ftjob-abc123';", "const JOB_ID = 'ftjob-abc123';\nsetTimeout(() => undefined, 1);");
    const line = await lineOf(`${STEP}/test.ts`, 'setTimeout(');
    const message = (await buildError()).message;
    expect(message).toMatch(new RegExp(`^${STEP}/test\\.ts:${line}: ${NAME} <test>: refers to 'setTimeout'`));
  });

  it('a main.ts that does not export main()', async () => {
    await edit(`${STEP}/main.ts`, 'export function main(): void {', 'export function run(): void {');
    expect((await buildError()).message).toBe(`${STEP}/main.ts: ${NAME} <script>: main.ts must export function main() (definition.entryPoints names it)`);
  });

  it('a default export in main.ts (the bundle would keep module syntax GraalJS rejects in a script)', async () => {
    await edit(`${STEP}/main.ts`, 'export function main(): void {', 'export default function other(): void {}\nexport function main(): void {');
    expect((await buildError()).message).toBe(`${STEP}/main.ts: has a default export; export the function under its own name`);
  });

  it('an import of a file that does not exist: the importing file and line, said plainly', async () => {
    await edit(`${STEP}/main.ts`, "import { readJobId } from '../../lib/job-id';", "import { readJobId } from '../../lib/job-ids';");
    const line = await lineOf(`${STEP}/main.ts`, 'job-ids');
    expect((await buildError()).message).toBe(`${STEP}/main.ts:${line}: cannot import "../../lib/job-ids": no such file (imports are relative to the importing file, without .ts)`);
  });

  it('an empty label or summary, in either language, as qaddon new leaves them', async () => {
    await edit(`${STEP}/definition.ts`, "ja: 'OpenAI #FtJob: キャンセル',", "ja: '  ',");
    await edit(`${STEP}/definition.ts`, /en: 'Cancels a fine-tuning job[^\n]*',/, "en: '',");
    const message = (await buildError()).message;
    expect(message.split('\n')).toEqual([
      expect.stringMatching(new RegExp(`^${STEP}/definition\\.ts: label\\.ja is empty; write the step's name as the process modeler lists it .* in Japanese$`)),
      expect.stringMatching(new RegExp(`^${STEP}/definition\\.ts: summary\\.en is empty; write what the step does, .* in English$`)),
    ]);
  });

  it('a config label longer than 64 characters in definition.ts, with the lint rule', async () => {
    await edit(`${STEP}/definition.ts`, "en: 'A2: Store the status of an already ended job instead of failing',", `en: 'A2: ${'L'.repeat(90)}',`);
    expect((await buildError()).message).toBe(`${NAME}: <config name="StrConfA2">: <label>: is 94 characters; the limit is 64`);
  });

  it('a label longer than 64 characters in definition.ts, with the lint rule', async () => {
    await edit(`${STEP}/definition.ts`, "en: 'OpenAI #FtJob: Cancel',", `en: '${'L'.repeat(65)}',`);
    expect((await buildError()).message).toBe(`${NAME}: <label>: is 65 characters; the limit is 64`);
  });
});

/** The 1-based line of `text` in a file of the copy. */
async function lineOf(file: string, text: string): Promise<number> {
  const lines = (await readFile(join(copy.path, file), 'utf8')).split('\n');
  const index = lines.findIndex((line) => line.includes(text));
  expect(index, `${file} should contain ${text}`).toBeGreaterThanOrEqual(0);
  return index + 1;
}

describe('characters XML 1.0 cannot carry (U+0001, U+FFFE, lone surrogates)', () => {
  const TEST_FILE = `${STEP}/test.ts`;

  it('in string literals, a regular expression and an untagged template of the code: written as escapes, the program unchanged', async () => {
    // Escapes esbuild turns into raw characters, and raw characters in the TypeScript source
    // (a regular expression esbuild copies as written, after a backslash too).
    const cases = [
      "const XML_A = 'a\\u0001b';",
      "const XML_B = 'c\uFFFEd\\uFFFF';",
      "const XML_C = /x\u0002y\\\u0004/.source;",
      'const XML_D = `t\\u0003${JOB_ID}`;',
      "const XML_E = 'lone \\uD800';",
    ];
    const checks = [
      "test('characters XML cannot carry keep their values', () => {",
      '  const codes = (text: string) => Array.from(text, (char) => char.charCodeAt(0));',
      '  expect(codes(XML_A)).toEqual([0x61, 0x01, 0x62]);',
      '  expect(codes(XML_B)).toEqual([0x63, 0xfffe, 0x64, 0xffff]);',
      '  expect(new RegExp(XML_C).test(`x${String.fromCharCode(2)}y${String.fromCharCode(4)}`)).toEqual(true);',
      '  expect(codes(XML_D).slice(0, 2)).toEqual([0x74, 0x03]);',
      '  expect(codes(XML_E).slice(-1)).toEqual([0xd800]);',
      '});',
    ];
    await edit(TEST_FILE, "const JOB_ID = 'ftjob-abc123';", ["const JOB_ID = 'ftjob-abc123';", ...cases, ...checks].join('\n'));
    const { xml, model } = await buildAddon(copy.path, STEP);
    expect(badXmlChars(xml)).toEqual([]);
    expect(lintAddonXml(Buffer.from(xml))).toEqual([]);
    expect(readAddonXml(xml).test).toBe(model.test);
    for (const escape of ['"a\\u0001b"', '"c\\uFFFEd\\uFFFF"', '/x\\u0002y\\u0004/', '`t\\u0003${JOB_ID}`', '"lone \\uD800"']) {
      expect(model.test).toContain(escape);
    }
    // The program is the same: the <test> block, run from the written file, finds the values.
    const file = join(copy.path, 'escaped.xml');
    await writeFile(file, xml);
    const [result] = await testAddonFiles([file], { engine: 'node' });
    expect(result?.loadError).toBeNull();
    expect(result?.tests.find((test) => test.name === 'characters XML cannot carry keep their values')?.passed).toBe(true);
  });

  it("a raw one in a tagged template's raw text fails the build, naming the .ts file and line", async () => {
    await edit(TEST_FILE, /$/, "\ntest('raw', () => {\n  expect(String.raw`a\u0001b`.length).toEqual(3);\n});\n");
    const line = await lineOf(TEST_FILE, 'String.raw`a');
    expect((await buildError()).message).toMatch(
      new RegExp(`^${TEST_FILE}:${line}: U\\+0001 in a tagged template's raw text \\(String\\.raw and other tags see it as written\\) cannot go into the add-on's XML`),
    );
  });

  it('a lone surrogate in the code does not become U+FFFD: a second build reports the file unchanged', async () => {
    await edit(TEST_FILE, "const JOB_ID = 'ftjob-abc123';", "const JOB_ID = 'ftjob-abc123';\nengine.log('\\uD83D alone');");
    const first = await buildAll(copy.path);
    const bytes = await readFile(join(copy.path, 'addons', `${NAME}.xml`));
    expect(bytes.includes(Buffer.from('\uFFFD', 'utf8'))).toBe(false);
    expect(bytes.toString('utf8')).toContain('engine.log("\\uD83D alone")');
    expect(first[0]?.changed).toBe(true);
    expect((await buildAll(copy.path))[0]?.changed).toBe(false);
  });

  it('in a label of definition.ts: the build fails naming the definition field', async () => {
    await edit(`${STEP}/definition.ts`, "ja: 'OpenAI #FtJob: キャンセル',", "ja: 'OpenAI #FtJob: \\u0001キャンセル',");
    expect((await buildError()).message).toBe(
      `${NAME}: definition.label.ja: holds U+0001 at index 15, which XML 1.0 cannot carry (the platform would refuse the file); remove it`,
    );
  });

  it('U+FFFE in a config label and a lone surrogate in the summary: each field named', async () => {
    // A1's label is the shared job ID config's (src/steps/shared/job-id-config.ts).
    await edit('src/steps/shared/job-id-config.ts', 'en: `${key}: Set Job ID (', 'en: `${key}: Set Job ID \\uFFFE(');
    await edit(`${STEP}/definition.ts`, "en: 'Cancels a fine-tuning job", "en: 'Cancels \\uDC00a fine-tuning job");
    const lines = (await buildError()).message.split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(new RegExp(`^${NAME}: definition\\.summary\\.en: holds U\\+DC00 \\(a lone surrogate\\) at index 8, `));
    expect(lines[1]).toMatch(new RegExp(`^${NAME}: definition\\.configs\\[\\d+\\]\\.label\\.en: holds U\\+FFFE at index 15, `));
  });
});
