/**
 * The READMEs are the add-ons' help pages: every step and every config the definitions declare
 * is described in README.md and in README.ja.md, with the label the modeler shows in that
 * language; the two READMEs have the same sections; every help-page URL in addons/ opens the
 * step's own section; and the figures sit in the blocks the figures script writes.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readAddonXml } from '../src/addon/xml-read.js';
import { LIMITS } from '../src/addon/model.js';
import { loadDefinition } from '../src/build/build-addon.js';
import { stepFolders } from '../src/build/build-all.js';
import type { AddonDefinition } from '../src/build/definition.js';
import { helpAnchor, helpPageUrls, projectHomepage, README_FILES } from '../src/build/help-page.js';
import { addonsBlock, blockOf, corpusBlock, npmTestBlock, parseTestOutput, parseVitestOutput, replaceBlock } from '../build/update-figures.mjs';
import { anchorsOf, fragmentLinksOf, headingSlug, isStepSection, readmeProblems, sectionsOf, type Locale } from './support/readme.js';

const ROOT = join(import.meta.dirname, '..');
const LOCALES: Locale[] = ['en', 'ja'];
const readme = (locale: Locale): string => readFileSync(join(ROOT, README_FILES[locale]), 'utf8');

let definitions: AddonDefinition[];
let homepage: string;

beforeAll(async () => {
  definitions = await Promise.all((await stepFolders(ROOT)).map((folder) => loadDefinition(join(ROOT, folder))));
  homepage = await projectHomepage(ROOT);
});

describe('each README describes every step and config of src/steps, with the labels of its language', () => {
  it('finds the steps', () => {
    expect(definitions.map((definition) => definition.name)).toContain('openai-ftjob-cancel');
  });

  it.each(LOCALES)('%s', (locale) => {
    expect(readmeProblems(readme(locale), README_FILES[locale], locale, definitions)).toEqual([]);
  });

  it('README.md and README.ja.md have the same sections (explicit anchors), in the same order', () => {
    const anchors = (locale: Locale): string[] => sectionsOf(readme(locale)).map((section) => section.anchor);
    expect(anchors('ja')).toEqual(anchors('en'));
  });

  it('README.md and README.ja.md describe the same configs of each step', () => {
    const configsOf = (locale: Locale): Record<string, string[]> =>
      Object.fromEntries(
        sectionsOf(readme(locale))
          .filter((section) => isStepSection(section) || section.anchor === 'connection-configs')
          .map((section) => [section.anchor, section.rows.map((row) => row.name)]),
      );
    expect(configsOf('ja')).toEqual(configsOf('en'));
  });
});

describe('the check itself finds what it is for', () => {
  const cancel = (): AddonDefinition => {
    const definition = definitions.find((candidate) => candidate.name === 'openai-ftjob-cancel');
    if (!definition) throw new Error('no Cancel step');
    return definition;
  };

  it('a config row missing from a step section', () => {
    const text = readme('ja').replace(/^\| `StrConfA2` \| トグル \|.*\n/m, '');
    expect(readmeProblems(text, 'README.ja.md', 'ja', definitions)).toEqual([
      'README.ja.md: openai-ftjob-cancel: config StrConfA2 is not described (no table row)',
    ]);
  });

  it('a step without a section, a section of no step, a stale label and a config the step does not declare', () => {
    const renamed = { ...cancel(), name: 'openai-ftjob-pause' };
    const staleLabel = {
      ...cancel(),
      configs: cancel().configs.map((config) => (config.name === 'StrConfA1' ? { ...config, label: { ...config.label, en: 'A1: Old label' } } : config)),
    };
    const fewer = { ...cancel(), configs: cancel().configs.filter((config) => config.name !== 'SelectConfB2') };
    const text = readme('en');
    expect(readmeProblems(text, 'README.md', 'en', [renamed]).filter((problem) => /pause|cancel"/.test(problem))).toEqual([
      'README.md: section "openai-ftjob-cancel" describes a step that src/steps/ does not define',
      'README.md: openai-ftjob-pause: no section; it needs <a id="openai-ftjob-pause"></a> above a heading that names `openai-ftjob-pause.xml`',
    ]);
    expect(readmeProblems(text, 'README.md', 'en', [staleLabel]).filter((problem) => problem.includes('openai-ftjob-cancel:'))).toEqual([
      'README.md: openai-ftjob-cancel: config StrConfA1: its table gives the label "A1: Set Job ID ("ftjob-xxxx")"; the definition\'s en label is "A1: Old label"',
    ]);
    expect(readmeProblems(text, 'README.md', 'en', [fewer]).filter((problem) => problem.includes('openai-ftjob-cancel:'))).toEqual([
      'README.md: openai-ftjob-cancel: config SelectConfB2 is described, but the step does not declare it',
    ]);
  });

  it('a shared config whose label changed is reported for every step that shares it', () => {
    const text = readme('en').replace('| U5: Set Azure OpenAI API version (blank: 2024-10-21) |', '| U5: Set API version |');
    const problems = readmeProblems(text, 'README.md', 'en', definitions);
    expect(problems).toHaveLength(definitions.length);
    expect(problems[0]).toMatch(/config StrConfU5: the connection-configs table gives the label "U5: Set API version"/);
  });
});

describe('help pages', () => {
  const files = readdirSync(join(ROOT, 'addons')).filter((name) => name.endsWith('.xml')).sort();

  it('package.json names the project home once; the help URLs are built on it', () => {
    expect(homepage).toMatch(/^https:\/\/github\.com\/[^/]+\/[^/]+$/);
    expect(helpPageUrls(homepage, 'openai-ftjob-cancel')).toEqual({
      en: `${homepage}/blob/main/README.md#openai-ftjob-cancel`,
      ja: `${homepage}/blob/main/README.ja.md#openai-ftjob-cancel`,
    });
  });

  it('every add-on in addons/ is one of src/steps', () => {
    expect(files).toEqual(definitions.map((definition) => `${definition.name}.xml`).sort());
  });

  it.each(files)('%s: each locale links to its README, to an anchor right above the step heading', (file) => {
    const model = readAddonXml(readFileSync(join(ROOT, 'addons', file)));
    const name = file.replace(/\.xml$/, '');
    expect(model.helpPageUrl).toEqual(helpPageUrls(homepage, name));
    for (const locale of LOCALES) {
      const url = model.helpPageUrl[locale] ?? '';
      expect(url.length).toBeLessThanOrEqual(LIMITS.helpPageUrlLength);
      const [page, anchor] = url.split('#');
      expect(page).toBe(`${homepage}/blob/main/${README_FILES[locale]}`);
      expect(anchor).toBe(helpAnchor(name));
      const lines = readme(locale).split('\n');
      const at = lines.indexOf(`<a id="${anchor}"></a>`);
      expect(at, `${README_FILES[locale]} has no <a id="${anchor}"></a>`).toBeGreaterThanOrEqual(0);
      expect(lines[at + 1]).toMatch(new RegExp(`^#{2,4} .*\`${name}\\.xml\``));
    }
  });
});

describe('links and anchors', () => {
  it.each(LOCALES)('%s: every #anchor link, within it or to the other README, reaches an anchor', (locale) => {
    const own = anchorsOf(readme(locale));
    const other = { 'README.md': anchorsOf(readme('en')), 'README.ja.md': anchorsOf(readme('ja')) };
    const broken = fragmentLinksOf(readme(locale))
      .filter((link) => !(link.file === undefined ? own : other[link.file as keyof typeof other]).has(link.anchor))
      .map((link) => `${link.file ?? ''}#${link.anchor}`);
    expect(broken).toEqual([]);
  });

  it.each(LOCALES)('%s: no explicit anchor twice', (locale) => {
    const anchors = sectionsOf(readme(locale)).map((section) => section.anchor);
    expect(anchors.filter((anchor, index) => anchors.indexOf(anchor) !== index)).toEqual([]);
  });

  it('heading anchors as GitHub makes them', () => {
    expect(headingSlug('## The toolchain: `qaddon`')).toBe('the-toolchain-qaddon');
    expect(headingSlug('### `qaddon serve`: an OpenAI-compatible server on your machine')).toBe(
      'qaddon-serve-an-openai-compatible-server-on-your-machine',
    );
  });
});

describe('figures come from build/update-figures.mjs', () => {
  it.each(LOCALES)('%s: has each figures block once', (locale) => {
    const text = readme(locale);
    for (const name of ['addons', 'corpus', 'npm-test']) {
      expect(text.split(`<!-- figures:${name} -->`)).toHaveLength(2);
      expect(blockOf(text, name)).toBeDefined();
    }
  });

  it('rewrites a block and only that block; refuses a README without it', () => {
    const text = 'a\n<!-- figures:addons -->\nold\n<!-- /figures:addons -->\nb\n<!-- figures:corpus -->\nkeep\n<!-- /figures:corpus -->\n';
    const rewritten = replaceBlock(text, 'addons', 'new 1\nnew 2\n');
    expect(rewritten).toBe('a\n<!-- figures:addons -->\nnew 1\nnew 2\n<!-- /figures:addons -->\nb\n<!-- figures:corpus -->\nkeep\n<!-- /figures:corpus -->\n');
    expect(replaceBlock(rewritten, 'addons', 'new 1\nnew 2')).toBe(rewritten);
    expect(() => replaceBlock('no markers', 'corpus', 'x', 'README.md')).toThrow('README.md: no block <!-- figures:corpus -->');
  });

  it('reads the counts qaddon test prints, and refuses output without its closing line', () => {
    const output = [
      '  ✓ a test',
      'file                            passed  failed',
      'addons/openai-file-upload.xml      150       0',
      '/tmp/Addon-XML/box-file-upload.xml   12       1',
      '(Node tier: 1.6 s)',
      '162 passed, 1 failed',
    ].join('\n');
    expect(parseTestOutput(output)).toEqual({
      files: [
        { file: 'openai-file-upload.xml', passed: 150, failed: 0 },
        { file: 'box-file-upload.xml', passed: 12, failed: 1 },
      ],
      passed: 162,
      failed: 1,
    });
    expect(() => parseTestOutput('qaddon: ENOENT')).toThrow('no closing "N passed, M failed" line');
  });

  it('writes each measured count and time into the block, with the conditions of the measurement', () => {
    const when = { commit: 'abc1234', date: '2026-11-25', platform: 'linux', cores: 2, cpu: 'Some CPU', load: '3.4', node: 'v20.19.0' };
    const node = { files: [{ file: 'a.xml', passed: 1234, failed: 0 }], passed: 1234, failed: 0, wallSeconds: 1.94, cpuSeconds: 1.5 };
    const graal = { ...node, wallSeconds: 21.66, cpuSeconds: undefined };
    const en = addonsBlock(node, graal, when, 'en');
    expect(en).toContain('Measured on 2026-11-25 at commit `abc1234`: linux, 2 cores (Some CPU), load average 3.4 at the start, Node.js v20.19.0.');
    expect(en).toContain('| `a.xml` | 1,234 |\n| total | 1,234 |');
    expect(en).toContain('- Node tier (`npx qaddon test addons/*.xml`): 1.9 s wall, 1.5 s CPU');
    expect(en).toMatch(/- GraalJS tier \(.*\): 21\.7 s wall, 1,234 passed$/);
    const ja = addonsBlock(node, undefined, when, 'ja');
    expect(ja).toContain('| 合計 | 1,234 |');
    expect(ja).toContain('実時間 1.9 s、CPU 1.5 s');
    expect(ja).not.toContain('GraalJS');
    expect(corpusBlock(node, undefined, 131, when, 'en')).toContain('| Node | 1,234 | 0 | 1.9 s wall, 1.5 s CPU (`npx qaddon test Addon-XML`) |');
  });

  it("reads vitest's count and the JVMs the tier service started, and writes npm test's parts", () => {
    const output = ' \u001b[2m     Tests \u001b[22m \u001b[1m\u001b[32m806 passed\u001b[39m\u001b[22m\u001b[90m (807)\u001b[39m\nGraalJS: 2 JVM start(s) in this run (…)\n';
    expect(parseVitestOutput(output)).toEqual({ tests: 806, jvmStarts: 2 });
    expect(() => parseVitestOutput('nothing')).toThrow('no "Tests N passed" line');
    const when = { commit: 'abc1234', date: '2026-11-25', platform: 'linux', cores: 2, cpu: 'Some CPU', load: '0.4', node: 'v20.19.0' };
    const part = (wallSeconds: number) => ({ wallSeconds, cpuSeconds: wallSeconds * 1.5 });
    const run = { build: part(1.04), typecheck: part(0.61), vitest: { ...part(40.2), tests: 806, jvmStarts: 2 }, all: { ...part(43.0), tests: 806, jvmStarts: 2 } };
    const en = npmTestBlock(run, when, 'en');
    expect(en).toContain('| `vitest run` (806 tests; GraalJS: 2 JVM starts) | 40.2 s | 60.3 s |');
    expect(en).toContain('| `npm test`, all of it | 43.0 s | 64.5 s |');
    expect(npmTestBlock(run, when, 'ja')).toContain('| `npm run typecheck`（変更なし） | 0.6 s | 0.9 s |');
  });
});
