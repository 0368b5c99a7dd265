/**
 * The kinds of error a step throws. Questetra shows the message to the process admin, so each
 * says what is wrong and what would be right. Every message passes the secrets gate first, then
 * becomes one line of at most 1,000 characters, whatever an answer or a config put into it (a
 * 1 MB API message, a line break, the key in any encoding).
 */
import { conceal } from './secrets';
import { capText, oneLine } from './text';

/** The longest error message a step throws. */
export const MESSAGE_LIMIT = 1000;

/** `message` as a step may show it: the key concealed (before any cut), one line, capped. */
export function errorText(message: string): string {
  return capText(oneLine(conceal(message)), MESSAGE_LIMIT);
}

/** `StrConfA1` → `A1`: the short key users see at the start of every config label. */
export function configKey(configName: string): string {
  return configName.replace(/^[A-Za-z]+Conf/, '');
}

/** A config holds a value the step cannot use. Thrown before any request is sent. */
export class ConfigError extends Error {
  constructor(
    readonly configName: string,
    problem: string,
  ) {
    super(errorText(`${configKey(configName)}: ${problem}`));
    this.name = 'ConfigError';
  }
}

/** The API answered with an error, or with something that is not what its contract promises. */
export class ApiError extends Error {
  constructor(
    /** The HTTP status, or 0 when no answer came (network failure). */
    readonly status: number,
    message: string,
  ) {
    super(errorText(message));
    this.name = 'ApiError';
  }
}

/** A result cannot go into its data item (a line break for a single-line item, too long). */
export class OutputError extends Error {
  constructor(
    readonly configName: string,
    problem: string,
  ) {
    super(errorText(`${configKey(configName)}: ${problem}`));
    this.name = 'OutputError';
  }
}

/** The fine-tuning job a step waited for ended `failed` or `cancelled`, and the modeler asked for that to fail the step. */
export class JobEndedError extends Error {
  constructor(message: string) {
    super(errorText(message));
    this.name = 'JobEndedError';
  }
}
