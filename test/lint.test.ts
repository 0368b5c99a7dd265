/**
 * lint: every add-on we ship passes; each broken rule gives exactly one problem that names the
 * element and the rule; a file in the style of Questetra's own add-ons passes too.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintAddonXml, type LintProblem } from '../src/addon/lint.js';
import type { AddonModel } from '../src/addon/model.js';
import { readAddonXml } from '../src/addon/xml-read.js';
import { config, validXml } from './support/addons.js';
import { iconBase64, makePng } from './support/png.js';
import { hostileCases } from './support/xml-cases.js';

const ROOT = join(import.meta.dirname, '..');
const ADDON_FILES = readdirSync(join(ROOT, 'addons'))
  .filter((name) => name.endsWith('.xml'))
  .map((name) => join(ROOT, 'addons', name));
const OFFICIAL_STYLE = join(import.meta.dirname, 'fixtures', 'lint', 'official-style.xml');
const PLATFORM_DEFAULTS = join(import.meta.dirname, 'fixtures', 'lint', 'platform-defaults.xml');

/** Lints `validModel(changes)` written as XML. */
function lintModel(changes: Partial<AddonModel>): LintProblem[] {
  return lintAddonXml(validXml(changes));
}

/** Exactly one problem, on `element`, whose rule matches `rule`. */
function expectOneProblem(problems: LintProblem[], element: string, rule: RegExp): void {
  expect(problems).toHaveLength(1);
  expect(problems[0]?.element).toBe(element);
  expect(problems[0]?.rule).toMatch(rule);
}

describe('lint accepts', () => {
  it('finds add-ons to check in addons/', () => {
    expect(ADDON_FILES.length).toBeGreaterThan(0);
  });

  it.each(ADDON_FILES)('%s', (file) => {
    expect(lintAddonXml(readFileSync(file))).toEqual([]);
  });

  it('the base model of these tests (so each rejection below is caused by its one change)', () => {
    expect(lintModel({})).toEqual([]);
  });

  it('a file written in the style of Questetra official add-ons (no addon-version, tabs, ja labels)', () => {
    const xml = readFileSync(OFFICIAL_STYLE, 'utf8');
    expect(lintAddonXml(xml)).toEqual([]);
    const model = readAddonXml(xml);
    // Read, not skipped: the config in <tabs><tab> counts, the script starts with main();
    expect(model.configs.map((c) => c.name)).toEqual(['conf_Auth', 'conf_Text', 'conf_Case', 'conf_Output']);
    expect(model.configs[3]?.selectDataType).toBe('STRING_TEXTFIELD|STRING_TEXTAREA');
    expect(model.addonVersion).toBeUndefined();
    expect(model.script?.trimStart().startsWith('main();')).toBe(true);
    expect(model.label.ja).toBe('Example: テキストコピー');
    expect(model.helpPageUrl.en).toBe('https://example.com/bpmn-icons/copy-text/');
    expect(model.test).toContain("test('copies in upper case'");
  });

  it('a file relying on the platform\'s defaults: no form-type, OAUTH2 without auth-type, summaries long only in the file', () => {
    const bytes = readFileSync(PLATFORM_DEFAULTS);
    expect(lintAddonXml(bytes)).toEqual([]);
    const model = readAddonXml(bytes);
    expect(model.configs.map((c) => [c.name, c.formType, c.authType])).toEqual([
      ['conf_Auth', 'OAUTH2', 'OAUTH2'],
      ['conf_Channel', 'TEXTFIELD', undefined],
      ['conf_Greeting', 'TEXTFIELD', undefined],
    ]);
    expect(model.summary.en?.length).toBeGreaterThan(250);
    expect(model.summary.ja?.length).toBeGreaterThan(250);
  });

  it('a label of 64 characters, also in Japanese', () => {
    expect(lintModel({ label: { en: 'x'.repeat(64), ja: '工'.repeat(64) } })).toEqual([]);
  });

  it('a config label of 64 characters, in English and Japanese (the longest of Questetra\'s own add-ons)', () => {
    expect(lintModel({ configs: [config('StrConfA1', { label: { en: 'c'.repeat(64), ja: '設'.repeat(64) } })] })).toEqual([]);
  });

  it('a config label of 64 characters once its line breaks and indentation are collapsed (more in the file)', () => {
    const xml = validXml().replace('<label>StrConfA1 label</label>', `<label>\n    ${'a'.repeat(32)}\n    ${'b'.repeat(31)}\n  </label>`);
    expect(xml).toContain('b'.repeat(31));
    expect(lintAddonXml(xml)).toEqual([]);
  });

  it('a summary of 250 characters', () => {
    expect(lintModel({ summary: { en: 's'.repeat(250), ja: 'あ'.repeat(250) } })).toEqual([]);
  });

  it('20 configs', () => {
    expect(lintModel({ configs: Array.from({ length: 20 }, (_, i) => config(`StrConf${i}`)) })).toEqual([]);
  });

  it('ES2020 syntax in the script: optional chaining, ?? and BigInt', () => {
    expect(lintModel({ script: 'function main() { var a = {}; var b = a?.b ?? 1n; engine.log(String(b)); }' })).toEqual([]);
  });

  it('a config with no form-type: the platform takes it as a TEXTFIELD', () => {
    const xml = validXml().replace(' form-type="TEXTFIELD"', '');
    expect(xml).not.toContain('form-type');
    expect(lintAddonXml(xml)).toEqual([]);
    expect(readAddonXml(xml).configs[0]?.formType).toBe('TEXTFIELD');
  });

  it('an OAUTH2 config with no auth-type: the platform takes it as an OAuth2 one', () => {
    const xml = validXml({ configs: [config('conf_OAuth2', { formType: 'OAUTH2' })] });
    expect(xml).not.toContain('auth-type');
    expect(lintAddonXml(xml)).toEqual([]);
    expect(readAddonXml(xml).configs[0]?.authType).toBe('OAUTH2');
  });

  it('a summary of 250 characters once its line breaks and indentation are collapsed (more in the file)', () => {
    const raw = `\n    ${'a'.repeat(100)}\n        ${'b'.repeat(100)}  \t ${'c'.repeat(48)}\n  `;
    const xml = validXml().replace('<summary>Does nothing, for tests.</summary>', `<summary>${raw}</summary>`);
    expect(raw.length).toBeGreaterThan(250);
    expect(lintAddonXml(xml)).toEqual([]);
  });

  it('a SELECT_ITEM with items', () => {
    const items = [{ value: 'a', label: { en: 'A', ja: 'エー' } }];
    expect(lintModel({ configs: [config('Sel', { formType: 'SELECT_ITEM', items })] })).toEqual([]);
  });
});

