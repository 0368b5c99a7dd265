/**
 * Reads Questetra add-on XML into the add-on model the way the platform does: as the JDK's DOM
 * parser (secure processing on, DOCTYPE refused) reads the file. What it refuses, this reader
 * refuses; the text it gives for an element, this reader gives:
 *
 * - bytes must be UTF-8 and every character one XML 1.0 allows;
 * - no DOCTYPE (so no entity declarations and no external DTD);
 * - line ends are normalized (CR LF and CR become LF), references are decoded, and a raw tab or
 *   line break in an attribute value becomes a space;
 * - `<script>` and `<test>` are the element's whole text: its CDATA sections and any text around
 *   them (e.g. `&#x76;&#x61;&#x72;` before the section), in document order;
 * - a config without `form-type` is a TEXTFIELD, an OAUTH2 config without `auth-type` an OAuth2 one.
 *
 * fast-xml-parser tokenizes; the checks it does not make (references, trailing content,
 * declarations, characters) are made here. Tolerant above that level: it reads what is there
 * (files written by others, with tabs or extra locales) and leaves judging to lint, except that
 * it reports, as findings, what the platform accepts but a reader of the file would not expect
 * (text outside CDATA in a program, raw whitespace in attribute values).
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { Utf8Error, badXmlChars, decodeUtf8, describeChar, isXmlChar, lineAt, normalizeLineEnds } from './xml-chars.js';
import { ROOT_ELEMENT, type AddonConfig, type AddonModel, type ConfigItem, type LocalizedText } from './model.js';

/** A problem in the file, on `element` (`document`, `<script>`, `<config name="A1">`…). */
export interface XmlProblem {
  element: string;
  rule: string;
}

/** The platform's XML parser would refuse the file; `problems` say why (one per element). */
export class XmlReadError extends Error {
  constructor(readonly problems: XmlProblem[]) {
    super(problems.map((problem) => `${problem.element}: ${problem.rule}`).join('\n'));
    this.name = 'XmlReadError';
  }
}

/** The XML is not well-formed; `line` is 1-based. */
export class XmlSyntaxError extends XmlReadError {
  constructor(
    readonly reason: string,
    readonly line: number,
  ) {
    super([{ element: 'document', rule: `is not well-formed XML (line ${line}: ${reason})` }]);
    this.name = 'XmlSyntaxError';
    this.message = reason;
  }
}

/** The XML has no `<service-task-definition>` root. */
export class NotAnAddonError extends Error {
  constructor(rootNames: string[]) {
    super(`the root element is ${rootNames.length > 0 ? `<${rootNames.join('>, <')}>` : 'missing'}, not <${ROOT_ELEMENT}>`);
    this.name = 'NotAnAddonError';
  }
}

/** A file as read: its model, and what the platform accepts but lint refuses. */
export interface AddonReading {
  model: AddonModel;
  findings: XmlProblem[];
}

/** An element of the document: attributes decoded and normalized, children in document order. */
interface Element {
  name: string;
  attributes: Map<string, string>;
  /** Attribute names whose raw value holds a tab or line break (a parser turns each into a space). */
  rawWhitespaceAttributes: string[];
  children: Child[];
  /** Offsets in the line-normalized text: [start, end). */
  start: number;
  end: number;
}

type Child = Element | { kind: 'text'; text: string; raw: string } | { kind: 'cdata'; text: string };

const META = XMLParser.getMetaDataSymbol() as unknown as symbol;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  attributesGroupName: false,
  textNodeName: '#text',
  // `#` starts no XML name, so no element can be mistaken for a CDATA section or a comment.
  cdataPropName: '#cdata',
  commentPropName: '#comment',
  // Exact text: references are decoded here (strictly), numbers stay strings.
  preserveOrder: true,
  processEntities: false,
  trimValues: false,
  parseTagValue: false,
  parseAttributeValue: false,
  captureMetaData: true,
});

/** Parses add-on XML (bytes are decoded as UTF-8). Throws XmlReadError (XmlSyntaxError) or NotAnAddonError. */
export function readAddonXml(input: string | Uint8Array): AddonModel {
  return readAddonDocument(input).model;
}

