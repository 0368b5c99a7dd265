/**
 * The secrets gate: the one function every text passes on its way to the process log, an error
 * message or a data item. It replaces the API key with `[API key]` in every form an answer, a
 * gateway or an exception could carry it:
 * - raw, in any mix of upper and lower case;
 * - JSON-escaped (`\u0073\u006b…`, `\/`, `\"`, up to three levels deep: `\\u0073`),
 *   URL-encoded (`%73%6B…`), or any mix of these per character;
 * - hex (`736b2d…`, any case);
 * - base64 and base64url, at each of the three alignments the key can have inside a longer
 *   encoded text (`Basic …`, a JWT, a data URL), also JSON-escaped or URL-encoded.
 *
 * How: every form of the key is looked for with indexOf in the text (A–Z lowered), then in
 * copies decoded one, two and three levels (JSON escapes, %XX and HTML references) that remember where each of
 * their characters came from; the spans found are replaced in the original text.
 * Linear in the text, and no regular expression built from the key (which would cost a
 * compilation per run and could backtrack on a hostile answer).
 *
 * The gate runs before anything is cut or capped, so no cut can leave a piece of the key behind.
 * `armSecretGate` is called once per run, as soon as the key is read (readApiKey), before any
 * other config is read; until then there is no key to hide.
 */

/** What the key is replaced with. No `$`, quote or backslash: safe inside JSON and replace(). */
export const SECRET_MARK = '[API key]';

/** Which escapes one level of decoding undoes: JSON's, URL's (`%XX`), HTML's (`&#115;`), or all at once. */
type Decoding = 'json' | 'url' | 'html' | 'all';

/** What the gate looks for: forms in the lowered text, forms case-exact (base64), and how to decode. */
export interface SecretForms {
  anyCase: string[];
  exactCase: string[];
  /**
   * A key without `%`, `\` or `&` survives any decoding, so one decoding of all kinds at once
   * finds it even when its characters mix the escapes; a key with them (printable ASCII allows
   * it) needs each kind undone on its own, or its own `%41` would be decoded too.
   */
  decodings: Decoding[];
}

let armed: SecretForms | null = null;

/** How many levels of escaping are undone: JSON in JSON in JSON, or URL-encoded JSON in JSON. */
const MAX_DECODING = 3;

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** From now on, conceal() hides `token` (the trimmed API key of this run). */
export function armSecretGate(token: string): void {
  armed = secretForms(token);
}

/** `text` with every form of the armed key replaced by SECRET_MARK. */
export function conceal(text: string): string {
  const value = String(text);
  if (armed === null || value === '') return value;
  const forms = armed;
  const spans: [number, number][] = [];
  // The text as it is, then decoded up to three levels (URL-encoded JSON, JSON in JSON in JSON).
  const search = (copy: SearchCopy, level: number): void => {
    for (const form of forms.anyCase) findSpans(copy.lowered, form, copy, spans);
    for (const form of forms.exactCase) findSpans(copy.decoded, form, copy, spans);
    if (level === MAX_DECODING) return;
    for (const decoding of forms.decodings) {
      const next = decodeOnce(copy, decoding);
      if (next !== null) search(next, level + 1);
    }
  };
  search({ decoded: value, lowered: lowerAscii(value), starts: null, ends: null }, 0);
  return spans.length === 0 ? value : replaceSpans(value, spans);
}

/** Every form of `token` (printable ASCII) the gate looks for. */
export function secretForms(token: string): SecretForms {
  const bytes: number[] = [];
  for (let i = 0; i < token.length; i += 1) bytes.push(token.charCodeAt(i) & 0xff);
  const anyCase: string[] = [];
  const add = (list: string[], form: string): void => {
    if (form !== '' && list.indexOf(form) < 0) list.push(form);
  };
  add(anyCase, lowerAscii(token));
  add(anyCase, bytes.map(hexOf).join(''));
  const exactCase: string[] = [];
  for (const alphabet of [BASE64, BASE64URL]) {
    for (let offset = 0; offset < 3; offset += 1) add(exactCase, base64Run(bytes, offset, alphabet));
  }
  const decodings: Decoding[] = /[%\\&]/.test(token) ? ['json', 'url', 'html'] : ['all'];
  return { anyCase, exactCase, decodings };
}

