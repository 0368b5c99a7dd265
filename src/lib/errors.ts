/**
 * The two kinds of error a step throws. Questetra shows the message to the process admin, so
 * each says what is wrong and what would be right.
 */

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
    super(`${configKey(configName)}: ${problem}`);
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
    super(message);
    this.name = 'ApiError';
  }
}
