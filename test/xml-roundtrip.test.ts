/** xml-write + xml-read: what is written reads back as the same model, byte for byte where it counts. */
import { XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import type { AddonModel } from '../src/addon/model.js';
import { readAddonXml } from '../src/addon/xml-read.js';
import { writeAddonXml } from '../src/addon/xml-write.js';
import { config, validModel } from './support/addons.js';
import { iconBase64 } from './support/png.js';

/** A model that sets every field the model has, each config attribute included. */
function fullModel(): AddonModel {
  return {
    license: '(C) Example, Inc. (MIT License)',
    lastModified: '2026-02-28',
    engineType: '3',
    addonVersion: '2',
    label: { en: 'Full model', ja: '全部入り', 'zh-CN': '全部' },
    summary: { en: 'Every field set.', ja: 'すべての項目を設定。' },
    helpPageUrl: { en: 'https://example.com/help', ja: 'https://example.com/ja/help' },
    configs: [
      config('AuthzConfU1', { formType: 'OAUTH2', authType: 'OAUTH2', oauth2SettingName: 'Example OAuth', required: true }),
      config('StrConfA1', { formType: 'TEXTAREA', elEnabled: true, required: true }),
      config('SelectConfB1', { formType: 'SELECT', selectDataType: 'STRING_TEXTFIELD|STRING_TEXTAREA', editable: true }),
      config('SelectConfB2', {
        formType: 'SELECT_ITEM',
        editable: true,
        items: [
          { value: 'a', label: { en: 'Option A', ja: '選択肢 A' } },
          { value: 'b', label: { en: 'Option B' } },
        ],
      }),
      config('BoolConfC1', { formType: 'TOGGLE', dependsOn: 'SelectConfB2', deprecated: true, otherAttributes: { 'x-note': 'kept' } }),
    ],
    script: '\nfunction main() {\n  engine.log("a < b && c > d");\n}\n',
    // Long enough to be wrapped over several lines in the file.
    icon: iconBase64(32).repeat(3),
    test: "\ntest('t', function () {\n  main();\n});\n",
  };
}

function roundTrip(model: AddonModel): { xml: string; read: AddonModel } {
  const xml = writeAddonXml(model);
  return { xml, read: readAddonXml(xml) };
}

describe('XML round trip', () => {
  it('a model with every field comes back equal', () => {
    const model = fullModel();
    const { xml, read } = roundTrip(model);
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(read).toEqual(model);
    // The icon really was wrapped (and the reader unwrapped it).
    expect(xml).toMatch(/<icon>\n[A-Za-z0-9+/]{76}\n/);
  });

  it('writes the same bytes for the same model, ending in one newline', () => {
    const first = writeAddonXml(fullModel());
    expect(writeAddonXml(fullModel())).toBe(first);
    expect(first.endsWith('>\n')).toBe(true);
    expect(first.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<service-task-definition>')).toBe(true);
  });

  it('writes elements in the order of Questetra files', () => {
    const xml = writeAddonXml(fullModel());
    const order = ['<license>', '<last-modified>', '<engine-type>', '<addon-version>', '<label>', '<summary>', '<help-page-url>', '<configs>', '<script>', '<icon>', '<test>'];
    const positions = order.map((tag) => xml.indexOf(tag));
    expect(positions.every((position) => position >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it('a script containing ]]> survives byte-exact, and the file stays well-formed', () => {
    const script = 'var s = "a]]>b";\nvar t = "]]>]]>";\nfunction main() { return s + t + "]]"; }\n';
    const test = '// ]]> in the test too\ntest("x", function () { expect("]]>").toEqual("]]>"); });';
    const { xml, read } = roundTrip(validModel({ script, test }));
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(read.script).toBe(script);
    expect(read.test).toBe(test);
    // A plain CDATA section would have ended at the first ]]>.
    expect(xml).not.toContain('var s = "a]]>b"');
  });

  it('script whitespace (leading, trailing, indentation, blank lines) survives', () => {
    const script = '\n\n  // indented comment\n\tfunction main() {}\n\n   ';
    expect(roundTrip(validModel({ script })).read.script).toBe(script);
  });

  it('Japanese text and & < > " \' in labels, summaries, attributes and items survive', () => {
    const nasty = 'A & B <c> "d" \'e\' &amp; &lt;';
    const model = validModel({
      label: { en: nasty, ja: '日本語 & <テスト> "引用" ＡＰＩキー' },
      summary: { en: `${nasty} 😀`, ja: '「ジョブ」を止めます & <確認>' },
      configs: [
        config('Conf"&<>', {
          formType: 'SELECT_ITEM',
          label: { en: nasty, ja: '設定 & "値"' },
          items: [{ value: 'v"&<>\'', label: { en: nasty, ja: 'アイテム <1>' } }],
          otherAttributes: { 'x-hint': '"quoted" & <tagged>' },
        }),
      ],
    });
    const { xml, read } = roundTrip(model);
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(read).toEqual(model);
  });

  it('absent optional elements stay absent', () => {
    const model = validModel({ license: undefined, lastModified: undefined, addonVersion: undefined, test: undefined, helpPageUrl: {} });
    const { xml, read } = roundTrip(model);
    expect(xml).not.toContain('<license>');
    expect(xml).not.toContain('<test>');
    expect(read).toEqual(model);
  });
});