describe('lint rejects', () => {
  it('a label of nothing but a full-width space (blank, though XML trims only its own whitespace)', () => {
    expectOneProblem(lintModel({ label: { en: '\u3000', ja: 'ラベル' } }), '<label>', /^is missing or empty/);
  });

  it('a label of 65 characters', () => {
    expectOneProblem(lintModel({ label: { en: 'x'.repeat(65), ja: 'ラベル' } }), '<label>', /^is 65 characters; the limit is 64$/);
  });

  it('a Japanese label of 65 characters, naming its locale', () => {
    expectOneProblem(lintModel({ label: { en: 'Label', ja: '工'.repeat(65) } }), '<label locale="ja">', /^is 65 characters; the limit is 64$/);
  });

  it('a config label of 65 characters, naming the config and the label', () => {
    expectOneProblem(
      lintModel({ configs: [config('StrConfA1', { label: { en: 'c'.repeat(65), ja: 'ラベル' } })] }),
      '<config name="StrConfA1">',
      /^<label>: is 65 characters; the limit is 64$/,
    );
  });

  it('a Japanese config label of 94 characters, naming its locale', () => {
    expectOneProblem(
      lintModel({ configs: [config('StrConfA1', { label: { en: 'Label', ja: '設'.repeat(94) } })] }),
      '<config name="StrConfA1">',
      /^<label locale="ja">: is 94 characters; the limit is 64$/,
    );
  });

  it('a summary of 251 characters', () => {
    expectOneProblem(lintModel({ summary: { en: 's'.repeat(251) } }), '<summary>', /^is 251 characters; the limit is 250$/);
  });

  it('a summary of 251 characters once whitespace is collapsed', () => {
    const xml = validXml().replace('<summary>Does nothing, for tests.</summary>', `<summary>\n  ${'a'.repeat(125)}\n  ${'b'.repeat(125)}\n</summary>`);
    expectOneProblem(lintAddonXml(xml), '<summary>', /^is 251 characters; the limit is 250$/);
  });

  it('a form-type that is present but empty', () => {
    const xml = validXml().replace(' form-type="TEXTFIELD"', ' form-type=""');
    expectOneProblem(lintAddonXml(xml), '<config name="StrConfA1">', /^has form-type ""; known form types are TEXTFIELD, /);
  });

  it('an OAUTH2 config with an unknown auth-type', () => {
    expectOneProblem(
      lintModel({ configs: [config('conf_OAuth2', { formType: 'OAUTH2', authType: 'PASSWORD' })] }),
      '<config name="conf_OAuth2">',
      /^is an OAUTH2 config with auth-type "PASSWORD"; known: TOKEN, OAUTH2, /,
    );
  });

  it('a duplicate config name', () => {
    expectOneProblem(
      lintModel({ configs: [config('StrConfA1'), config('StrConfA2'), config('StrConfA1')] }),
      '<config name="StrConfA1">',
      /duplicates the name of an earlier config; config names must be unique/,
    );
  });

  it('21 configs', () => {
    expectOneProblem(
      lintModel({ configs: Array.from({ length: 21 }, (_, i) => config(`StrConf${i}`)) }),
      '<configs>',
      /^has 21 configs; the limit is 20$/,
    );
  });

  it('an unknown form-type', () => {
    expectOneProblem(
      lintModel({ configs: [config('StrConfA1', { formType: 'CHECKBOX' })] }),
      '<config name="StrConfA1">',
      /^has form-type "CHECKBOX"; known form types are TEXTFIELD, /,
    );
  });

  it('a SELECT_ITEM without items', () => {
    expectOneProblem(
      lintModel({ configs: [config('SelectConfC1', { formType: 'SELECT_ITEM' })] }),
      '<config name="SelectConfC1">',
      /^is a SELECT_ITEM with no <item>$/,
    );
  });

  it('a 64x64 icon', () => {
    expectOneProblem(lintModel({ icon: iconBase64(64) }), '<icon>', /^is 64x64; it must be 32x32$/);
  });

  it('a 32x16 icon', () => {
    expectOneProblem(lintModel({ icon: makePng(32, 16).toString('base64') }), '<icon>', /^is 32x16; it must be 32x32$/);
  });

  it('an icon that is no PNG', () => {
    expectOneProblem(lintModel({ icon: Buffer.from('GIF89a, not a PNG at all').toString('base64') }), '<icon>', /^is not a PNG image$/);
  });

  it('a missing <script>', () => {
    expectOneProblem(lintModel({ script: undefined }), '<script>', /^is missing/);
  });

  it('a script with x ??= 1 (ES2021)', () => {
    expectOneProblem(
      lintModel({ script: 'function main() {\n  var x;\n  x ??= 1;\n}\n' }),
      '<script>',
      /^not valid ECMAScript 2020 .* at line 3, column \d+: x \?\?= 1;$/,
    );
  });

  it('a test block that is not ES2020 (class fields)', () => {
    expectOneProblem(lintModel({ test: 'class A { x = 1; }' }), '<test>', /^not valid ECMAScript 2020/);
  });

  it('engine-type 2', () => {
    expectOneProblem(lintModel({ engineType: '2' }), '<engine-type>', /^is 2; it must be 3/);
  });

  it('a missing engine-type', () => {
    expectOneProblem(lintModel({ engineType: undefined }), '<engine-type>', /^is missing; it must be 3/);
  });

  it('a last-modified that is no date', () => {
    expectOneProblem(lintModel({ lastModified: '14.07.2023' }), '<last-modified>', /must be a date YYYY-MM-DD/);
  });

  it('XML that is not well-formed, with the line', () => {
    const xml = validXml().replace('</summary>', '</summry>');
    const problems = lintAddonXml(xml);
    const line = xml.split('\n').findIndex((text) => text.includes('</summry>')) + 1;
    expectOneProblem(problems, 'document', new RegExp(`^is not well-formed XML \\(line ${line}: `));
  });

  it('text that is no XML at all', () => {
    expectOneProblem(lintAddonXml('main();'), 'document', /^is not well-formed XML/);
  });

  it('a document with another root element', () => {
    const xml = validXml().replaceAll('service-task-definition>', 'process-definition>');
    expectOneProblem(lintAddonXml(xml), 'document', /^the root element is <process-definition>, not <service-task-definition>$/);
  });

  it('a document with two root elements', () => {
    expectOneProblem(lintAddonXml('<service-task-definition/><extra/>'), 'document', /^is not well-formed XML \(line 1: the document has more than one root element\)$/);
    expectOneProblem(lintAddonXml('<service-task-definition/><service-task-definition/>'), 'document', /more than one root element/);
  });

  it('an empty <service-task-definition> for what it lacks, not for its root', () => {
    const problems = lintAddonXml('<?xml version="1.0"?>\n<service-task-definition>\n</service-task-definition>\n');
    expect(problems.map((p) => p.element)).toEqual(['<engine-type>', '<label>', '<script>', '<icon>']);
  });

  it('several problems at once, each on its own', () => {
    const problems = lintModel({ label: { en: 'x'.repeat(65) }, engineType: '2', icon: iconBase64(64) });
    expect(problems.map((p) => p.element).sort()).toEqual(['<engine-type>', '<icon>', '<label>']);
  });
});

