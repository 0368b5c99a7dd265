/**
 * Numbers typed into TEXTFIELD configs (a fixed value or an EL result): plain decimal notation
 * only, checked against the range the API accepts, and returned as numbers so that the request
 * body carries JSON numbers, not strings.
 */
import { quote, readText } from './configs';
import { ConfigError } from './errors';

/**
 * Plain decimal notation: an optional minus, digits, an optional decimal point and fraction
 * (`3`, `3.0`, `0.5`, `.5`). No exponent (`1e3`), no `+`, no hex, no thousands separators, no
 * `Infinity`: what a person or a DECIMAL data item writes, nothing JavaScript merely tolerates.
 */
const PLAIN_DECIMAL = /^-?(\d+\.?\d*|\.\d+)$/;

/** The values a config accepts. */
export interface NumberRange {
  /** Whole numbers only (`3.0` counts as 3; `1.5` does not). */
  integer: boolean;
  min: number;
  /** `true`: the value must be greater than `min`, not equal to it. */
  minExclusive: boolean;
  /** The largest value allowed, or null for no upper limit. */
  max: number | null;
}

/** The range in words, for messages: "an integer from 1 to 50", "a number greater than 0". */
export function describeRange(range: NumberRange): string {
  const kind = range.integer ? 'an integer' : 'a number';
  if (range.minExclusive) {
    return range.max === null ? `${kind} greater than ${range.min}` : `${kind} greater than ${range.min} and at most ${range.max}`;
  }
  return range.max === null ? `${kind} of at least ${range.min}` : `${kind} from ${range.min} to ${range.max}`;
}

/** `text` as a number when it is in plain decimal notation, else null. */
export function parsePlainNumber(text: string): number | null {
  if (!PLAIN_DECIMAL.test(text)) return null;
  const value = Number(text);
  return isFinite(value) ? value : null;
}

/** How many digits `text` (plain decimal) has before its decimal point, leading zeros left out. */
function digitCount(text: string): number {
  return (text.replace(/^-/, '').split('.')[0] ?? '').replace(/^0+/, '').length;
}

function inRange(value: number, range: NumberRange): boolean {
  const aboveMin = range.minExclusive ? value > range.min : value >= range.min;
  return aboveMin && (range.max === null || value <= range.max);
}

/**
 * `text` (not blank) as a number within `range`, or a ConfigError that quotes it and ends with
 * `hint`, which says what is valid (e.g. `set an integer from 1 to 50, or auto`).
 */
function checkedNumber(configName: string, what: string, text: string, range: NumberRange, hint: string): number {
  if (!PLAIN_DECIMAL.test(text)) {
    throw new ConfigError(configName, `${what} ${quote(text)} is not a number in plain decimal notation (like 3 or 0.5); ${hint}`);
  }
  const value = Number(text);
  if (!isFinite(value)) {
    // Plain decimal, but beyond what a number holds (about 1.8e308), like a 400-digit integer:
    // not a notation problem, so say what it is.
    throw new ConfigError(configName, `${what} ${quote(text)} has ${digitCount(text)} digits, far beyond any value allowed; ${hint}`);
  }
  if (value === 0 && /[1-9]/.test(text)) {
    throw new ConfigError(configName, `${what} ${quote(text)} is too small to send as a number (it rounds to 0); ${hint}`);
  }
  if (range.integer && !Number.isInteger(value)) {
    throw new ConfigError(configName, `${what} ${quote(text)} is not a whole number; ${hint}`);
  }
  if (!inRange(value, range)) throw new ConfigError(configName, `${what} ${quote(text)} is out of range; ${hint}`);
  // -0 (from "-0") would be sent as 0 anyway; make it plain.
  return value === 0 ? 0 : value;
}

/**
 * An optional number config: blank → undefined (left out of the request); anything else must be
 * a plain decimal number within `range`. `blankMeans` completes the message's hint, e.g.
 * `OpenAI picks one`.
 */
export function readOptionalNumber(configName: string, what: string, range: NumberRange, blankMeans: string): number | undefined {
  const text = readText(configName);
  if (text === '') return undefined;
  return checkedNumber(configName, what, text, range, `set ${describeRange(range)}, or leave it blank (${blankMeans})`);
}

/**
 * A hyperparameter config as OpenAI takes it: blank → undefined (left out: OpenAI decides),
 * `auto` in any case → `"auto"`, otherwise a plain decimal number within `range`.
 */
export function readAutoOrNumber(configName: string, what: string, range: NumberRange): number | 'auto' | undefined {
  const text = readText(configName);
  if (text === '') return undefined;
  if (text.toLowerCase() === 'auto') return 'auto';
  return checkedNumber(configName, what, text, range, `set ${describeRange(range)}, or auto (blank: auto)`);
}