/** Parses add-on XML and reports findings too. Throws XmlReadError (XmlSyntaxError) or NotAnAddonError. */
export function readAddonDocument(input: string | Uint8Array): AddonReading {
  const text = normalizeLineEnds(decode(input));
  checkDeclaration(text);
  checkNoDoctype(text);
  const bad = badXmlChars(text);
  if (bad.length > 0) throw new XmlReadError(badCharProblems(text, bad));
  const root = parseRoot(text);
  if (root.name !== ROOT_ELEMENT) throw new NotAnAddonError([root.name]);
  const findings: XmlProblem[] = [];
  const model: AddonModel = {
    license: optionalText(child(root, 'license')),
    lastModified: optionalText(child(root, 'last-modified')),
    engineType: optionalText(child(root, 'engine-type')),
    addonVersion: optionalText(child(root, 'addon-version')),
    label: localized(root, 'label'),
    summary: localized(root, 'summary'),
    helpPageUrl: localized(root, 'help-page-url'),
    configs: collectConfigs(root).map(readConfig),
    script: program(text, child(root, 'script'), findings),
    icon: optionalText(child(root, 'icon'))?.replace(/[ \t\n]+/g, ''),
    test: program(text, child(root, 'test'), findings),
  };
  findings.push(...rawWhitespaceFindings(text, root));
  return { model, findings };
}

function decode(input: string | Uint8Array): string {
  if (typeof input === 'string') return input.startsWith('\uFEFF') ? input.slice(1) : input;
  try {
    return decodeUtf8(input);
  } catch (error) {
    if (!(error instanceof Utf8Error)) throw error;
    throw new XmlReadError([
      {
        element: 'document',
        rule:
          `is not valid UTF-8: byte 0x${error.byte.toString(16).toUpperCase().padStart(2, '0')} at offset ${error.byteOffset} ` +
          `(line ${error.line}) starts no UTF-8 character; the platform's XML parser refuses the file`,
      },
    ]);
  }
}

