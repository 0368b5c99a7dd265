/**
 * Add-on XML files that are hostile or unusual at the XML level, built from the base test model
 * by editing its text or bytes (nothing opaque is committed). Shared by the lint, CLI and
 * reading tests: each case says what lint must report, and whether the platform's XML parser
 * (the JDK's) refuses the file or reads it.
 */
import { validXml } from './addons.js';

export interface XmlCase {
  /** A file name without `.xml`: letters, digits, `-`. */
  name: string;
  bytes: Buffer;
}

export interface HostileCase extends XmlCase {
  /** The one lint problem: its element and a pattern of its rule. */
  element: string;
  rule: RegExp;
  /** Whether the JDK's parser refuses the whole file (finding 1) or reads it, differently from what the file seems to say (finding 2). */
  platformRefuses: boolean;
}

/** validXml() with `search` replaced (it must occur), as UTF-8 bytes. */
function edited(search: string | RegExp, replacement: string, base = validXml()): Buffer {
  const text = base.replace(search, replacement);
  if (text === base) throw new Error(`xml-cases: ${String(search)} is not in the base file`);
  return Buffer.from(text, 'utf8');
}

/** validXml() as bytes with `bytes` put in place of `search`. */
function withBytes(search: string, bytes: number[]): Buffer {
  const base = Buffer.from(validXml(), 'utf8');
  const at = base.indexOf(search);
  if (at === -1) throw new Error(`xml-cases: ${search} is not in the base file`);
  return Buffer.concat([base.subarray(0, at), Buffer.from(bytes), base.subarray(at + Buffer.byteLength(search))]);
}

const LINE = String.raw`line \d+`;

