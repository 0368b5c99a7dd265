/**
 * XML 1.0 at the level of characters and bytes, shared by the writer, the reader and the build:
 * which characters a document may hold, strict UTF-8 decoding, line numbers.
 *
 * XML 1.0: Char ::= #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF].
 * So no C0 control other than tab, LF and CR (not even inside CDATA, not even as `&#1;`), no
 * U+FFFE/U+FFFF, and no lone surrogate (UTF-8 cannot even encode one). The JDK's parser refuses
 * a whole file that holds one.
 */

/** Whether XML 1.0 allows the code point `codePoint` in a document. */
export function isXmlChar(codePoint: number): boolean {
  return (
    codePoint === 0x9 ||
    codePoint === 0xa ||
    codePoint === 0xd ||
    (codePoint >= 0x20 && codePoint <= 0xd7ff) ||
    (codePoint >= 0xe000 && codePoint <= 0xfffd) ||
    (codePoint >= 0x10000 && codePoint <= 0x10ffff)
  );
}

/** A character XML 1.0 cannot carry, found in a JavaScript string. */
export interface BadChar {
  /** UTF-16 index in the string. */
  index: number;
  /** The code point, or the code unit of a lone surrogate. */
  codePoint: number;
}

/** Every character of `text` that XML 1.0 cannot carry (lone surrogates included), in order. */
export function badXmlChars(text: string): BadChar[] {
  const found: BadChar[] = [];
  // Fast path: the common case has no control character, no surrogate and no U+FFFE/U+FFFF.
  if (!/[\0-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]/.test(text)) return found;
  for (let index = 0; index < text.length; index++) {
    const unit = text.charCodeAt(index);
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = text.charCodeAt(index + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        index += 1; // a surrogate pair: one astral character, which XML allows
        continue;
      }
      found.push({ index, codePoint: unit });
    } else if (!isXmlChar(unit)) {
      found.push({ index, codePoint: unit });
    }
  }
  return found;
}

/** `U+0001`, `U+FFFE`, `U+D800 (a lone surrogate)`. */
export function describeChar(codePoint: number): string {
  const name = `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
  return codePoint >= 0xd800 && codePoint <= 0xdfff ? `${name} (a lone surrogate)` : name;
}

/** The 1-based line of `index` in `text` (lines end at LF; CR LF and lone CR are normalized first by XML). */
export function lineAt(text: string, index: number): number {
  let line = 1;
  for (let at = text.indexOf('\n'); at !== -1 && at < index; at = text.indexOf('\n', at + 1)) line += 1;
  return line;
}

/** XML's end-of-line handling (2.11): CR LF and a lone CR become LF before anything is parsed. */
export function normalizeLineEnds(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

/** Bytes that are not UTF-8: where the first bad sequence starts. */
export class Utf8Error extends Error {
  constructor(
    readonly byteOffset: number,
    readonly line: number,
    readonly byte: number,
  ) {
    super(`invalid UTF-8: byte 0x${byte.toString(16).toUpperCase().padStart(2, '0')} at offset ${byteOffset} (line ${line})`);
    this.name = 'Utf8Error';
  }
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/**
 * Decodes UTF-8 strictly (a leading byte order mark is dropped, as XML parsers do). Throws a
 * Utf8Error naming the first invalid sequence: overlong forms, encoded surrogates, code points
 * above U+10FFFF and truncated sequences are all invalid.
 */
export function decodeUtf8(bytes: Uint8Array): string {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    const offset = firstInvalidUtf8(bytes);
    let line = 1;
    for (let at = 0; at < offset; at++) if (bytes[at] === 0x0a) line += 1;
    throw new Utf8Error(offset, line, bytes[offset] ?? 0);
  }
}

/** The offset of the first byte that does not start a well-formed UTF-8 sequence (Unicode table 3-7). */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let at = 0;
  while (at < bytes.length) {
    const first = bytes[at] ?? 0;
    if (first < 0x80) {
      at += 1;
      continue;
    }
    // [length, lowest and highest allowed second byte]
    let rule: [number, number, number] | undefined;
    if (first >= 0xc2 && first <= 0xdf) rule = [2, 0x80, 0xbf];
    else if (first === 0xe0) rule = [3, 0xa0, 0xbf];
    else if (first === 0xed) rule = [3, 0x80, 0x9f];
    else if (first >= 0xe1 && first <= 0xef) rule = [3, 0x80, 0xbf];
    else if (first === 0xf0) rule = [4, 0x90, 0xbf];
    else if (first >= 0xf1 && first <= 0xf3) rule = [4, 0x80, 0xbf];
    else if (first === 0xf4) rule = [4, 0x80, 0x8f];
    if (!rule) return at;
    const [length, low, high] = rule;
    const second = bytes[at + 1];
    if (second === undefined || second < low || second > high) return at;
    for (let next = 2; next < length; next++) {
      const byte = bytes[at + next];
      if (byte === undefined || byte < 0x80 || byte > 0xbf) return at;
    }
    at += length;
  }
  return bytes.length;
}
