/**
 * Shaping text for messages and the process log: one line, a bounded length. Every cut here
 * passes the text through the secrets gate first, so that no cut can leave a piece of the key
 * that the gate would no longer recognize.
 */
import { conceal } from './secrets';

/** Line breaks and the other C0 control characters, NEL, and the Unicode line and paragraph separators. */
const BREAKS = /[\u0000-\u001f\u0085\u2028\u2029]+/g;

/** `text` on one line: every run of line breaks and C0 control characters becomes one space. */
export function oneLine(text: string): string {
  return text.replace(BREAKS, ' ');
}

/**
 * `text`, the key concealed, then cut to at most `limit` characters, ending in `ending` when
 * cut (the ending counts in the limit). A cut never splits a surrogate pair (half an emoji).
 */
export function capText(text: string, limit: number, ending = '…'): string {
  const shown = conceal(text);
  if (shown.length <= limit) return shown;
  let end = Math.max(0, limit - ending.length);
  const last = shown.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return shown.slice(0, end) + ending;
}

/**
 * A value from an answer, for a log line: as it is when it is one short word of printable
 * ASCII (a model name), otherwise as JSON, shortened, so it cannot start a fake log line.
 */
export function plainOrJson(value: unknown): string {
  if (typeof value === 'string' && /^[\x21-\x7e]{1,100}$/.test(value)) return value;
  return capText(jsonOf(value), 100);
}

/** `value` as JSON text, or as String() where JSON has no text for it (undefined, a cycle). */
export function jsonOf(value: unknown): string {
  try {
    const json: string | undefined = JSON.stringify(value);
    return json ?? String(value);
  } catch {
    return String(value);
  }
}
