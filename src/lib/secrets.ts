/**
 * The secrets gate: the one function every text passes on its way to the process log, an error
 * message or a data item. It replaces the API key with `[API key]` in every form an answer, a
 * gateway or an exception could carry it:
 * - raw, in any mix of upper and lower case;
 * - JSON-escaped (`\u0073\u006b…`, also `\/`, `\"`, `\\`), URL-encoded (`%73%6B…`), or any
 *   mix of these per character;
 * - hex (`736b2d…`, any case);
 * - base64 and base64url, at each of the three alignments the key can have inside a longer
 *   encoded text (`Basic …`, a JWT, a data URL).
 *
 * The gate runs before anything is cut or capped, so no cut can leave a piece of the key behind.
 * `armSecretGate` is called once per run, as soon as the key is read (readApiKey), before any
 * other config is read; until then there is no key to hide.
 */

/** What the key is replaced with. No `$`, quote or backslash: safe inside JSON and replace(). */
export const SECRET_MARK = '[API key]';

/** The forms of the armed key: one pattern matched in any case, one matched exactly. */
let armed: { anyCase: RegExp; exactCase: RegExp } | null = null;

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** From now on, conceal() hides `token` (the trimmed API key of this run). */
export function armSecretGate(token: string): void {
  armed = secretPatterns(token);
}

/** `text` with every form of the armed key replaced by SECRET_MARK. */
export function conceal(text: string): string {
  const value = String(text);
  if (armed === null) return value;
  return value.replace(armed.anyCase, SECRET_MARK).replace(armed.exactCase, SECRET_MARK);
}

/**
 * The patterns that find `token` (printable ASCII): `anyCase` (flag i) for the raw, escaped,
 * encoded and hex forms; `exactCase` for base64, where case carries the bits.
 */
export function secretPatterns(token: string): { anyCase: RegExp; exactCase: RegExp } {
  const bytes: number[] = [];
  for (let i = 0; i < token.length; i += 1) bytes.push(token.charCodeAt(i) & 0xff);
  const raw = bytes.map(encodedCharPattern).join('');
  const hex = bytes.map((byte) => hexOf(byte)).join('');
  const base64Forms: string[] = [];
  for (const alphabet of [BASE64, BASE64URL]) {
    for (let offset = 0; offset < 3; offset += 1) {
      const run = base64Run(bytes, offset, alphabet);
      if (run !== '' && base64Forms.indexOf(run) < 0) base64Forms.push(run);
    }
  }
  const exact = base64Forms.map((run) => run.split('').map((char) => encodedCharPattern(char.charCodeAt(0))).join(''));
  return {
    anyCase: new RegExp(`${raw}|${hex}`, 'gi'),
    exactCase: new RegExp(exact.join('|'), 'g'),
  };
}

/** One character: itself, `\uXXXX`, `%XX`, or a JSON escape `\/`, `\"`, `\\`. */
function encodedCharPattern(code: number): string {
  const char = String.fromCharCode(code);
  const hex = hexOf(code);
  const forms = [escapeRegExp(char), `\\\\u00${hex}`, `%${hex}`];
  if (char === '/' || char === '"' || char === '\\') forms.push(`\\\\${escapeRegExp(char)}`);
  return `(?:${forms.join('|')})`;
}

function hexOf(byte: number): string {
  return (byte < 16 ? '0' : '') + byte.toString(16);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

/**
 * The base64 characters that `bytes` alone decide when they start `offset` bytes after a
 * 3-byte boundary of a longer encoded text: characters that mix in bits of the bytes before or
 * after are left out, so the run is found whatever surrounds the key.
 */
function base64Run(bytes: number[], offset: number, alphabet: string): string {
  const padded = [0, 0, 0].slice(0, offset).concat(bytes, [0, 0, 0]);
  const firstBit = offset * 8;
  const endBit = firstBit + bytes.length * 8;
  let run = '';
  for (let index = Math.ceil(firstBit / 6); (index + 1) * 6 <= endBit; index += 1) {
    run += alphabet.charAt(sixBits(padded, index));
  }
  return run;
}

/** The `index`-th group of six bits of `bytes`, most significant bit first. */
function sixBits(bytes: number[], index: number): number {
  const bit = index * 6;
  const byte = Math.floor(bit / 8);
  const pair = ((bytes[byte] ?? 0) << 8) | (bytes[byte + 1] ?? 0);
  return (pair >> (10 - (bit % 8))) & 0x3f;
}
