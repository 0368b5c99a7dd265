/**
 * The GraalJS driver against the real engine (skipped when no JDK >= 22 or no mvn is available).
 * The first run downloads GraalJS from Maven Central into ~/.m2, hence the long timeout.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findGraalToolchain, runInGraalJs, type GraalAddonInput, type GraalAddonOutcome, type GraalToolchain } from '../src/host/graaljs.js';
import { tempFolder, validModel, writeAddonFile } from './support/addons.js';

const toolchain = findGraalToolchain();
const missing = 'missing' in toolchain ? toolchain.missing : undefined;

/** A stand-in for the local Questetra host: reports whether main() exists and whether `leaked` is visible. */
const FAKE_HOST = `
var __qaddonHost = {
  declareConfigs: function (configs) { this.declared = configs; },
  runTests: function () {
    return JSON.stringify({
      tests: [{ name: 'a', passed: typeof main === 'function', error: null }],
      declared: this.declared,
      leakedType: typeof leaked,
    });
  },
};
`;

/** A host that creates a Java object, as the real host does for decimal data items. */
const BIG_DECIMAL_HOST = `
var __qaddonHost = {
  declareConfigs: function () {},
  runTests: function () {
    var BigDecimal = Java.type('java.math.BigDecimal');
    return JSON.stringify({ tests: [], decimal: new BigDecimal('1.50').toPlainString() });
  },
};
`;

function byName(outcomes: GraalAddonOutcome[], name: string): GraalAddonOutcome {
  const outcome = outcomes.find((o) => o.name === name);
  if (!outcome) throw new Error(`no outcome for ${name}`);
  return outcome;
}

function resultOf(outcome: GraalAddonOutcome): Record<string, any> {
  if (!('resultJson' in outcome)) throw new Error(`expected a result, got load error: ${outcome.loadError}`);
  return JSON.parse(outcome.resultJson) as Record<string, any>;
}

function loadErrorOf(outcome: GraalAddonOutcome): string {
  if (!('loadError' in outcome)) throw new Error(`expected a load error, got result: ${outcome.resultJson}`);
  return outcome.loadError;
}

let folder: { path: string; remove: () => Promise<void> } | undefined;

/** Writes each add-on as <temp>/<name>.xml (the base test model with this script and test): the runner reads files. */
async function addonFiles(addons: { name: string; script: string; test: string }[]): Promise<GraalAddonInput[]> {
  folder ??= await tempFolder('graaljs');
  const path = folder.path;
  return Promise.all(addons.map(async ({ name, script, test }) => ({ file: await writeAddonFile(path, name, validModel({ script, test })) })));
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

describe('runInGraalJs input checks', () => {
  it('rejects add-on names that are not plain file names', async () => {
    const fake: GraalToolchain = { javaHome: '/nonexistent', javaVersion: 22, mvn: '/nonexistent/mvn' };
    await expect(runInGraalJs(fake, FAKE_HOST, [{ file: '/tmp/bad name.xml' }])).rejects.toThrow(/invalid add-on name/);
    await expect(runInGraalJs(fake, FAKE_HOST, [{ file: 'a/x.xml' }, { file: 'b/x.xml' }])).rejects.toThrow(/duplicate add-on name/);
  });
});

describe.skipIf(missing !== undefined)('runInGraalJs (real GraalJS)', { timeout: 600_000 }, () => {
  let outcomes: GraalAddonOutcome[];

  beforeAll(async () => {
    outcomes = await runInGraalJs(
      toolchain as GraalToolchain,
      FAKE_HOST,
      await addonFiles([
        { name: 'normal', script: 'function main() { return 1; }', test: 'var t = 1;' },
        { name: 'es2021', script: 'function main() {}\nvar x; x ??= 1;', test: '' },
        { name: 'console', script: "function main() {}\nconsole.log('x');", test: '' },
        { name: 'leaker', script: 'var leaked = 1;\nfunction main() {}', test: '' },
        { name: 'after-leaker', script: 'function main() {}', test: '' },
      ]),
    );
  }, 600_000);

  it('runs a normal add-on and returns the host JSON', () => {
    expect(outcomes.map((o) => o.name)).toEqual(['normal', 'es2021', 'console', 'leaker', 'after-leaker']);
    expect(resultOf(byName(outcomes, 'normal')).tests[0].passed).toBe(true);
  });

  it('declares the configs the XML file holds to the host, after the <test> block', () => {
    expect(resultOf(byName(outcomes, 'normal')).declared).toEqual([{ name: 'StrConfA1', formType: 'TEXTFIELD' }]);
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
    expect(resultOf(byName(outcomes, 'leaker')).leakedType).toBe('number');
    expect(resultOf(byName(outcomes, 'after-leaker')).leakedType).toBe('undefined');
  });

  it('lets the host create java.math.BigDecimal via Java.type', async () => {
    const [outcome] = await runInGraalJs(
      toolchain as GraalToolchain,
      BIG_DECIMAL_HOST,
      await addonFiles([{ name: 'decimal', script: 'function main() {}', test: '' }]),
    );
    expect(resultOf(outcome!).decimal).toBe('1.50');
  });

  it('does not let scripts load other Java classes', async () => {
    const [outcome] = await runInGraalJs(
      toolchain as GraalToolchain,
      FAKE_HOST,
      await addonFiles([{ name: 'file', script: "var File = Java.type('java.io.File');", test: '' }]),
    );
    expect(loadErrorOf(outcome!)).toMatch(/^TypeError: Access to host class java\.io\.File is not allowed/);
  });
});