describe('lint refuses what the platform would refuse or read differently from what the file shows', () => {
  it.each(hostileCases().map((c) => [c.name, c] as const))('%s', (_name, hostile) => {
    expectOneProblem(lintAddonXml(hostile.bytes), hostile.element, hostile.rule);
  });

  it('a lone surrogate (text that was never UTF-8, given as a string)', () => {
    expectOneProblem(lintAddonXml(validXml().replace('Test step', 'Test \uD800step')), '<label>', /^holds U\+D800 \(a lone surrogate\) at line 7, /);
  });

  it('invalid UTF-8 only when given the bytes: decoding first would have hidden it (U+FFFD)', () => {
    const hostile = hostileCases().find((c) => c.name === 'invalid-utf8-byte');
    expect(hostile).toBeDefined();
    expect(lintAddonXml(hostile?.bytes.toString('utf8') ?? '')).toEqual([]);
    expect(lintAddonXml(hostile?.bytes ?? Buffer.alloc(0))).toHaveLength(1);
  });

  it('one problem per element, each naming its element', () => {
    const xml = validXml().replace('Test step', 'Test\u0001step').replace('engine.log(', 'engine.log(\u0002\u0003');
    expect(lintAddonXml(xml).map((problem) => problem.element)).toEqual(['<label>', '<script>']);
  });
});
