/**
 * Reading JSON from answers that may be hostile: nesting is measured before parsing, without
 * recursion, so that a body nested thousands deep neither overflows a stack here nor makes a
 * value that JSON.stringify (and so a data item) cannot take later.
 */

/** The deepest nesting of objects and arrays an answer may have. A job or a file object has 4. */
export const MAX_JSON_DEPTH = 32;

export type ParsedJson = { value: unknown } | { problem: string };

/** How deep objects and arrays nest in `text`, counted up to `limit + 1` (strings skipped). */
export function nestingDepth(text: string, limit: number): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (inString) {
      if (code === 0x5c) i += 1; // backslash: skip the escaped character
      else if (code === 0x22) inString = false;
    } else if (code === 0x22) {
      inString = true;
    } else if (code === 0x7b || code === 0x5b) {
      depth += 1;
      if (depth > deepest) deepest = depth;
      if (deepest > limit) return deepest;
    } else if (code === 0x7d || code === 0x5d) {
      depth -= 1;
    }
  }
  return deepest;
}

/** `text` parsed, or what keeps it from being JSON this step can use. */
export function parseJson(text: string): ParsedJson {
  if (nestingDepth(text, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) {
    return { problem: `JSON nested more than ${MAX_JSON_DEPTH} levels deep` };
  }
  try {
    return { value: JSON.parse(text) as unknown };
  } catch {
    return { problem: 'not JSON' };
  }
}
