/**
 * Reading configs: each reader returns a value the step can use as it is, or throws a
 * ConfigError naming the config. Steps call them all before sending anything.
 */
import { ConfigError } from './errors';
import { armSecretGate, conceal } from './secrets';

/** Longest value quoted back in an error message. */
const QUOTE_LIMIT = 60;

/** A value quoted for an error message: the key concealed first, then shortened when long. */
export function quote(value: string): string {
  const concealed = conceal(value);
  const shown = concealed.length > QUOTE_LIMIT ? `${concealed.slice(0, QUOTE_LIMIT)}…` : concealed;
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

/** The shortest API key accepted: real keys have 32 characters or more (OpenAI's over 40). */
export const MIN_KEY_LENGTH = 8;

/** The HTTP authorization setting of U1 and its token, the API key, trimmed and checked. */
export interface ApiKey {
  setting: AuthSettingWrapper;
  token: string;
}

/**
 * The API key of an OAUTH2 (Token fixed value) config; required. The token is trimmed (a pasted
 * key often ends in a line break) and must be one word of printable ASCII, so that it can only
 * ever fill its one header. From here on the secrets gate hides it; no message quotes it.
 * Steps read this config first, before any other.
 */
export function readApiKey(configName: string): ApiKey {
  const setting = configs.getObject(configName);
  if (!isAuthSetting(setting)) {
    throw new ConfigError(configName, 'no HTTP authorization setting is chosen; choose a "Token fixed value" setting that holds the API key');
  }
  const name = String(setting.getName());
  const token = String(setting.getToken()).trim();
  if (token === '') {
    throw new ConfigError(configName, `the HTTP authorization setting "${name}" holds no token; set the API key as its token`);
  }
  if (!/^[\x21-\x7e]+$/.test(token)) {
    throw new ConfigError(configName, `the token of the HTTP authorization setting "${name}" has spaces, line breaks or non-ASCII characters inside; set the API key alone, as one word`);
  }
  if (token.length < MIN_KEY_LENGTH) {
    throw new ConfigError(configName, `the token of the HTTP authorization setting "${name}" has ${token.length} characters; an API key has at least ${MIN_KEY_LENGTH}`);
  }
  armSecretGate(token);
  return { setting, token };
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
