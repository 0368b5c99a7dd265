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
import { addonsBlock, blockOf, corpusBlock, demoBlock, npmTestBlock, parseDemoOutput, parseTestOutput, parseVitestOutput, replaceBlock } from '../build/update-figures.mjs';
import { anchorsOf, fragmentLinksOf, handTypedFigures, headingSlug, isStepSection, readmeProblems, sectionsOf, type Locale } from './support/readme.js';

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

  // Each case looks at Cancel's problems only: a step being added (no section yet) is reported
  // by the tests above, in words that say what to add where, not as a failure of these.
  const aboutCancel = (problems: string[]): string[] => problems.filter((problem) => problem.includes(': openai-ftjob-cancel'));

  it('a config row missing from a step section: says which row to add where', () => {
    const text = readme('ja').replace(/^\| `StrConfA2` \| トグル \|.*\n/m, '');
    expect(aboutCancel(readmeProblems(text, 'README.ja.md', 'ja', definitions))).toEqual([
      'README.ja.md: openai-ftjob-cancel: config StrConfA2 is not described; add a row to the table of the section <a id="openai-ftjob-cancel"></a> in README.ja.md: ' +
        '| `StrConfA2` | <form> | A2: ジョブが終了済みでもエラーにせず、そのステータスを保存する | <valid values> |',
    ]);
  });

  it('a step table without the U1–U5 row: one problem, naming the row', () => {
    const text = readme('en').replace(/(<a id="openai-ftjob-cancel"><\/a>[\s\S]*?)\| U1–U5 \| \| \[see above\]\(#connection-configs\) \| \|\n/, '$1');
    expect(aboutCancel(readmeProblems(text, 'README.md', 'en', definitions))).toEqual([
      'README.md: openai-ftjob-cancel: its table has no row for the shared configs; add | U1–U5 | | [see above](#connection-configs) | | as its first row',
    ]);
  });

  it('a step missing from the add-on table at the top', () => {
    const text = readme('en').replace(/^\| \[`addons\/openai-ftjob-cancel\.xml`\].*\n/m, '');
    expect(aboutCancel(readmeProblems(text, 'README.md', 'en', definitions))).toEqual([
      'README.md: openai-ftjob-cancel: not in the add-on table at the top of README.md; add a row ' +
        '| [`addons/openai-ftjob-cancel.xml`](addons/openai-ftjob-cancel.xml) | [**OpenAI #FtJob: Cancel**](#openai-ftjob-cancel) — <what it does> |',
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
      'README.md: openai-ftjob-pause: not in the add-on table at the top of README.md; add a row ' +
        '| [`addons/openai-ftjob-pause.xml`](addons/openai-ftjob-pause.xml) | [**OpenAI #FtJob: Cancel**](#openai-ftjob-pause) — <what it does> |',
      'README.md: openai-ftjob-pause: no section; add one to README.md after the other steps\' sections (before the next <a id="…"></a> line): ' +
        '<a id="openai-ftjob-pause"></a>, right below it a heading that names `openai-ftjob-pause.xml` (### OpenAI #FtJob: Cancel (`openai-ftjob-pause.xml`)), ' +
        'then a table with a row per config (see "Adding a step", step 5)',
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
    // Every step that has a section shares U1–U5 (a step being added, with no section yet, is reported above).
    const described = definitions.filter((definition) => sectionsOf(text).some((section) => section.anchor === definition.name && isStepSection(section)));
    const problems = readmeProblems(text, 'README.md', 'en', definitions).filter((problem) => problem.includes('config StrConfU5'));
    expect(described.length).toBeGreaterThanOrEqual(4);
    expect(problems).toHaveLength(described.length);
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
    for (const name of ['demo', 'addons', 'corpus', 'npm-test']) {
      expect(text.split(`<!-- figures:${name} -->`)).toHaveLength(2);
      expect(blockOf(text, name)).toBeDefined();
    }
  });

  it.each(LOCALES)('%s: no timing or ratio figure typed by hand outside those blocks', (locale) => {
    expect(handTypedFigures(readme(locale)), `${README_FILES[locale]}: measure it in build/update-figures.mjs (a figures block) or leave it out`).toEqual([]);
  });

  it('the hand-typed figure check finds what it is for, and passes limits, defaults and code', () => {
    const text = [
      'The demo took 5.8–6.3 s in three runs.',
      'A process costs about 0.1 s of CPU.',
      'The suite takes about 20 s.',
      'npm start took 7 s, the build included.',
      '所要時間は 3 回の実行で 6 秒でした。',
      'vitest 21 s (73 %).',
      'Each add-on may take 30 s (GraalJS 120 s); the JVM halts 2 s later; 1 s validating.',
      'Output: `main() returned false (0.0 s)`.',
      '<!-- figures:demo -->',
      'Measured: 6.1 s wall, 2.3 s CPU.',
      '<!-- /figures:demo -->',
      '```',
      'took 7.2 s',
      '```',
    ].join('\n');
    expect(handTypedFigures(text)).toEqual([
      'line 1: "5.8–6.3 s"',
      'line 2: "0.1 s"',
      'line 3: "about 20 s"',
      'line 4: "took 7 s"',
      'line 5: "6 秒でした"',
      'line 6: "73 %"',
    ]);
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

  it("reads the time the demo states in its last line, and writes npm start's block", () => {
    const output = '… 6 runs …\nqaddon demo: all 6 runs went as expected in 6.1 s, with no network and no key of yours.\n';
    expect(parseDemoOutput(output)).toEqual({ runs: 6, demoSeconds: 6.1 });
    expect(() => parseDemoOutput('qaddon demo: 1 of 6 runs did not go as expected (5.0 s)')).toThrow('no "qaddon demo: all N runs went as expected in S s" line');
    const when = { commit: 'abc1234', date: '2026-11-26', platform: 'linux', cores: 2, cpu: 'Some CPU', load: '0.4', node: 'v20.19.0' };
    const run = { wallSeconds: 8.04, cpuSeconds: 3.36, runs: 6, demoSeconds: 6.1 };
    expect(demoBlock(run, when, 'en')).toContain(
      "- `npm start` (the build, nothing changed, then the demo): 8.0 s wall, 3.4 s CPU; the demo's own last line: all 6 runs went as expected in 6.1 s",
    );
    expect(demoBlock(run, when, 'ja')).toContain('実時間 8.0 s、CPU 3.4 s。デモ自身の表示: 6 回の実行すべてが 6.1 s で想定どおりに終了');
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
