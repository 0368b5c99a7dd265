/**
 * The GraalJS tier on whole add-on XML files: every built add-on passes there with the same
 * tests as in Node (this is `npm test`'s GraalJS tier), and a script GraalJS cannot run fails
 * with GraalJS's own message. Runs in the tier service's one JVM (test/support/tiers.ts).
 * Skipped (with the reason) where no JDK >= 22 or Maven is found; with REQUIRE_GRAALJS=1, as CI
 * sets it, that is a failure.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { readAddonXml } from '../../src/addon/xml-read.js';
import { findGraalToolchain } from '../../src/host/graaljs.js';
import { tally } from '../../src/host/test-addons.js';
import { tempFolder, validModel, writeAddonFile } from '../support/addons.js';
import { inGraalJs, inNode } from '../support/tiers.js';

const toolchain = findGraalToolchain();
const missing = 'missing' in toolchain ? toolchain.missing : undefined;
const addonFiles = readdirSync('addons').filter((file) => file.endsWith('.xml')).sort().map((file) => join('addons', file));

test('runs where CI runs it: a JDK >= 22 and Maven are found, or REQUIRE_GRAALJS is not set', () => {
  if (process.env['REQUIRE_GRAALJS'] === '1') expect(missing).toBeUndefined();
});

/** The suite's one temp folder (removed after it), for the add-ons the tests write. */
let folder: { path: string; remove: () => Promise<void> };

beforeAll(async () => {
  folder = await tempFolder('tier');
});

afterAll(async () => {
  await folder?.remove();
});

/** A copy of the Cancel add-on whose script has `edit` applied, written to the suite's temp folder. */
function editedCancelAddon(name: string, edit: (script: string) => string): Promise<string> {
  const model = readAddonXml(readFileSync('addons/openai-ftjob-cancel.xml', 'utf8'));
  return writeAddonFile(folder.path, name, { ...model, script: edit(model.script ?? '') });
}

describe.skipIf(missing !== undefined)(missing ? `GraalJS tier (skipped: ${missing})` : 'GraalJS tier', () => {
  test('every built add-on passes, with the same tests as in the Node tier', async () => {
    const [graal, node] = await Promise.all([inGraalJs(addonFiles), inNode(addonFiles)]);
    expect(addonFiles.length).toBeGreaterThanOrEqual(4);
    for (const result of graal) {
      expect(result.loadError).toBeNull();
      expect(result.tests.filter((outcome) => !outcome.passed).map((outcome) => `${outcome.name}: ${outcome.error}`)).toEqual([]);
      const nodeResult = node.find((other) => other.file === result.file);
      expect(result.tests.map((outcome) => outcome.name)).toEqual(nodeResult?.tests.map((outcome) => outcome.name));
    }
    expect(tally(graal)).toEqual(tally(node));
  }, 300_000);

  test('ES2021 syntax in the script fails with GraalJS\'s own SyntaxError', async () => {
    const file = await editedCancelAddon('es2021', (script) => script.replace('function main() {', 'function main() {\n  let unused; unused ??= 1;'));
    const [result] = await inGraalJs([file]);
    expect(result?.loadError).toMatch(/^SyntaxError: es2021\.xml <script>:\d+:\d+ /);
    expect(tally(result ? [result] : [])).toEqual({ passed: 0, failed: 1 });
  }, 120_000);

  test('a Node-only global fails the tests with GraalJS\'s ReferenceError', async () => {
    const file = await editedCancelAddon('console', (script) => script.replace('function main() {', 'function main() {\n  console.log("x");'));
    const [result] = await inGraalJs([file]);
    expect(result?.loadError).toBeNull();
    const failures = result?.tests.filter((outcome) => !outcome.passed) ?? [];
    expect(failures.length).toBeGreaterThan(10);
    expect(failures.every((outcome) => outcome.stepErrors.includes('console is not defined'))).toBe(true);
  }, 120_000);

  test('a DECIMAL item reaches the script as java.math.BigDecimal, as on the server: real Java here, a stand-in that acts alike in Node', async () => {
    // A script that treats a decimal as a JS number fails in both tiers: `value + 1` joins text.
    const model = validModel({
      test: [
        '',
        "test('decimal', function () {",
        "  const def = engine.createDataDefinition('Amount', 1, 'q_amount', 'DECIMAL');",
        '  engine.setData(def, 1.5);',
        '  const value = engine.findData(def);',
        "  expect(value.toPlainString()).toEqual('1.5');",
        "  expect(value + 1).toEqual('1.51');",
        "  expect(value.setScale(2, java.math.RoundingMode.HALF_UP).toString()).toEqual('1.50');",
        // instanceof, not getClass(): the sandbox allows no reflection.
        "  expect(typeof Java === 'undefined' || value instanceof Java.type('java.math.BigDecimal')).toEqual(true);",
        '});',
        '',
      ].join('\n'),
    });
    const file = await writeAddonFile(folder.path, 'decimal', model);
    const [[graal], [node]] = await Promise.all([inGraalJs([file]), inNode([file])]);
    expect(graal?.tests.map((outcome) => [outcome.passed, outcome.error])).toEqual([[true, null]]);
    expect(node?.tests.map((outcome) => [outcome.passed, outcome.error])).toEqual([[true, null]]);
  }, 120_000);

  test('a Java exception without a message (java.sql.Date\'s toInstant()) is named by its class in both tiers, as Java prints it', async () => {
    const toInstant = "java.sql.Date.valueOf('2021-01-01').toInstant()";
    const failing = await writeAddonFile(
      folder.path,
      'no-message',
      validModel({
        test: [
          '',
          `test('java', function () { ${toInstant}; });`,
          `test('caught', function () { try { ${toInstant}; } catch (e) { expect([String(e), e.message]).toEqual(['java.lang.UnsupportedOperationException', '']); } });`,
          "test('with a message', function () { new java.math.BigDecimal('x'); });",
          // A JavaScript error without a message has no class to name.
          "test('javascript', function () { throw new Error(''); });",
          '',
        ].join('\n'),
      }),
    );
    const loading = await writeAddonFile(folder.path, 'no-message-load', validModel({ script: `function day() {\n  return ${toInstant};\n}\nday();\n` }));
    const [graal, node] = await Promise.all([inGraalJs([failing, loading]), inNode([failing, loading])]);
    for (const results of [graal, node]) {
      expect(results[0]?.tests.map((outcome) => [outcome.name, outcome.error])).toEqual([
        ['java', 'java.lang.UnsupportedOperationException'],
        ['caught', null],
        ['with a message', 'Character x is neither a decimal digit number, decimal point, nor "e" notation exponential mark.'],
        ['javascript', 'failed'],
      ]);
    }
    // A load error: GraalJS's text (the message, then the stack), the Node tier's "Name: message (where)".
    expect(graal[1]?.loadError).toBe('java.lang.UnsupportedOperationException\n    at day (no-message-load.xml <script>:2:10)\n    at :program (no-message-load.xml <script>:4:1)');
    expect(node[1]?.loadError).toMatch(/^java\.lang\.UnsupportedOperationException \(no-message-load\.xml <script>:2:\d+\)$/);
  }, 120_000);
});

test('the Node tier refuses ES2021 syntax as GraalJS would', async () => {
  const file = await editedCancelAddon('es2021', (script) => script.replace('function main() {', 'function main() {\n  let unused; unused ??= 1;'));
  const [result] = await inNode([file]);
  expect(result?.loadError).toMatch(/^es2021 <script>: not valid ECMAScript 2020/);
});
