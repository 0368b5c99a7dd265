/** xml-write + xml-read: what is written reads back as the same model, byte for byte where it counts. */
import { XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import type { AddonModel } from '../src/addon/model.js';
import { readAddonDocument, readAddonXml } from '../src/addon/xml-read.js';
import { XmlCharError, writeAddonXml } from '../src/addon/xml-write.js';
import { config, validModel, validXml } from './support/addons.js';
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

describe('XML the platform reads as written', () => {
  it('tabs and line breaks in attribute values are written as references, so they survive a parser', () => {
    const model = validModel({
      configs: [config('Conf\tA', { formType: 'SELECT_ITEM', items: [{ value: 'line 1\nline 2\r', label: { en: 'Two lines' } }] })],
    });
    const { xml, read } = roundTrip(model);
    expect(xml).toContain('name="Conf&#9;A"');
    expect(xml).toContain('value="line 1&#10;line 2&#13;"');
    expect(read).toEqual(model);
    expect(readAddonDocument(xml).findings).toEqual([]);
  });

  it('a CR in a label is written as a reference (a parser turns a raw one into LF)', () => {
    const model = validModel({ label: { en: 'a\rb' } });
    const { xml, read } = roundTrip(model);
    expect(xml).toContain('<label>a&#13;b</label>');
    expect(read.label.en).toBe('a\rb');
  });

  it('<script> and <test> are one CDATA section each with nothing around it', () => {
    const xml = writeAddonXml(validModel());
    expect(xml).toMatch(/<script><!\[CDATA\[\nfunction main\(\) \{[\s\S]*\n\]\]><\/script>\n/);
    expect(xml).toMatch(/<test><!\[CDATA\[[\s\S]*\]\]><\/test>\n/);
  });

  it('refuses a character XML 1.0 cannot carry, naming the field', () => {
    expect(() => writeAddonXml(validModel({ summary: { en: 'x\u0001' } }))).toThrow(XmlCharError);
    expect(() => writeAddonXml(validModel({ summary: { en: 'x\u0001' } }))).toThrow(/^summary\.en holds U\+0001 at index 1, which XML 1\.0 cannot carry$/);
    expect(() => writeAddonXml(validModel({ script: 'var s = "\uFFFF";' }))).toThrow(/^script holds U\+FFFF/);
    expect(() => writeAddonXml(validModel({ configs: [config('A', { label: { en: '\uD800' } })] }))).toThrow(
      /^configs\[0\]\.label\.en holds U\+D800 \(a lone surrogate\)/,
    );
  });
});

describe('reading as the platform (the JDK DOM) does', () => {
  it('<script> is the whole text: references and text outside CDATA count, in document order; comments do not', () => {
    const xml = validXml().replace(
      /<script>[\s\S]*<\/script>/,
      '<script>\n  &#x76;&#x61;&#x72; a = 1;<![CDATA[ var b = "]]]]><![CDATA[>";]]><!-- not code --><![CDATA[\nfunction main() {}]]>&lt;!--&gt;\n</script>',
    );
    const { model, findings } = readAddonDocument(xml);
    expect(model.script).toBe('\n  var a = 1; var b = "]]>";\nfunction main() {}<!-->\n');
    expect(findings.map((finding) => finding.element)).toEqual(['<script>']);
  });

  it('line ends are normalized (CR LF and CR become LF) before anything else, also in CDATA', () => {
    const xml = validXml().replace(/\n/g, '\r\n').replace('engine.log(', 'engine.log(\r');
    expect(readAddonXml(xml).script).toBe('\nfunction main() {\n  engine.log(\nconfigs.get("StrConfA1"));\n}\n');
  });

  it('a raw tab or line break in an attribute value is a space (reported); a reference is kept', () => {
    const xml = validXml().replace('name="StrConfA1"', 'name="A\tB&#9;C\nD"');
    const { model, findings } = readAddonDocument(xml);
    expect(model.configs[0]?.name).toBe('A B\tC D');
    expect(findings).toEqual([{ element: '<config name="A B\tC D">', rule: expect.stringMatching(/^has a raw tab or line break in the value of "name"/) as string }]);
  });

  it('a leading byte order mark is no text', () => {
    expect(readAddonXml(Buffer.from(`\uFEFF${validXml()}`, 'utf8'))).toEqual(readAddonXml(validXml()));
  });

  it('a full-width space at the end of a Japanese label is text (only XML whitespace is trimmed)', () => {
    const xml = validXml().replace('テスト工程', '  テスト工程\u3000\n  ');
    expect(readAddonXml(xml).label.ja).toBe('テスト工程\u3000');
  });
});
