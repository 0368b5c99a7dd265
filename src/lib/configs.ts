/**
 * Reading configs: each reader returns a value the step can use as it is, or throws a
 * ConfigError naming the config. Steps call them all before sending anything.
 */
import { ConfigError } from './errors';

/** Longest value quoted back in an error message. */
const QUOTE_LIMIT = 60;

/** A config value quoted for an error message, shortened when long. */
export function quote(value: string): string {
  const shown = value.length > QUOTE_LIMIT ? `${value.slice(0, QUOTE_LIMIT)}…` : value;
  return JSON.stringify(shown);
}

/** The text of a TEXTFIELD/TEXTAREA config, trimmed (EL results often end in a line break). */
export function readText(configName: string): string {
  return configs.get(configName).trim();
}

/** Like readText, but blank is an error: `what` and `example` say what belongs there. */
export function readRequiredText(configName: string, what: string, example: string): string {
  const value = readText(configName);
  if (value === '') throw new ConfigError(configName, `${what} is blank; set one, for example ${example}`);
  return value;
}

/** A TOGGLE: `true` only when switched on. */
export function readToggle(configName: string): boolean {
  const value = configs.getObject(configName);
  return value === true || String(value) === 'true' || configs.get(configName) === 'true';
}

function isAuthSetting(value: unknown): value is AuthSettingWrapper {
  const candidate = value as Partial<AuthSettingWrapper> | null;
  return !!candidate && typeof candidate.getToken === 'function' && typeof candidate.getName === 'function';
}

/** The HTTP authorization setting of an OAUTH2 (Token fixed value) config; required. */
export function readAuthSetting(configName: string): AuthSettingWrapper {
  const value = configs.getObject(configName);
  if (!isAuthSetting(value)) {
    throw new ConfigError(configName, 'no HTTP authorization setting is chosen; choose a "Token fixed value" setting that holds the API key');
  }
  if (value.getToken().trim() === '') {
    throw new ConfigError(configName, `the HTTP authorization setting "${value.getName()}" holds no token; set the API key as its token`);
  }
  return value;
}

function isDataDefinition(value: unknown): value is DataDefinitionView {
  const candidate = value as Partial<DataDefinitionView> | null;
  return !!candidate && typeof candidate.matchDataType === 'function' && typeof candidate.getName === 'function';
}

/** The kinds of data item a SELECT config may be limited to. */
export type DataItemKind = 'single-line string' | 'multi-line string' | 'string';

const MATCHING_TYPE: Record<DataItemKind, string> = {
  'single-line string': 'STRING_TEXTFIELD',
  'multi-line string': 'STRING_TEXTAREA',
  string: 'STRING',
};

/** The data item chosen in an optional SELECT config, or null when none is chosen. */
export function readOptionalDataItem(configName: string, kind: DataItemKind): DataDefinitionView | null {
  const value = configs.getObject(configName);
  if (value === null || value === undefined) return null;
  if (!isDataDefinition(value)) throw new ConfigError(configName, 'is not set to a data item');
  if (!value.matchDataType(MATCHING_TYPE[kind])) {
    throw new ConfigError(configName, `the data item "${value.getName()}" is not a ${kind} item; choose a ${kind} data item`);
  }
  return value;
}

/**
 * A value that travels in an HTTP header or URL: printable ASCII with no spaces, so that it
 * cannot add a header line or change the request (an EL result with a line break would).
 */
export function requireToken(configName: string, value: string, what: string, example: string): string {
  if (!/^[\x21-\x7e]+$/.test(value)) {
    throw new ConfigError(configName, `${what} ${quote(value)} has spaces, line breaks or non-ASCII characters; it looks like ${example}`);
  }
  return value;
}