/** Every case of findings 1 and 2 of issue 8: lint refuses each with exactly one problem. */
export function hostileCases(): HostileCase[] {
  return [
    {
      name: 'control-char-in-script-cdata',
      bytes: edited('engine.log(', 'engine.log("\u0001" + '),
      element: '<script>',
      rule: new RegExp(`^holds U\\+0001 at ${LINE}, a character XML 1.0 does not allow \\(not even in CDATA\\)`),
      platformRefuses: true,
    },
    {
      name: 'control-chars-in-test-cdata',
      bytes: edited("test('runs'", "test('runs\u0008\u001f'"),
      element: '<test>',
      rule: new RegExp(`^holds 2 characters XML 1.0 does not allow, the first U\\+0008 at ${LINE}`),
      platformRefuses: true,
    },
    {
      name: 'fffe-in-label',
      bytes: edited('テスト工程', 'テスト\uFFFE工程'),
      element: '<label locale="ja">',
      rule: new RegExp(`^holds U\\+FFFE at ${LINE}`),
      platformRefuses: true,
    },
    {
      name: 'ffff-in-config-label',
      bytes: edited('StrConfA1 label<', 'StrConfA1 label\uFFFF<'),
      element: '<config name="StrConfA1"> <label>',
      rule: new RegExp(`^holds U\\+FFFF at ${LINE}`),
      platformRefuses: true,
    },
    {
      name: 'control-char-reference',
      bytes: edited('Does nothing', 'Does &#1;nothing'),
      element: 'document',
      rule: /^is not well-formed XML \(line \d+: the character reference &#1; is a character XML 1\.0 does not allow\)$/,
      platformRefuses: true,
    },
    {
      name: 'invalid-utf8-byte',
      bytes: withBytes('Test step', [0x54, 0x65, 0x73, 0x74, 0xff, 0x73]),
      element: 'document',
      rule: new RegExp(`^is not valid UTF-8: byte 0xFF at offset \\d+ \\(${LINE}\\)`),
      platformRefuses: true,
    },
    {
      name: 'truncated-utf8',
      // テ is E3 83 86: its last byte is missing.
      bytes: withBytes('テスト工程', [0xe3, 0x83]),
      element: 'document',
      rule: /^is not valid UTF-8: byte 0xE3 /,
      platformRefuses: true,
    },
    {
      name: 'encoded-surrogate',
      // U+D800 encoded as if it were a character (CESU-8): UTF-8 has no lone surrogates.
      bytes: withBytes('Test step', [0x54, 0xed, 0xa0, 0x80]),
      element: 'document',
      rule: /^is not valid UTF-8: byte 0xED /,
      platformRefuses: true,
    },
    {
      name: 'doctype-with-entities',
      bytes: edited(
        '<service-task-definition>',
        '<!DOCTYPE service-task-definition [\n  <!ENTITY who "World">\n]>\n<service-task-definition>',
        validXml().replace('Does nothing, for tests.', 'Hello &who;'),
      ),
      element: 'document',
      rule: /^has a DOCTYPE with entity declarations \(line 2\); the platform's XML parser refuses any DOCTYPE/,
      platformRefuses: true,
    },
    {
      name: 'doctype-external-dtd',
      bytes: edited('<service-task-definition>', '<!DOCTYPE service-task-definition SYSTEM "http://example.com/addon.dtd">\n<service-task-definition>'),
      element: 'document',
      rule: /^has a DOCTYPE naming an external DTD \(line 2\)/,
      platformRefuses: true,
    },
    {
      name: 'references-before-cdata',
      // "var" as character references: the platform runs `var x = 1;` before the CDATA program.
      bytes: edited('<script><![CDATA[', '<script>&#x76;&#x61;&#x72; x = 1;<![CDATA['),
      element: '<script>',
      rule: /^has text outside its CDATA section \("&#x76;&#x61;&#x72; x = 1;"\), which the platform runs as part of the program/,
      platformRefuses: false,
    },
    {
      name: 'text-after-cdata',
      bytes: edited(']]></test>', ']]>\n  main();\n</test>'),
      element: '<test>',
      rule: /^has text outside its CDATA section \("main\(\);"\)/,
      platformRefuses: false,
    },
    {
      name: 'element-in-script',
      bytes: edited('<script><![CDATA[', '<script><extra>main();</extra><![CDATA['),
      element: '<script>',
      rule: /^has a child element <extra>, whose text the platform runs as part of the program/,
      platformRefuses: false,
    },
    {
      name: 'tab-in-attribute',
      bytes: edited('name="StrConfA1"', 'name="StrConf\tA1"'),
      element: '<config name="StrConf A1">',
      rule: /^has a raw tab or line break in the value of "name" \(line \d+\); XML parsers turn it into a space/,
      platformRefuses: false,
    },
    {
      name: 'line-break-in-attribute',
      bytes: edited('<label locale="ja">テスト工程', '<label locale="\nja">テスト工程'),
      element: '<label locale=" ja">',
      rule: /^has a raw tab or line break in the value of "locale"/,
      platformRefuses: false,
    },
  ];
}

/**
 * Files the platform reads (or refuses) in ways a reader could get wrong: both readers must
 * give the same text, or both refuse. Lint may refuse some of them; that is not the point here.
 */
export function readingCases(): (XmlCase & { platformRefuses: boolean })[] {
  const base = validXml();
  const accepted = (name: string, text: string | Buffer): XmlCase & { platformRefuses: boolean } => ({
    name,
    bytes: typeof text === 'string' ? Buffer.from(text, 'utf8') : text,
    platformRefuses: false,
  });
  const refused = (name: string, text: string): XmlCase & { platformRefuses: boolean } => ({ ...accepted(name, text), platformRefuses: true });
  return [
    accepted('crlf-line-ends', base.replace(/\n/g, '\r\n').replace('engine.log(', 'engine.log(\r')),
    accepted('byte-order-mark', `\uFEFF${base}`),
    accepted('no-declaration', base.replace(/^<\?xml[^>]*>\n/, '')),
    accepted('cdata-split-by-comment', base.replace('<script><![CDATA[', '<script><![CDATA[var a = "]]]]><![CDATA[>";]]><!-- between --><![CDATA[')),
    accepted('references-around-cdata', base.replace(']]></script>', ']]>&lt;!-- &amp; --&gt;&#x1F600;&#10;</script>')),
    accepted('astral-and-line-separators', base.replace('engine.log(', 'engine.log("😀\u2028\u0085\u00a0" + ')),
    accepted('no-test', base.replace(/<test>[\s\S]*<\/test>\n/, '')),
    accepted(
      'configs-in-tabs-without-form-type',
      base.replace(
        /<configs>[\s\S]*<\/configs>/,
        '<configs>\n    <config name="A"><label>A</label></config>\n    <tabs><tab name="t">\n' +
          '      <config name="B" form-type="OAUTH2"><label>B</label></config>\n    </tab></tabs>\n' +
          '    <config name="C&#9;D" form-type="TEXT\tAREA"><label>C</label></config>\n  </configs>',
      ),
    ),
    refused('xml-1-1', base.replace('version="1.0"', 'version="1.1"')),
    refused('shift-jis-declared', base.replace('encoding="UTF-8"', 'encoding="Shift_JIS"').replace(/[^\x00-\x7f]/g, 'x')),
    refused('undeclared-entity', base.replace('Does nothing', 'Does &nothing;')),
    refused('content-after-root', `${base}trailing text\n`),
    refused('two-roots', `${base}<service-task-definition/>\n`),
    refused('less-than-in-attribute', base.replace('name="StrConfA1"', 'name="a<b"')),
    refused('double-dash-in-comment', base.replace('<configs>', '<!-- a -- b --><configs>')),
    refused('other-root', base.replaceAll('service-task-definition>', 'process-definition>')),
  ];
}
