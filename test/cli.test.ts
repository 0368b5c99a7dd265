/** `qaddon lint` and `qaddon test` as a user runs them: printed lines and exit status. */
import { readdirSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempFolder, validModel, writeAddonFile } from './support/addons.js';
import { compileCli, type Cli, type CliRun } from './support/cli.js';
import { iconBase64 } from './support/png.js';
import { hostileCases } from './support/xml-cases.js';

const ROOT = join(import.meta.dirname, '..');
const ADDONS = readdirSync(join(ROOT, 'addons'))
  .filter((name) => name.endsWith('.xml'))
  .map((name) => `addons/${name}`);
const CANCEL = 'addons/openai-ftjob-cancel.xml';
const OFFICIAL_STYLE = relative(ROOT, join(import.meta.dirname, 'fixtures', 'lint', 'official-style.xml'));

let cli: Cli;
let folder: { path: string; remove: () => Promise<void> };

beforeAll(async () => {
  cli = await compileCli();
  folder = await tempFolder('cli');
}, 60_000);

afterAll(async () => {
  await cli.remove();
  await folder.remove();
});

describe('qaddon lint', () => {
  it('exits 0 and says so when every file is clean', async () => {
    const run = await cli.run(['lint', ...ADDONS, OFFICIAL_STYLE]);
    expect(run.lines).toEqual([`${ADDONS.length + 1} file(s) checked, no problems`]);
    expect(run.status).toBe(0);
  });

  it('prints one "<file>: <element>: <rule>" line per problem and exits 1', async () => {
    const bad = await writeAddonFile(folder.path, 'bad', validModel({ label: { en: 'x'.repeat(65) }, engineType: '2', icon: iconBase64(64) }));
    const run = await cli.run(['lint', CANCEL, bad]);
    expect(run.lines).toEqual([
      `${bad}: <engine-type>: is 2; it must be 3 (GraalJS standard mode: engine types 0-2 are discontinued)`,
      `${bad}: <label>: is 65 characters; the limit is 64`,
      `${bad}: <icon>: is 64x64; it must be 32x32`,
      '3 problem(s)',
    ]);
    expect(run.status).toBe(1);
  });

  it('reports XML that is not well-formed as a problem of the document', async () => {
    const broken = join(folder.path, 'broken.xml');
    await writeFile(broken, '<service-task-definition>\n  <label>x</label>\n');
    const run = await cli.run(['lint', broken]);
    expect(run.lines[0]?.startsWith(`${broken}: document: is not well-formed XML (line `)).toBe(true);
    expect(run.lines.at(-1)).toBe('1 problem(s)');
    expect(run.status).toBe(1);
  });

  describe('the XML cases of issue 8, all in one run: each file refused with one line, exit 1', () => {
    const cases = hostileCases();
    let run: CliRun;
    const fileOf = (name: string): string => join(folder.path, 'issue-8', `${name}.xml`);

    beforeAll(async () => {
      await mkdir(join(folder.path, 'issue-8'));
      for (const hostile of cases) await writeFile(fileOf(hostile.name), hostile.bytes);
      run = await cli.run(['lint', ...cases.map((hostile) => fileOf(hostile.name))]);
    });

    it('ends with the count of problems, one per file, and exit 1', () => {
      expect(run.lines).toHaveLength(cases.length + 1);
      expect(run.lines.at(-1)).toBe(`${cases.length} problem(s)`);
      expect(run.status).toBe(1);
    });

    it.each(cases.map((c) => [c.name, c] as const))('refuses %s with one line naming the element and the rule', (name, hostile) => {
      const file = fileOf(name);
      const lines = run.lines.filter((line) => line.startsWith(`${file}: `));
      expect(lines).toHaveLength(1);
      expect(lines[0]?.startsWith(`${file}: ${hostile.element}: `)).toBe(true);
      expect(lines[0]?.slice(`${file}: ${hostile.element}: `.length)).toMatch(hostile.rule);
    });
  });

  it('exits 2 saying what is missing, with a pointer to its help, when given no file', async () => {
    const run = await cli.run(['lint']);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe("qaddon lint: name at least one add-on file or folder\nRun 'qaddon lint --help' for its arguments and examples.\n");
  });
});