/** `<?xml version="1.0" encoding="UTF-8"?>`, when present: XML 1.0 (1.1 has other rules), UTF-8 (what is read). */
function checkDeclaration(text: string): void {
  const declaration = /^<\?xml[ \t\n]([^?]*)\?>/.exec(text);
  if (!declaration) return;
  const attributes = declaration[1] ?? '';
  const version = /version[ \t\n]*=[ \t\n]*(["'])(.*?)\1/.exec(attributes)?.[2];
  if (version !== '1.0') {
    throw new XmlReadError([{ element: 'document', rule: `declares XML version ${version ?? '(none)'}; add-ons are XML 1.0` }]);
  }
  const encoding = /encoding[ \t\n]*=[ \t\n]*(["'])(.*?)\1/.exec(attributes)?.[2];
  if (encoding !== undefined && encoding.toUpperCase() !== 'UTF-8') {
    throw new XmlReadError([{ element: 'document', rule: `declares encoding ${encoding}; add-ons are UTF-8 (write encoding="UTF-8")` }]);
  }
}

/**
 * Refuses a DOCTYPE, as the platform's parser does (disallow-doctype-decl): with it go internal
 * entity declarations (entity expansion) and external DTDs (a file fetched from elsewhere).
 */
function checkNoDoctype(text: string): void {
  const at = skipMisc(text, 0);
  if (!text.startsWith('<!DOCTYPE', at)) return;
  const declaration = text.slice(at, text.indexOf('>', at) + 1 || undefined);
  const what = /<!ENTITY/.test(text.slice(at, text.indexOf(']>', at) + 2 || undefined))
    ? 'a DOCTYPE with entity declarations'
    : /\b(SYSTEM|PUBLIC)\b/.test(declaration)
      ? 'a DOCTYPE naming an external DTD'
      : 'a DOCTYPE';
  throw new XmlReadError([
    {
      element: 'document',
      rule: `has ${what} (line ${lineAt(text, at)}); the platform's XML parser refuses any DOCTYPE (no DTDs, no entity declarations)`,
    },
  ]);
}

/** The offset after the whitespace, comments and processing instructions starting at `from`. */
function skipMisc(text: string, from: number): number {
  let at = from;
  for (;;) {
    while (at < text.length && ' \t\n'.includes(text[at] ?? '')) at += 1;
    const close = text.startsWith('<!--', at) ? '-->' : text.startsWith('<?', at) ? '?>' : undefined;
    if (!close) return at;
    const end = text.indexOf(close, at + 2);
    if (end === -1) return at;
    at = end + close.length;
  }
}

/** One problem per element holding characters XML 1.0 does not allow. */
function badCharProblems(text: string, bad: { index: number; codePoint: number }[]): XmlProblem[] {
  // Parse a copy with each bad character (one UTF-16 unit) replaced by a space, to name the
  // element it sits in; offsets stay the same.
  let root: Element | undefined;
  try {
    let copy = text;
    for (const { index } of bad) copy = `${copy.slice(0, index)} ${copy.slice(index + 1)}`;
    root = parseRoot(copy);
  } catch {
    root = undefined;
  }
  const byElement = new Map<string, { index: number; codePoint: number }[]>();
  for (const char of bad) {
    const element = root ? describePath(pathAt(root, char.index)) : 'document';
    byElement.set(element, [...(byElement.get(element) ?? []), char]);
  }
  return [...byElement].map(([element, chars]) => {
    const [first] = chars as [{ index: number; codePoint: number }];
    const where = `${describeChar(first.codePoint)} at line ${lineAt(text, first.index)}`;
    return {
      element,
      rule:
        (chars.length === 1
          ? `holds ${where}, a character XML 1.0 does not allow`
          : `holds ${chars.length} characters XML 1.0 does not allow, the first ${where}`) +
        " (not even in CDATA); the platform's XML parser refuses the whole file",
    };
  });
}

/** The elements from the root down to the innermost one containing `index`. */
function pathAt(root: Element, index: number): Element[] {
  const path = [root];
  for (;;) {
    const current = path[path.length - 1] as Element;
    const inner = current.children.find((node): node is Element => 'name' in node && node.start <= index && index < node.end);
    if (!inner) return path;
    path.push(inner);
  }
}

/** `<script>`, `<config name="A1"> <label locale="ja">`, `<summary locale="ja">`; `document` for the root. */
function describePath(path: Element[]): string {
  const named = path.slice(1).map(describeElement);
  // The innermost element, with its config when it sits in one (a label says little alone).
  const configAt = path.findIndex((element) => element.name === 'config');
  const innermost = named[named.length - 1];
  if (!innermost) return 'document';
  if (configAt > 0 && configAt < path.length - 1) return `${named[configAt - 1]} ${innermost}`;
  return innermost;
}

function describeElement(element: Element): string {
  for (const attribute of ['name', 'value', 'locale']) {
    const value = element.attributes.get(attribute);
    if (value !== undefined) return `<${element.name} ${attribute}="${value}">`;
  }
  return `<${element.name}>`;
}

/** Parses well-formed XML into its one root element, or throws XmlSyntaxError. */
function parseRoot(text: string): Element {
  const validation = XMLValidator.validate(text);
  if (validation !== true) throw new XmlSyntaxError(validation.err.msg, validation.err.line);
  let nodes: unknown[];
  try {
    nodes = parser.parse(text) as unknown[];
  } catch (error) {
    throw new XmlSyntaxError((error as Error).message, 1);
  }
  const roots: Element[] = [];
  nodes.forEach((node, index) => {
    const kind = nodeKind(node);
    if (kind === '#text' || kind === '#comment') return;
    if (kind.startsWith('?')) {
      // Only the declaration, and only at the very start, may be named xml (any case).
      if (/^\?xml$/i.test(kind) && !(kind === '?xml' && index === 0 && text.startsWith('<?xml'))) {
        throw new XmlSyntaxError('a processing instruction may not be named "xml" (a declaration must come first)', 1);
      }
      return;
    }
    roots.push(toElement(text, node as Record<string, unknown>, kind));
  });
  // fast-xml-parser's validator lets `<a/><b/>` through; a document has exactly one root.
  if (roots.length > 1) throw new XmlSyntaxError('the document has more than one root element', 1);
  const root = roots[0];
  if (!root) throw new XmlSyntaxError('the document has no root element', 1);
  // ... and drops text after the root, which XML does not allow.
  const after = skipMisc(text, root.end);
  if (after < text.length) throw new XmlSyntaxError('content after the root element', lineAt(text, after));
  return root;
}

/** The key naming a node of fast-xml-parser's ordered output: an element name, `#text`, `#cdata`, `#comment`, `?pi`. */
function nodeKind(node: unknown): string {
  return Object.keys(node as object).find((key) => key !== ':@') ?? '#text';
}

function toElement(text: string, node: Record<string, unknown>, name: string): Element {
  const meta = (node as Record<symbol, { startIndex: number; endIndex: number } | undefined>)[META];
  const start = meta?.startIndex ?? 0;
  const end = meta?.endIndex ?? text.length;
  const line = (): number => lineAt(text, start);
  if (name.startsWith('!')) throw new XmlSyntaxError(`<${name} …> is a markup declaration, which only a DOCTYPE may hold`, line());
  const attributes = new Map<string, string>();
  const rawWhitespaceAttributes: string[] = [];
  for (const [attribute, raw] of Object.entries((node[':@'] as Record<string, string> | undefined) ?? {})) {
    if (raw.includes('<')) throw new XmlSyntaxError(`the value of attribute "${attribute}" holds '<'`, line());
    if (/[\t\n]/.test(raw)) rawWhitespaceAttributes.push(attribute);
    attributes.set(attribute, decodeReferences(raw.replace(/[\t\n]/g, ' '), line));
  }
  const children: Child[] = [];
  for (const childNode of (node[name] as unknown[] | undefined) ?? []) {
    const kind = nodeKind(childNode);
    const content = (childNode as Record<string, unknown>)[kind];
    if (kind === '#text') {
      const raw = String(content);
      if (raw.includes(']]>')) throw new XmlSyntaxError("']]>' in text (it may only end a CDATA section)", line());
      children.push({ kind: 'text', text: decodeReferences(raw, line), raw });
    } else if (kind === '#cdata') {
      children.push({ kind: 'cdata', text: innerText(content) });
    } else if (kind === '#comment') {
      const comment = innerText(content);
      if (comment.includes('--') || comment.endsWith('-')) throw new XmlSyntaxError("'--' in a comment", line());
    } else if (kind.startsWith('?')) {
      if (/^\?xml$/i.test(kind)) throw new XmlSyntaxError('a processing instruction may not be named "xml"', line());
    } else {
      children.push(toElement(text, childNode as Record<string, unknown>, kind));
    }
  }
  return { name, attributes, rawWhitespaceAttributes, children, start, end };
}

/** The text of a `#cdata` or `#comment` node: fast-xml-parser wraps it as `[{ '#text': … }]`. */
function innerText(content: unknown): string {
  return (Array.isArray(content) ? content : [])
    .map((part) => String((part as Record<string, unknown>)['#text'] ?? ''))
    .join('');
}

const NAMED_REFERENCES: Record<string, string> = { lt: '<', gt: '>', amp: '&', apos: "'", quot: '"' };

/** Decodes `&lt;`, `&#118;`, `&#x76;`…; any other `&` is an error, as in the JDK (no DTD declares more). */
function decodeReferences(raw: string, line: () => number): string {
  if (!raw.includes('&')) return raw;
  return raw.replace(/&([^;&<]*)(;?)/g, (whole, name: string, semicolon: string) => {
    if (!semicolon) throw new XmlSyntaxError(`'&' starts no reference ("${whole.slice(0, 12)}")`, line());
    const numeric = /^#(?:x([0-9a-fA-F]+)|([0-9]+))$/.exec(name);
    if (numeric) {
      const codePoint = numeric[1] !== undefined ? parseInt(numeric[1], 16) : parseInt(numeric[2] ?? '', 10);
      if (!isXmlChar(codePoint)) {
        throw new XmlSyntaxError(`the character reference ${whole} is a character XML 1.0 does not allow`, line());
      }
      return String.fromCodePoint(codePoint);
    }
    const named = NAMED_REFERENCES[name];
    if (named === undefined) throw new XmlSyntaxError(`the entity "${name}" is referenced but not declared`, line());
    return named;
  });
}

function isElement(node: Child): node is Element {
  return 'name' in node;
}

function childElements(element: Element, name?: string): Element[] {
  return element.children.filter((node): node is Element => isElement(node) && (name === undefined || node.name === name));
}

/** The first child element named `name` (the one a DOM reader takes). */
function child(element: Element, name: string): Element | undefined {
  return childElements(element, name)[0];
}

/** DOM's textContent: the text and CDATA of the element and all it contains, in order (no comments). */
function textContent(element: Element): string {
  return element.children.map((node) => (isElement(node) ? textContent(node) : node.text)).join('');
}

/** Trims XML whitespace only: a full-width space (U+3000) at the end of a Japanese label is text. */
function trimXml(text: string): string {
  return text.replace(/^[ \t\n]+|[ \t\n]+$/g, '');
}

function optionalText(element: Element | undefined): string | undefined {
  return element === undefined ? undefined : trimXml(textContent(element));
}

/**
 * `<script>` / `<test>`: the element's whole text, untrimmed, as the platform runs it. Text
 * outside the CDATA sections (other than whitespace) and child elements are reported.
 */
function program(text: string, element: Element | undefined, findings: XmlProblem[]): string | undefined {
  if (element === undefined) return undefined;
  const outside = element.children.filter((node) => isElement(node) || (node.kind === 'text' && /[^ \t\n]/.test(node.raw)));
  if (outside.length > 0) {
    const first = outside[0] as Child;
    const what = isElement(first)
      ? `a child element <${first.name}>, whose text`
      : `text outside its CDATA section ("${abbreviate(trimXml(first.kind === 'text' ? first.raw : ''))}"), which`;
    findings.push({
      element: `<${element.name}>`,
      rule:
        `has ${what} the platform runs as part of the program (line ${lineAt(text, element.start)}); ` +
        'put the whole program inside one <![CDATA[ … ]]> section',
    });
  }
  return textContent(element);
}

function abbreviate(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

/** Findings for raw tabs and line breaks in attribute values, one per element. */
function rawWhitespaceFindings(text: string, root: Element): XmlProblem[] {
  const findings: XmlProblem[] = [];
  const visit = (path: Element[]): void => {
    const element = path[path.length - 1] as Element;
    if (element.rawWhitespaceAttributes.length > 0) {
      const names = element.rawWhitespaceAttributes.map((name) => `"${name}"`).join(', ');
      findings.push({
        element: describePath(path),
        rule:
          `has a raw tab or line break in the value of ${names} (line ${lineAt(text, element.start)}); ` +
          'XML parsers turn it into a space: write &#9; / &#10; or remove it',
      });
    }
    for (const inner of childElements(element)) visit([...path, inner]);
  };
  visit([root]);
  return findings;
}

/** `<x>en</x><x locale="ja">ja</x>` under `element`. */
function localized(element: Element, name: string): LocalizedText {
  const result: LocalizedText = {};
  for (const text of childElements(element, name)) result[text.attributes.get('locale') ?? 'en'] = trimXml(textContent(text));
  return result;
}

/**
 * `<config>` elements under `<configs>`, also where a file groups them in `<tabs><tab>`, in
 * document order (RunAddonTests.java collects them the same way).
 */
function collectConfigs(root: Element): Element[] {
  const found: Element[] = [];
  const visit = (element: Element): void => {
    for (const inner of childElements(element)) {
      if (inner.name === 'config') found.push(inner);
      else if (inner.name === 'tabs' || inner.name === 'tab' || inner.name === 'configs') visit(inner);
    }
  };
  for (const configs of childElements(root, 'configs')) visit(configs);
  return found;
}

const NAMED_ATTRIBUTES = new Set([
  'name', 'required', 'form-type', 'select-data-type', 'el-enabled', 'editable',
  'auth-type', 'oauth2-setting-name', 'depends-on', 'deprecated',
]);

/** The platform's defaults: no form-type is a TEXTFIELD; an OAUTH2 config with no auth-type is an OAuth2 one. */
export const DEFAULT_FORM_TYPE = 'TEXTFIELD';
export const DEFAULT_OAUTH2_AUTH_TYPE = 'OAUTH2';

function readConfig(element: Element): AddonConfig {
  const attribute = (name: string): string | undefined => element.attributes.get(name);
  const otherAttributes: Record<string, string> = {};
  for (const [name, value] of element.attributes) {
    if (!NAMED_ATTRIBUTES.has(name)) otherAttributes[name] = value;
  }
  const formType = attribute('form-type') ?? DEFAULT_FORM_TYPE;
  return {
    name: attribute('name') ?? '',
    formType,
    label: localized(element, 'label'),
    required: attribute('required') === 'true',
    elEnabled: attribute('el-enabled') === 'true',
    editable: attribute('editable') === 'true',
    selectDataType: attribute('select-data-type'),
    authType: attribute('auth-type') ?? (formType === 'OAUTH2' ? DEFAULT_OAUTH2_AUTH_TYPE : undefined),
    oauth2SettingName: attribute('oauth2-setting-name'),
    dependsOn: attribute('depends-on'),
    deprecated: attribute('deprecated') === 'true',
    items: childElements(element, 'item').map(readItem),
    otherAttributes,
  };
}

function readItem(element: Element): ConfigItem {
  return { value: element.attributes.get('value') ?? '', label: localized(element, 'label') };
}