/**
 * A text prepared for searching: `decoded` and `lowered` (A–Z lowered) have the same length;
 * `starts`/`ends` give each character's span in the original text (null: the original itself).
 */
interface SearchCopy {
  decoded: string;
  lowered: string;
  starts: Int32Array | null;
  ends: Int32Array | null;
}

/** `text` with A–Z lowered and nothing else changed (so every index stays where it was). */
function lowerAscii(text: string): string {
  const lowered = text.toLowerCase();
  // toLowerCase may change other letters, even the length ("İ"): then lower A–Z alone.
  return lowered.length === text.length && !/[^\u0000-\u007f]/.test(text) ? lowered : text.replace(/[A-Z]+/g, (upper) => upper.toLowerCase());
}

function isHex(text: string, from: number, count: number): boolean {
  for (let i = from; i < from + count; i += 1) {
    const code = text.charCodeAt(i);
    if (!((code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x46) || (code >= 0x61 && code <= 0x66))) return false;
  }
  return true;
}

/** The characters of JSON's short escapes (`\n` …). */
const SHORT_ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/** The characters of the XML entity names HTML also has (after the `&`, with the `;`). */
const NAMED_REFERENCES: [string, number][] = [['amp;', 0x26], ['lt;', 0x3c], ['gt;', 0x3e], ['quot;', 0x22], ['apos;', 0x27]];

/**
 * The HTML character reference at `at` (a `&`): `&#115;`, `&#x73;` (the `;` may be missing, as
 * browsers allow), or a named one of NAMED_REFERENCES; null when there is none. A code beyond
 * one UTF-16 unit reads as U+FFFD: no key (printable ASCII) holds it.
 */
function htmlReferenceAt(text: string, at: number): { code: number; end: number } | null {
  if (text.charAt(at + 1) !== '#') {
    for (const [name, code] of NAMED_REFERENCES) {
      if (text.substr(at + 1, name.length) === name) return { code, end: at + 1 + name.length };
    }
    return null;
  }
  const hex = text.charAt(at + 2) === 'x' || text.charAt(at + 2) === 'X';
  const from = at + (hex ? 3 : 2);
  let end = from;
  let code = 0;
  while (end < text.length && (hex ? isHex(text, end, 1) : /[0-9]/.test(text.charAt(end)))) {
    code = Math.min(code * (hex ? 16 : 10) + parseInt(text.charAt(end), 16), 0x110000);
    end += 1;
  }
  if (end === from) return null;
  if (text.charAt(end) === ';') end += 1;
  return { code: code > 0xffff ? 0xfffd : code, end };
}

/**
 * `copy` decoded one level more: JSON escapes (`\uXXXX`, `\"`, `\\`, `\n` …), `%XX`, HTML
 * references (`&#115;`, `&#x73;`, `&amp;`), or all of them;
 * each character keeps its span in the original text. Null when there is nothing to decode.
 */