describe('qaddon test', () => {
  it('runs a file: one line per test, the per-file table, then "N passed, 0 failed", exit 0', async () => {
    const names = ['reads A1', 'logs it', 'runs twice'];
    const file = await writeAddonFile(
      folder.path,
      'passing',
      validModel({ test: names.map((name) => `test('${name}', function () { configs.put('StrConfA1', 'x'); main(); });`).join('\n') }),
    );
    const run = await cli.run(['test', file]);
    expect(run.lines[0]).toBe(`${file} (Node)`);
    expect(run.lines.filter((line) => /^ {2}[✓✗] /.test(line))).toEqual(names.map((name) => `  ✓ ${name}`));
    // The per-file table: a header, then the file with its counts.
    expect(run.lines).toContainEqual(expect.stringMatching(/^file\s+passed\s+failed$/));
    expect(run.lines).toContainEqual(expect.stringMatching(new RegExp(`^${file}\\s+3\\s+0$`)));
    // The timing line, then the closing tally as the very last line.
    expect(run.lines.at(-2)).toMatch(/^\(Node tier: \d+\.\d s\)$/);
    expect(run.lines.at(-1)).toBe('3 passed, 0 failed');
    expect(run.status).toBe(0);
  });

  it('exits 1 when a test fails, printing its error', async () => {
    const file = await writeAddonFile(
      folder.path,
      'failing',
      validModel({ test: "test('ok', function () {});\ntest('wrong', function () { expect(1).toEqual(2); });" }),
    );
    const run = await cli.run(['test', file]);
    expect(run.lines).toContain('  ✓ ok');
    // Where it failed: the first frame of the add-on's own code, `toEqual` on line 2 of <test>.
    expect(run.lines).toContain(`  ✗ wrong: expected 2, but got 1 (at <test>:2:${"test('wrong', function () { expect(1).".length + 1})`);
    expect(run.lines.at(-1)).toBe('1 passed, 1 failed');
    expect(run.status).toBe(1);
  });

  it('exits 1 when an add-on cannot load', async () => {
    const file = await writeAddonFile(folder.path, 'unloadable', validModel({ script: 'function main() {}\nundefinedThing();' }));
    const run = await cli.run(['test', file]);
    expect(run.lines).toContain('  ✗ could not load: ReferenceError: undefinedThing is not defined (unloadable.xml <script>:2:1)');
    expect(run.lines.at(-1)).toBe('0 passed, 1 failed');
    expect(run.status).toBe(1);
  });
});

describe('qaddon test on an add-on written to deceive', () => {
  it('prints names and messages on one line each, control characters escaped, the real tally last', async () => {
    const file = await writeAddonFile(
      folder.path,
      'deceiving',
      validModel({ test: "test('ok\\n9 passed, 0 failed\\u001b[2K', function () { throw new Error('no\\r\\nreally'); });" }),
    );
    const run = await cli.run(['test', file]);
    expect(run.lines).toContain('  ✗ ok\\n9 passed, 0 failed\\u001b[2K: no\\r\\nreally (at <test>:1:61)');
    expect(run.lines.filter((line) => /^\d+ passed, \d+ failed$/.test(line))).toEqual(['0 passed, 1 failed']);
    expect(run.stdout).not.toContain('\u001b');
    expect(run.status).toBe(1);
  });

  it('stops an add-on at --time-limit and fails it', async () => {
    const file = await writeAddonFile(folder.path, 'looping', validModel({ test: "test('loops', function () { for (;;) {} });" }));
    const started = Date.now();
    const run = await cli.run(['test', '--time-limit=0.5', file]);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(run.lines).toContain('  ✗ could not load: did not finish within the time limit of 0.5 s (test "loops" was running)');
    expect(run.lines.at(-1)).toBe('0 passed, 1 failed');
    expect(run.status).toBe(1);
  });

  it('refuses a time limit that is not a positive number of seconds', async () => {
    const run = await cli.run(['test', '--time-limit=soon', CANCEL]);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^qaddon test: --time-limit: 'soon' is not a positive number of seconds/);
  });
});
