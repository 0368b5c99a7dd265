/**
 * Text that comes from an add-on (test names, error messages, file names) made safe to print:
 * control characters (C0, DEL, C1: line breaks, ANSI escapes), invisible format characters and
 * bidirectional overrides become visible escapes, so a test name can neither print a line of
 * its own (a fake "47 passed, 0 failed") nor recolour, hide or reorder what follows.
 */
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]/g;
const SHORT: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** `text` on one line, with every unprintable character escaped (`\n`, `\u001b`, …). */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, (char) => SHORT[char] ?? `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** `text` split at its line breaks, each line printable: for messages with a stack trace. */
export function printableLines(text: string): string[] {
  return text.split(/\r?\n/).map(printable);
}
