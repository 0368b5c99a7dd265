/**
 * The format rules of a Questetra add-on XML file, for ours and anyone's. Each problem names
 * the element and the rule broken; an empty list means the file is fine.
 */
import { checkEs2020 } from '../bundle/gate.js';
import { FORM_TYPES, LIMITS, type AddonConfig, type AddonModel, type LocalizedText } from './model.js';
import { pngSize } from './png.js';
import { NotAnAddonError, XmlReadError, readAddonDocument, type AddonReading } from './xml-read.js';

export interface LintProblem {
  /** Where: `<label locale="ja">`, `<config name="StrConfA1">`, `<icon>`, … */
  element: string;
  rule: string;
}

const AUTH_TYPES = ['TOKEN', 'OAUTH2', 'BASIC', 'OAUTH2_JWT_BEARER', 'OAUTH2_CLIENT_CREDENTIALS'];

/**
 * Checks an add-on XML file. Pass the file's bytes: only they show whether it is UTF-8 (a
 * string has been decoded already, invalid bytes replaced).
 */
export function lintAddonXml(input: Uint8Array | string): LintProblem[] {
  let reading: AddonReading;
  try {
    reading = readAddonDocument(input);
  } catch (error) {
    // What the platform's XML parser refuses: nothing else is worth reporting.
    if (error instanceof XmlReadError) return error.problems.map(onOneLine);
    if (error instanceof NotAnAddonError) return [{ element: 'document', rule: error.message }];
    throw error;
  }
  return [...reading.findings, ...lintAddonModel(reading.model)].map(onOneLine);
}

/**
 * A problem printable on one line: a control character or line separator from the file (a name
 * written `a&#10;b`, say) is shown as an escape, so that every problem stays one line.
 */
function onOneLine(problem: LintProblem): LintProblem {
  const escape = (text: string): string =>
    text.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, (char) => `\\u${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`);
  return { element: escape(problem.element), rule: escape(problem.rule) };
}

/** Checks an add-on model (as read from XML). */
export function lintAddonModel(model: AddonModel): LintProblem[] {
  return [
    ...checkHeader(model),
    ...checkLocalized('label', model.label, LIMITS.labelLength, true),
    ...checkLocalized('summary', model.summary, LIMITS.summaryLength, false),
    ...checkLocalized('help-page-url', model.helpPageUrl, LIMITS.helpPageUrlLength, false),
    ...checkConfigs(model.configs),
    ...checkProgram('script', model.script, true),
    ...checkIcon(model.icon),
    ...checkProgram('test', model.test, false),
  ];
}

function checkHeader(model: AddonModel): LintProblem[] {
  const problems: LintProblem[] = [];
  if (model.engineType === undefined) {
    problems.push({ element: '<engine-type>', rule: 'is missing; it must be 3 (GraalJS standard mode)' });
  } else if (model.engineType !== '3') {
    problems.push({
      element: '<engine-type>',
      rule: `is ${model.engineType}; it must be 3 (GraalJS standard mode: engine types 0-2 are discontinued)`,
    });
  }
  if (model.addonVersion !== undefined && model.addonVersion !== '2') {
    problems.push({ element: '<addon-version>', rule: `is ${model.addonVersion}; the only version Questetra defines is 2` });
  }
  if (model.lastModified !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(model.lastModified)) {
    problems.push({ element: '<last-modified>', rule: `is "${model.lastModified}"; it must be a date YYYY-MM-DD` });
  }
  return problems;
}

function elementName(element: string, locale: string): string {
  return locale === 'en' ? `<${element}>` : `<${element} locale="${locale}">`;
}

function checkLocalized(element: string, text: LocalizedText, limit: number, required: boolean): LintProblem[] {
  const problems: LintProblem[] = [];
  if (required && isBlank(text.en)) {
    problems.push({ element: `<${element}>`, rule: 'is missing or empty; the default (English) text is required' });
  }
  for (const [locale, value] of Object.entries(text)) {
    // Counted as the modeler shows it: line breaks and indentation of the file collapsed.
    const length = [...collapseWhitespace(value ?? '')].length;
    if (length > limit) {
      problems.push({ element: elementName(element, locale), rule: `is ${length} characters; the limit is ${limit}` });
    }
  }
  return problems;
}

/** Missing, or nothing but whitespace of any kind (a label of one full-width space is empty to a reader). */
function isBlank(text: string | undefined): boolean {
  return text === undefined || text.trim() === '';
}

