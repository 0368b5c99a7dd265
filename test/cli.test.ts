/** `qaddon lint` and `qaddon test` as a user runs them: printed lines and exit status. */
import { readdirSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testAddonFiles } from '../src/host/test-addons.js';
import { tempFolder, validModel, writeAddonFile } from './support/addons.js';
import { compileCli, type Cli } from './support/cli.js';
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

  it.each(hostileCases().map((c) => [c.name, c] as const))(
    'refuses %s (an XML case of issue 8) with one line and exit 1',
    async (name, hostile) => {
      const file = join(folder.path, `${name}.xml`);
      await writeFile(file, hostile.bytes);
      const run = await cli.run(['lint', file]);
      expect(run.lines).toHaveLength(2);
      expect(run.lines[0]?.startsWith(`${file}: ${hostile.element}: `)).toBe(true);
      expect(run.lines[0]?.slice(`${file}: ${hostile.element}: `.length)).toMatch(hostile.rule);
      expect(run.lines[1]).toBe('1 problem(s)');
      expect(run.status).toBe(1);
    },
  );

  it('exits 2 saying what is missing, with a pointer to its help, when given no file', async () => {
    const run = await cli.run(['lint']);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe("qaddon lint: name at least one add-on file or folder\nRun 'qaddon lint --help' for its arguments and examples.\n");
  });
});

describe('qaddon test', () => {
  it(`runs ${CANCEL}: one line per test, then "N passed, 0 failed", exit 0`, async () => {
    const [expected] = await testAddonFiles([join(ROOT, CANCEL)], { engine: 'node' });
    const count = expected?.tests.length ?? 0;
    expect(count).toBeGreaterThan(0);

    const run = await cli.run(['test', CANCEL]);
    expect(run.lines[0]).toBe(`${CANCEL} (Node)`);
    const testLines = run.lines.filter((line) => /^ {2}[✓✗] /.test(line));
    expect(testLines).toEqual(expected?.tests.map((test) => `  ✓ ${test.name}`));
    // The per-file table: a header, then the file with its counts.
    expect(run.lines).toContainEqual(expect.stringMatching(/^file\s+passed\s+failed$/));
    expect(run.lines).toContainEqual(expect.stringMatching(new RegExp(`^${CANCEL}\\s+${count}\\s+0$`)));
    // The timing line, then the closing tally as the very last line.
    expect(run.lines.at(-2)).toMatch(/^\(Node tier: \d+\.\d s\)$/);
    expect(run.lines.at(-1)).toBe(`${count} passed, 0 failed`);
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
    expect(run.lines).toContain('  ✗ wrong: expected 2, but got 1');
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
    expect(run.lines).toContain('  ✗ ok\\n9 passed, 0 failed\\u001b[2K: no\\r\\nreally');
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
