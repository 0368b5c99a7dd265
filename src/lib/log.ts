/**
 * The process log, which process admins read. Every line passes the secrets gate before it is
 * capped, so neither the key nor a piece of it can reach the log.
 */
import { conceal } from './secrets';
import { capText } from './text';

/** The longest text one log call writes: room for a whole job or error answer, not for a runaway one. */
export const LOG_LIMIT = 10000;

/** Writes `text` (the key concealed, then capped at LOG_LIMIT characters) to the process log. */
export function processLog(text: string): void {
  const shown = conceal(text);
  engine.log(capText(shown, LOG_LIMIT, `… (cut; ${shown.length} characters in all)`));
}
