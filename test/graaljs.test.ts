/**
 * The GraalJS driver against the real engine (skipped when no JDK >= 22 or no mvn is available),
 * in the tier service's one JVM (test/support/tiers.ts).
 * The first run downloads GraalJS from Maven Central into ~/.m2, hence the long timeout.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findGraalToolchain } from '../src/host/graaljs.js';
import type { AddonResult } from '../src/host/test-addons.js';
import { tempFolder, validModel, writeAddonFile } from './support/addons.js';
import { inGraalJs, readWithJdk } from './support/tiers.js';

type EngineOutcome = AddonResult;

const toolchain = findGraalToolchain();
const missing = 'missing' in toolchain ? toolchain.missing : undefined;

function byName(outcomes: EngineOutcome[], name: string): EngineOutcome {
  const outcome = outcomes.find((o) => o.name === name);
  if (!outcome) throw new Error(`no outcome for ${name}`);
  return outcome;
}

function testsOf(outcome: EngineOutcome): EngineOutcome['tests'] {
  if (outcome.loadError !== null) throw new Error(`expected a result, got load error: ${outcome.loadError}`);
  return outcome.tests;
}

function loadErrorOf(outcome: EngineOutcome): string {
  if (outcome.loadError === null) throw new Error(`expected a load error, got tests: ${JSON.stringify(outcome.tests)}`);
  return outcome.loadError;
}

let folder: { path: string; remove: () => Promise<void> } | undefined;

/** Writes each add-on as <temp>/<name>.xml (the base test model with this script and test): the runner reads files. */
async function addonFiles(addons: { name: string; script: string; test: string }[]): Promise<string[]> {
  folder ??= await tempFolder('graaljs');
  const path = folder.path;
  return Promise.all(addons.map(async ({ name, script, test }) => writeAddonFile(path, name, validModel({ script, test }))));
}

afterAll(async () => {
  await folder?.remove();
});

describe('findGraalToolchain', () => {
  it('returns a toolchain with a JDK >= 22, or says what is missing', () => {
    if ('missing' in toolchain) expect(toolchain.missing).toMatch(/\S/);
    else expect(toolchain.javaVersion).toBeGreaterThanOrEqual(22);
  });
});

describe.skipIf(missing !== undefined)('runInGraalJs (real GraalJS)', { timeout: 600_000 }, () => {
  let outcomes: EngineOutcome[];

  beforeAll(async () => {
    outcomes = await inGraalJs(
      await addonFiles([
        {
          name: 'normal',
          script: 'function main() { return 1; }',
          test: "test('main exists', function () { if (typeof main !== 'function') fail(); });\ntest('configs declared', function () { configs.put('StrConfA1', 'x'); configs.get('StrConfA1'); });",
        },
        { name: 'undeclared', script: 'function main() {}', test: "test('reads an undeclared config', function () { configs.get('NotInTheFile'); });" },
        { name: 'es2021', script: 'function main() {}\nvar x; x ??= 1;', test: '' },
        { name: 'console', script: "function main() {}\nconsole.log('x');", test: '' },
        { name: 'leaker', script: 'var leaked = 1;\nfunction main() {}', test: "test('sees its own', function () { expect(typeof leaked).toEqual('number'); });" },
        { name: 'after-leaker', script: 'function main() {}', test: "test('sees none', function () { expect(typeof leaked).toEqual('undefined'); });" },
        {
          name: 'java',
          script: 'function main() {}',
          test: `test('BigDecimal', function () { var BigDecimal = Java.type('java.math.BigDecimal'); engine.log(new BigDecimal('1.50').toPlainString()); });
test('File', function () { Java.type('java.io.File'); });`,
        },
      ]),
    );
  }, 600_000);

  it('runs a normal add-on: each test with its verdict, in input order', () => {
    expect(outcomes.map((o) => o.name)).toEqual(['normal', 'undeclared', 'es2021', 'console', 'leaker', 'after-leaker', 'java']);
    expect(testsOf(byName(outcomes, 'normal'))).toMatchObject([
      { name: 'main exists', passed: true, error: null },
      { name: 'configs declared', passed: true, error: null },
    ]);
  });

  it('declares the configs the XML file holds to the host, after the <test> block', () => {
    const [undeclared] = testsOf(byName(outcomes, 'undeclared'));
    expect(undeclared?.passed).toBe(false);
    expect(undeclared?.error).toMatch(/NotInTheFile/);
  });

  it('pins ECMAScript 2020: `??=` is a SyntaxError in the <script> source', () => {
    const error = loadErrorOf(byName(outcomes, 'es2021'));
    expect(error).toMatch(/^SyntaxError: es2021\.xml <script>:2:\d+ /);
  });

  it('has no console: a top-level console.log is a ReferenceError', () => {
    const error = loadErrorOf(byName(outcomes, 'console'));
    expect(error).toMatch(/^ReferenceError: console is not defined/);
    expect(error).toContain('console.xml <script>:2:');
  });

  it('gives every add-on its own context', () => {
    expect(testsOf(byName(outcomes, 'leaker'))[0]?.passed).toBe(true);
    expect(testsOf(byName(outcomes, 'after-leaker'))[0]?.passed).toBe(true);
  });

  it('lets scripts create a listed class (java.math.BigDecimal), and no other', () => {
    const [bigDecimal, file] = testsOf(byName(outcomes, 'java'));
    expect(bigDecimal).toMatchObject({ passed: true, logs: ['1.50'] });
    expect(file).toMatchObject({ passed: false });
    expect(file?.error).toMatch(/Access to host class java\.io\.File is not allowed/);
  });
});

describe.skipIf(missing !== undefined)('file names (real GraalJS)', { timeout: 600_000 }, () => {
  it('runs and reads files of any name: spaces, the same base name in two folders', async () => {
    folder ??= await tempFolder('graaljs');
    const model = (value: string) => validModel({ test: `test('sees ${value}', function () { expect(1).toEqual(1); });` });
    await mkdir(join(folder.path, 'one'), { recursive: true });
    await mkdir(join(folder.path, 'two'), { recursive: true });
    const spaced = await writeAddonFile(folder.path, 'my add-on (copy)', model('spaced'));
    const first = await writeAddonFile(join(folder.path, 'one'), 'same', model('one'));
    const second = await writeAddonFile(join(folder.path, 'two'), 'same', model('two'));
    const [a, b, readings] = await Promise.all([inGraalJs([spaced, first]), inGraalJs([second]), readWithJdk([first, second])]);
    expect(a.map((outcome) => [outcome.name, outcome.tests.map((t) => [t.name, t.passed])])).toEqual([
      ['my add-on (copy)', [['sees spaced', true]]],
      ['same', [['sees one', true]]],
    ]);
    expect(b.map((outcome) => [outcome.name, outcome.tests.map((t) => [t.name, t.passed])])).toEqual([['same', [['sees two', true]]]]);
    expect(readings.map((reading) => ('test' in reading ? reading.test : reading.loadError))).toEqual([
      expect.stringContaining("'sees one'"),
      expect.stringContaining("'sees two'"),
    ]);
  });
});
