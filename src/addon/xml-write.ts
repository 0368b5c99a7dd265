/**
 * Writes an add-on model as Questetra add-on XML. fast-xml-parser lays the document out; the
 * element order is the one of Questetra's own files, and nothing here depends on the clock, so
 * the same model always gives the same bytes.
 */
import { XMLBuilder } from 'fast-xml-parser';
import { ROOT_ELEMENT, type AddonConfig, type AddonModel, type LocalizedText } from './model.js';

type XmlNode = Record<string, unknown>;

const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  textNodeName: '#text',
  // CDATA sections keep the script readable. fast-xml-parser splits a `]]>` inside the text
  // into two sections (`]]]]><![CDATA[>`), so any script round-trips.
  cdataPropName: '__cdata',
  format: true,
  indentBy: '  ',
  // Write required="true", never a bare attribute: XML has no boolean attributes.
  suppressBooleanAttributes: false,
});

/** The XML text of `model`, ending in a newline. */
export function writeAddonXml(model: AddonModel): string {
  const root: XmlNode = {};
  putText(root, 'license', model.license);
  putText(root, 'last-modified', model.lastModified);
  putText(root, 'engine-type', model.engineType);
  putText(root, 'addon-version', model.addonVersion);
  putLocalized(root, 'label', model.label);
  putLocalized(root, 'summary', model.summary);
  putLocalized(root, 'help-page-url', model.helpPageUrl);
  root['configs'] = { config: model.configs.map(configNode) };
  if (model.script !== undefined) root['script'] = { __cdata: model.script };
  if (model.icon !== undefined) root['icon'] = wrapBase64(model.icon);
  if (model.test !== undefined) root['test'] = { __cdata: model.test };
  const document = { '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' }, [ROOT_ELEMENT]: root };
  return builder.build(document).replace(/\n*$/, '\n');
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
