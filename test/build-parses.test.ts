/**
 * `qaddon build` parses each bundle once: the gate's parse of the text that goes into the XML
 * serves the escapes, the build's lint and the lint of the file written (as `qaddon build` runs
 * it). Counted with acorn's calls (src/bundle/parse.ts) on a build of every real step, in a copy
 * of the package. A file of its own: vitest gives it a fresh module, so no earlier parse is
 * remembered and the count is exact.
 */
import { cp, readFile, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lintAddonXml } from '../src/addon/lint.js';
import { buildAll, stepNames } from '../src/build/build-all.js';
import { parseCount } from '../src/bundle/parse.js';
import { tempFolder } from './support/addons.js';

const ROOT = join(import.meta.dirname, '..');

let copy: { path: string; remove: () => Promise<void> };

beforeAll(async () => {
  copy = await tempFolder('build-parses');
  await cp(join(ROOT, 'package.json'), join(copy.path, 'package.json'));
  await cp(join(ROOT, 'src'), join(copy.path, 'src'), { recursive: true });
  await symlink(join(ROOT, 'node_modules'), join(copy.path, 'node_modules'), 'dir');
});

afterAll(async () => {
  await copy.remove();
});

describe('qaddon build of the real steps', () => {
  it('parses each bundle (a <script> and a <test> per step) once, the lint of the files written included', async () => {
    const steps = await stepNames(copy.path);
    expect(steps.length).toBeGreaterThanOrEqual(4);
    const before = parseCount();
    const reports = await buildAll(copy.path);
    const afterBuild = parseCount();
    const files = await Promise.all(reports.map(async (report) => readFile(join(copy.path, report.file))));
    for (const bytes of files) expect(lintAddonXml(bytes)).toEqual([]);
    const bundles = 2 * steps.length;
    expect(afterBuild - before, 'parses during buildAll').toBe(bundles);
    expect(parseCount() - before, 'parses during buildAll and the lint of what it wrote').toBe(bundles);
    // The files are what the committed sources build (the same bytes as addons/).
    for (const [index, report] of reports.entries()) {
      expect(files[index]?.equals(await readFile(join(ROOT, report.file))), report.file).toBe(true);
    }
  });

  it('a file linted alone still has its <script> and <test> parsed', async () => {
    const xml = (await readFile(join(ROOT, 'addons/openai-ftjob-cancel.xml'), 'utf8'))
      .replace('<![CDATA[', '<![CDATA[// changed, so no parse of the build stands for it\n')
      .replace(/(<test><!\[CDATA\[)/, '$1// changed too\n');
    const before = parseCount();
    expect(lintAddonXml(xml)).toEqual([]);
    expect(parseCount() - before).toBe(2);
    // And a broken one is still refused.
    expect(lintAddonXml(xml.replace('function main()', 'function main() { let x; x ??= 1; }')).map(({ element }) => element)).toEqual(['<script>']);
  });
});
