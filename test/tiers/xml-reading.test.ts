/**
 * One reading of an add-on file, the platform's: for every file in addons/, the lint fixtures
 * and the XML cases of test/support/xml-cases.ts, qaddon's reader (Node tier, lint) gives
 * exactly the text the JDK's XML parser gives (what the GraalJS tier runs, what the platform
 * runs) for <script> and <test>, and the same configs; or both refuse the file.
 *
 * Needs a JDK >= 22 and Maven, like the GraalJS tier; without them the suite is skipped and its
 * title says why (with REQUIRE_GRAALJS=1, as in CI, that is a failure).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAddonXml } from '../../src/addon/xml-read.js';
import { addonNameOf, findGraalToolchain, type JdkReading } from '../../src/host/graaljs.js';
import { tempFolder } from '../support/addons.js';
import { readWithJdk } from '../support/tiers.js';
import { hostileCases, readingCases } from '../support/xml-cases.js';

const ROOT = join(import.meta.dirname, '..', '..');
const toolchain = findGraalToolchain();
const missing = 'missing' in toolchain ? toolchain.missing : undefined;

const xmlFiles = (folder: string): string[] =>
  readdirSync(join(ROOT, folder))
    .filter((name) => name.endsWith('.xml'))
    .map((name) => join(ROOT, folder, name));
const COMMITTED = [...xmlFiles('addons'), ...xmlFiles('test/fixtures/lint')];
const CASES = [...hostileCases(), ...readingCases()];

type Reading = { script: string | null; test: string | null; configs: { name: string; formType: string }[] } | 'refused';

/** What qaddon's reader makes of the file, in the shape of the JDK's reading. */
function nodeReading(bytes: Buffer): Reading {
  try {
    const model = readAddonXml(bytes);
    return {
      script: model.script ?? null,
      test: model.test ?? null,
      configs: model.configs.map(({ name, formType }) => ({ name, formType })),
    };
  } catch {
    return 'refused';
  }
}

function jdkReading(reading: JdkReading): Reading {
  return 'loadError' in reading ? 'refused' : { script: reading.script, test: reading.test, configs: reading.configs };
}

it('runs where CI runs it: a JDK >= 22 and Maven are found, or REQUIRE_GRAALJS is not set', () => {
  if (process.env['REQUIRE_GRAALJS'] === '1') expect(missing).toBeUndefined();
});

describe.skipIf(missing !== undefined)(missing ? `one reading (skipped: ${missing})` : 'one reading: qaddon reads as the JDK does', () => {
  let folder: { path: string; remove: () => Promise<void> };
  const files: string[] = [...COMMITTED];
  const jdk = new Map<string, JdkReading>();

  beforeAll(async () => {
    folder = await tempFolder('reading');
    for (const xmlCase of CASES) {
      const file = join(folder.path, `${xmlCase.name}.xml`);
      await writeFile(file, xmlCase.bytes);
      files.push(file);
    }
    const readings = await readWithJdk(files);
    readings.forEach((reading, index) => jdk.set(files[index] as string, reading));
  }, 600_000);

  afterAll(async () => {
    await folder?.remove();
  });

  it.each(COMMITTED.map((file) => [file.slice(ROOT.length + 1), file] as const))('%s: the same text and configs', (_name, file) => {
    const reading = jdk.get(file);
    expect(reading && 'loadError' in reading ? reading.loadError : undefined).toBeUndefined();
    expect(nodeReading(readFileSync(file))).toEqual(jdkReading(reading as JdkReading));
  });

  it.each(CASES.map((xmlCase) => [xmlCase.name, xmlCase] as const))('%s: the same reading, or both refuse', (name, xmlCase) => {
    const reading = [...jdk.values()].find((one) => one.name === addonNameOf(`${name}.xml`));
    expect(reading).toBeDefined();
    const expected = jdkReading(reading as JdkReading);
    // What the case claims about the platform holds for the JDK's parser.
    expect(expected === 'refused').toBe(xmlCase.platformRefuses);
    expect(nodeReading(xmlCase.bytes)).toEqual(expected);
  });

  it('runs the text outside CDATA, character references decoded, as part of the program', () => {
    const reading = [...jdk.values()].find((one) => one.name === 'references-before-cdata');
    expect(reading && 'script' in reading ? reading.script?.startsWith('var x = 1;\nfunction main() {') : reading).toBe(true);
  });
});
