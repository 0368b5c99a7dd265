/**
 * Reads Questetra add-on XML into the add-on model. Tolerant by design: it reads what is
 * there (including files written by others, with tabs or extra locales) and leaves judging to
 * lint. Only a document that is not well-formed XML is an error here.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { ROOT_ELEMENT, type AddonConfig, type AddonModel, type ConfigItem, type LocalizedText } from './model.js';

type XmlNode = Record<string, unknown>;

/** The XML is not well-formed; `line` is 1-based. */
export class XmlSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
    this.name = 'XmlSyntaxError';
  }
}

/** The XML has no `<service-task-definition>` root. */
export class NotAnAddonError extends Error {
  constructor(rootNames: string[]) {
    super(`the root element is ${rootNames.length > 0 ? `<${rootNames.join('>, <')}>` : 'missing'}, not <${ROOT_ELEMENT}>`);
    this.name = 'NotAnAddonError';
  }
}

const REPEATED = new Set(['label', 'summary', 'help-page-url', 'config', 'item', 'tab', 'tabs', 'configs']);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  textNodeName: '#text',
  cdataPropName: '__cdata',
  // Exact text: CDATA must come back byte for byte, and numbers stay strings.
  trimValues: false,
  parseTagValue: false,
  parseAttributeValue: false,
  isArray: (name) => REPEATED.has(name),
});

/** Parses add-on XML. Throws XmlSyntaxError or NotAnAddonError. */
export function readAddonXml(xml: string): AddonModel {
  const validation = XMLValidator.validate(xml);
  if (validation !== true) {
    throw new XmlSyntaxError(validation.err.msg, validation.err.line);
  }
  const document = parser.parse(xml) as XmlNode;
  const rootNames = Object.keys(document).filter((name) => !name.startsWith('?') && name !== '#text');
  // fast-xml-parser's validator lets `<a/><b/>` through; a document has exactly one root.
  if (rootNames.length > 1 || Array.isArray(document[ROOT_ELEMENT])) {
    throw new XmlSyntaxError('the document has more than one root element', 1);
  }
  const found = document[ROOT_ELEMENT];
  // A root without child elements reads as its text ('' when empty): an empty add-on, which
  // lint then reports for what it lacks.
  const root = typeof found === 'string' ? {} : found;
  if (!isNode(root)) {
    throw new NotAnAddonError(rootNames);
  }
  return {
    license: optionalText(root['license']),
    lastModified: optionalText(root['last-modified']),
    engineType: optionalText(root['engine-type']),
    addonVersion: optionalText(root['addon-version']),
    label: localized(root['label']),
    summary: localized(root['summary']),
    helpPageUrl: localized(root['help-page-url']),
    configs: collectConfigs(root['configs']).map(readConfig),
    script: optionalCdata(root['script']),
    icon: optionalText(root['icon'])?.replace(/\s+/g, ''),
    test: optionalCdata(root['test']),
  };
}

function isNode(value: unknown): value is XmlNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asArray(value: unknown): unknown[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** The text of an element: its text and CDATA, trimmed (CDATA is exact, see optionalCdata). */
function textOf(value: unknown): string {
  if (typeof value === 'string') return value.trim();
  if (!isNode(value)) return '';
  const cdata = asArray(value['__cdata']).join('');
  const text = asArray(value['#text']).join('');
  return (text + cdata).trim();
}

function optionalText(value: unknown): string | undefined {
  const first = asArray(value)[0];
  return first === undefined ? undefined : textOf(first);
}

/** Script and test: the CDATA sections joined (a `]]>` spans two), outside whitespace ignored. */
function optionalCdata(value: unknown): string | undefined {
  const first = asArray(value)[0];
  if (first === undefined) return undefined;
  if (isNode(first) && first['__cdata'] !== undefined) return asArray(first['__cdata']).join('');
  return textOf(first);
}

function localized(value: unknown): LocalizedText {
  const result: LocalizedText = {};
  for (const element of asArray(value)) {
    const locale = isNode(element) && typeof element['@_locale'] === 'string' ? element['@_locale'] : 'en';
    result[locale] = textOf(element);
  }
  return result;
}

/** `<config>` elements under `<configs>`, also where a file groups them in `<tabs><tab>`. */
function collectConfigs(value: unknown): XmlNode[] {
  const found: XmlNode[] = [];
  const visit = (node: unknown): void => {
    for (const element of asArray(node)) {
      if (!isNode(element)) continue;
      for (const config of asArray(element['config'])) if (isNode(config)) found.push(config);
      visit(element['tabs']);
      visit(element['tab']);
      visit(element['configs']);
    }
  };
  visit(value);
  return found;
}

const NAMED_ATTRIBUTES = new Set([
  'name', 'required', 'form-type', 'select-data-type', 'el-enabled', 'editable',
  'auth-type', 'oauth2-setting-name', 'depends-on', 'deprecated',
]);

function readConfig(node: XmlNode): AddonConfig {
  const attribute = (name: string): string | undefined => {
    const value = node[`@_${name}`];
    return typeof value === 'string' ? value : undefined;
  };
  const otherAttributes: Record<string, string> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key.startsWith('@_') && !NAMED_ATTRIBUTES.has(key.slice(2)) && typeof value === 'string') {
      otherAttributes[key.slice(2)] = value;
    }
  }
  return {
    name: attribute('name') ?? '',
    formType: attribute('form-type') ?? '',
    label: localized(node['label']),
    required: attribute('required') === 'true',
    elEnabled: attribute('el-enabled') === 'true',
    editable: attribute('editable') === 'true',
    selectDataType: attribute('select-data-type'),
    authType: attribute('auth-type'),
    oauth2SettingName: attribute('oauth2-setting-name'),
    dependsOn: attribute('depends-on'),
    deprecated: attribute('deprecated') === 'true',
    items: asArray(node['item']).filter(isNode).map(readItem),
    otherAttributes,
  };
}

function readItem(node: XmlNode): ConfigItem {
  return { value: typeof node['@_value'] === 'string' ? node['@_value'] : '', label: localized(node['label']) };
}