function decodeOnce(copy: SearchCopy, decoding: Decoding): SearchCopy | null {
  const text = copy.decoded;
  const json = (decoding === 'json' || decoding === 'all') && text.indexOf('\\') >= 0;
  const url = (decoding === 'url' || decoding === 'all') && text.indexOf('%') >= 0;
  const html = (decoding === 'html' || decoding === 'all') && text.indexOf('&') >= 0;
  if (!json && !url && !html) return null;
  const parts: string[] = [];
  const starts = new Int32Array(text.length);
  const ends = new Int32Array(text.length);
  let length = 0;
  let plainFrom = 0;
  let i = 0;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    let decoded = -1;
    let end = i + 1;
    if (json && code === 0x5c) {
      const next = text.charAt(i + 1);
      if (next === 'u' && isHex(text, i + 2, 4)) {
        decoded = parseInt(text.substr(i + 2, 4), 16);
        end = i + 6;
      } else if (Object.prototype.hasOwnProperty.call(SHORT_ESCAPES, next)) {
        decoded = (SHORT_ESCAPES[next] ?? next).charCodeAt(0);
        end = i + 2;
      }
    } else if (url && code === 0x25 && isHex(text, i + 1, 2)) {
      decoded = parseInt(text.substr(i + 1, 2), 16);
      end = i + 3;
    } else if (html && code === 0x26) {
      const reference = htmlReferenceAt(text, i);
      if (reference !== null) {
        decoded = reference.code;
        end = reference.end;
      }
    }
    if (decoded >= 0) {
      // The characters before this escape as they are, then the escape as one character.
      parts.push(text.slice(plainFrom, i), String.fromCharCode(decoded));
      plainFrom = end;
    }
    // Spans in the original text, through the spans of the copy decoded before.
    starts[length] = copy.starts === null ? i : (copy.starts[i] ?? i);
    ends[length] = copy.ends === null ? end : (copy.ends[end - 1] ?? end);
    length += 1;
    i = end;
  }
  if (length === text.length) return null;
  parts.push(text.slice(plainFrom));
  const decoded = parts.join('');
  return { decoded, lowered: lowerAscii(decoded), starts: starts.subarray(0, length), ends: ends.subarray(0, length) };
}

/** Adds the spans (in the original text) of every occurrence of `form` in `searched`. */
function findSpans(searched: string, form: string, copy: SearchCopy | null, spans: [number, number][]): void {
  let at = searched.indexOf(form);
  while (at >= 0) {
    const last = at + form.length - 1;
    if (copy === null || copy.starts === null || copy.ends === null) spans.push([at, last + 1]);
    else spans.push([copy.starts[at] ?? at, copy.ends[last] ?? last + 1]);
    at = searched.indexOf(form, at + form.length);
  }
}

/** `text` with every span (overlapping ones merged) replaced by SECRET_MARK. */
function replaceSpans(text: string, spans: [number, number][]): string {
  spans.sort((a, b) => a[0] - b[0]);
  let out = '';
  let done = 0;
  let open: [number, number] | null = null;
  for (const span of spans) {
    if (open !== null && span[0] <= open[1]) {
      open[1] = Math.max(open[1], span[1]);
      continue;
    }
    if (open !== null) {
      out += text.slice(done, open[0]) + SECRET_MARK;
      done = open[1];
    }
    open = [span[0], span[1]];
  }
  if (open !== null) {
    out += text.slice(done, open[0]) + SECRET_MARK;
    done = open[1];
  }
  return out + text.slice(done);
}

function hexOf(byte: number): string {
  return (byte < 16 ? '0' : '') + byte.toString(16);
}

/**
 * The base64 characters that `bytes` alone decide when they start `offset` bytes after a
 * 3-byte boundary of a longer encoded text: characters that mix in bits of the bytes before or
 * after are left out, so the run is found whatever surrounds the key.
 */
function base64Run(bytes: number[], offset: number, alphabet: string): string {
  const padded = [0, 0, 0].slice(0, offset).concat(bytes);
  let encoded = '';
  for (let i = 0; i < padded.length; i += 3) {
    const group = ((padded[i] ?? 0) << 16) | ((padded[i + 1] ?? 0) << 8) | (padded[i + 2] ?? 0);
    encoded += alphabet.charAt(group >> 18) + alphabet.charAt((group >> 12) & 63) + alphabet.charAt((group >> 6) & 63) + alphabet.charAt(group & 63);
  }
  // Character k covers bits 6k to 6k + 6; keep those within the key's bits.
  return encoded.slice(Math.ceil((offset * 8) / 6), Math.floor(((offset + bytes.length) * 8) / 6));
}
