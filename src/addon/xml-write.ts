/**
 * Writes an add-on model as Questetra add-on XML. fast-xml-parser lays the document out; the
 * element order is the one of Questetra's own files, and nothing here depends on the clock, so
 * the same model always gives the same bytes.
 *
 * What is written reads back as the same model, with any XML parser: the writer refuses a
 * character XML 1.0 cannot carry (the caller names where it came from; see badModelChars),
 * writes tabs and line breaks in attribute values as character references (a parser turns raw
 * ones into spaces), and puts `<script>` and `<test>` in CDATA with no text around it (a parser
 * makes such text part of the program).
 */
import { XMLBuilder } from 'fast-xml-parser';
import { badXmlChars, describeChar } from './xml-chars.js';
import { ROOT_ELEMENT, modelTexts, type AddonConfig, type AddonModel, type LocalizedText } from './model.js';

type XmlNode = Record<string, unknown>;

const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  textNodeName: '#text',
  format: true,
  indentBy: '  ',
  // Write required="true", never a bare attribute: XML has no boolean attributes.
  suppressBooleanAttributes: false,
  // Escaping is ours (below): the builder's own cannot write character references.
  processEntities: false,
  tagValueProcessor: (_name: string, value: unknown) => escapeText(String(value)),
  attributeValueProcessor: (_name: string, value: unknown) => escapeAttribute(String(value)),
});

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', "'": '&apos;', '"': '&quot;' };

/** Element text: the five markup characters as entities; CR as a reference (a parser turns a raw one into LF). */
function escapeText(text: string): string {
  return text.replace(/[&<>'"\r]/g, (char) => ENTITIES[char] ?? `&#${char.charCodeAt(0)};`);
}

/** Attribute values: as text, and tab and LF as references too (a parser turns raw ones into spaces). */
function escapeAttribute(text: string): string {
  return text.replace(/[&<>'"\t\n\r]/g, (char) => ENTITIES[char] ?? `&#${char.charCodeAt(0)};`);
}

/**
 * The script or test as one CDATA section, or several where it holds `]]>` (which would end a
 * section): `a]]>b` is written `<![CDATA[a]]]]><![CDATA[>b]]>`, which reads back as `a]]>b`.
 */
function cdata(text: string): string {
  return `<![CDATA[${text.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;
}

/** Placeholders the builder writes where a CDATA section goes; U+0000 is in no model text (refused below). */
const CDATA_MARKS = { script: '\u0000script\u0000', test: '\u0000test\u0000' } as const;

/** A character the model holds cannot be written as XML 1.0. */
export class XmlCharError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'XmlCharError';
  }
}

/** The characters of `model` that XML 1.0 cannot carry, with the field that holds each (first per field). */
export function badModelChars(model: AddonModel): { field: string; index: number; codePoint: number }[] {
  const found: { field: string; index: number; codePoint: number }[] = [];
  for (const { field, text } of modelTexts(model)) {
    const [first] = badXmlChars(text);
    if (first) found.push({ field, ...first });
  }
  return found;
}

/** The XML text of `model`, ending in a newline. Throws an XmlCharError naming the field of a character XML 1.0 cannot carry. */
export function writeAddonXml(model: AddonModel): string {
  const bad = badModelChars(model);
  if (bad.length > 0) {
    throw new XmlCharError(
      bad.map(({ field, index, codePoint }) => `${field} holds ${describeChar(codePoint)} at index ${index}, which XML 1.0 cannot carry`).join('; '),
    );
  }
  const root: XmlNode = {};
  putText(root, 'license', model.license);
  putText(root, 'last-modified', model.lastModified);
  putText(root, 'engine-type', model.engineType);
  putText(root, 'addon-version', model.addonVersion);
  putLocalized(root, 'label', model.label);
  putLocalized(root, 'summary', model.summary);
  putLocalized(root, 'help-page-url', model.helpPageUrl);
  root['configs'] = { config: model.configs.map(configNode) };
  if (model.script !== undefined) root['script'] = { '#text': CDATA_MARKS.script };
  if (model.icon !== undefined) root['icon'] = wrapBase64(model.icon);
  if (model.test !== undefined) root['test'] = { '#text': CDATA_MARKS.test };
  const document = { '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' }, [ROOT_ELEMENT]: root };
  return builder
    .build(document)
    .replace(CDATA_MARKS.script, () => cdata(model.script ?? ''))
    .replace(CDATA_MARKS.test, () => cdata(model.test ?? ''))
    .replace(/\n*$/, '\n');
}

function putText(node: XmlNode, element: string, text: string | undefined): void {
  if (text !== undefined) node[element] = { '#text': text };
}

/** `<x>en</x><x locale="ja">ja</x>`: the default (English) text first, then other locales. */
function putLocalized(node: XmlNode, element: string, text: LocalizedText): void {
  const locales = Object.keys(text).sort((a, b) => (a === 'en' ? -1 : b === 'en' ? 1 : a.localeCompare(b)));
  const nodes = locales
    .filter((locale) => text[locale] !== undefined)
    .map((locale) => (locale === 'en' ? { '#text': text[locale] } : { '#text': text[locale], '@_locale': locale }));
  if (nodes.length > 0) node[element] = nodes;
}

function configNode(config: AddonConfig): XmlNode {
  const node: XmlNode = { '@_name': config.name };
  if (config.required) node['@_required'] = 'true';
  node['@_form-type'] = config.formType;
  putAttribute(node, 'select-data-type', config.selectDataType);
  if (config.elEnabled) node['@_el-enabled'] = 'true';
  if (config.editable) node['@_editable'] = 'true';
  putAttribute(node, 'auth-type', config.authType);
  putAttribute(node, 'oauth2-setting-name', config.oauth2SettingName);
  putAttribute(node, 'depends-on', config.dependsOn);
  if (config.deprecated) node['@_deprecated'] = 'true';
  for (const [name, value] of Object.entries(config.otherAttributes)) node[`@_${name}`] = value;
  putLocalized(node, 'label', config.label);
  if (config.items.length > 0) {
    node['item'] = config.items.map((item) => {
      const itemNode: XmlNode = { '@_value': item.value };
      putLocalized(itemNode, 'label', item.label);
      return itemNode;
    });
  }
  return node;
}

function putAttribute(node: XmlNode, name: string, value: string | undefined): void {
  if (value !== undefined) node[`@_${name}`] = value;
}

/** Base64 in lines of 76 characters, as Questetra's files carry their icons. */
function wrapBase64(base64: string): string {
  const lines = base64.match(/.{1,76}/g) ?? [];
  return '\n' + lines.join('\n') + '\n';
}