/** XML whitespace runs as one space, none at either end (a full-width space U+3000 is text). */
function collapseWhitespace(text: string): string {
  return text.replace(/[ \t\n\r]+/g, ' ').replace(/^ | $/g, '');
}

function checkConfigs(configs: AddonConfig[]): LintProblem[] {
  const problems: LintProblem[] = [];
  if (configs.length > LIMITS.configCount) {
    problems.push({ element: '<configs>', rule: `has ${configs.length} configs; the limit is ${LIMITS.configCount}` });
  }
  const seen = new Set<string>();
  configs.forEach((config, index) => {
    const element = config.name ? `<config name="${config.name}">` : `<config> #${index + 1}`;
    const problem = (rule: string): void => {
      problems.push({ element, rule });
    };
    if (!config.name) problem('has no name attribute');
    else if (seen.has(config.name)) problem('duplicates the name of an earlier config; config names must be unique');
    seen.add(config.name);
    if (!(FORM_TYPES as readonly string[]).includes(config.formType)) {
      problem(`has form-type "${config.formType}"; known form types are ${FORM_TYPES.join(', ')}`);
    }
    if (isBlank(config.label.en)) problem('has no <label>');
    for (const [locale, value] of Object.entries(config.label)) {
      if (isBlank(value)) problem(`has an empty ${elementName('label', locale)}`);
      // Counted as the modeler shows it, as the add-on's own label; longer ones wrap in the property panel.
      const length = [...collapseWhitespace(value ?? '')].length;
      if (length > LIMITS.configLabelLength) {
        problem(`${elementName('label', locale)}: is ${length} characters; the limit is ${LIMITS.configLabelLength}`);
      }
    }
    if (config.formType === 'SELECT' && !config.selectDataType) problem('is a SELECT without select-data-type');
    if (config.formType === 'OAUTH2' && !AUTH_TYPES.includes(config.authType ?? '')) {
      problem(`is an OAUTH2 config with auth-type "${config.authType ?? ''}"; known: ${AUTH_TYPES.join(', ')}`);
    }
    if (config.formType === 'SELECT_ITEM') problems.push(...checkItems(element, config));
    else if (config.items.length > 0) problem(`has <item> elements, which only SELECT_ITEM uses`);
  });
  return problems;
}

function checkItems(element: string, config: AddonConfig): LintProblem[] {
  const problems: LintProblem[] = [];
  if (config.items.length === 0) problems.push({ element, rule: 'is a SELECT_ITEM with no <item>' });
  const values = new Set<string>();
  for (const item of config.items) {
    const itemElement = `${element} <item value="${item.value}">`;
    if (!item.value) problems.push({ element: itemElement, rule: 'has no value' });
    else if (values.has(item.value)) problems.push({ element: itemElement, rule: 'duplicates an earlier item value' });
    values.add(item.value);
    if (isBlank(item.label.en)) problems.push({ element: itemElement, rule: 'has no <label>' });
  }
  return problems;
}

function checkProgram(element: 'script' | 'test', code: string | undefined, required: boolean): LintProblem[] {
  if (code === undefined) {
    return required ? [{ element: `<${element}>`, rule: 'is missing; an add-on needs a program' }] : [];
  }
  try {
    // A text the build's gate passed (that add-on's, as built or as read from the file it wrote)
    // is known to the gate: it is not parsed again.
    checkEs2020(code, { addon: 'this file', part: `<${element}>` });
    return [];
  } catch (error) {
    return [{ element: `<${element}>`, rule: (error as Error).message.replace(/^this file <\w+>: /, '') }];
  }
}

function checkIcon(icon: string | undefined): LintProblem[] {
  if (icon === undefined) return [{ element: '<icon>', rule: 'is missing; a 32x32 PNG in base64 is required' }];
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(icon)) return [{ element: '<icon>', rule: 'is not base64' }];
  const size = pngSize(Buffer.from(icon, 'base64'));
  if (!size) return [{ element: '<icon>', rule: 'is not a PNG image' }];
  const { width, height } = size;
  if (width !== LIMITS.iconSize || height !== LIMITS.iconSize) {
    return [{ element: '<icon>', rule: `is ${width}x${height}; it must be ${LIMITS.iconSize}x${LIMITS.iconSize}` }];
  }
  return [];
}
