/**
 * Finds an API key in text in any form a step could let it out: raw in any case, JSON-escaped,
 * URL-encoded, HTML character references (`&#115;`, `&#x73;`, `&amp;`; or any mix of these per
 * character), hex, base64 or base64url at any of the
 * three alignments, or a piece of 19 characters or more (what a cut would leave). Written with
 * Node's Buffer, independent of the steps' own secrets gate, so that it can judge that gate.
 */

/** Pieces of the key shorter than this are not counted (OpenAI itself shows `sk-…***cdef`). */
export const PIECE_LENGTH = 16;

function decodeJsonEscapes(text: string): string {
  return text.replace(/\\u([0-9a-fA-F]{4})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))).replace(/\\(["\\/])/g, '$1');
}

function decodePercent(text: string): string {
  return text.replace(/%([0-9a-fA-F]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeHtml(text: string): string {
  return text
    .replace(/&#[xX]([0-9a-fA-F]+);?|&#([0-9]+);?/g, (_m, hex: string | undefined, dec: string | undefined) => {
      const code = hex === undefined ? parseInt(dec ?? '', 10) : parseInt(hex, 16);
      return code <= 0xffff ? String.fromCharCode(code) : '\ufffd';
    })
    .replace(/&(amp|lt|gt|quot|apos);/g, (_m, name: string) => NAMED[name] ?? '');
}

/** The base64 characters decided by the key alone when it starts `offset` bytes into a 3-byte group. */
function base64Runs(key: string): string[] {
  const runs: string[] = [];
  for (let offset = 0; offset < 3; offset += 1) {
    const encoded = Buffer.from('\0'.repeat(offset) + key + '\0\0\0', 'latin1').toString('base64');
    const start = Math.ceil((offset * 8) / 6);
    const end = Math.floor(((offset + key.length) * 8) / 6);
    const run = encoded.slice(start, end);
    runs.push(run, run.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return runs;
}

export interface KeyFinder {
  /** The forms of the key found in `text` (empty: none). */
  find(text: string | null): string[];
}

export function keyFinder(key: string): KeyFinder {
  const lowerKey = key.toLowerCase();
  const hex = Buffer.from(key, 'latin1').toString('hex');
  const runs = base64Runs(key);
  const pieces: string[] = [];
  // Every 4th start: any piece of PIECE_LENGTH + 3 characters or more holds one of these.
  for (let start = 0; start + PIECE_LENGTH <= key.length; start += 4) pieces.push(key.slice(start, start + PIECE_LENGTH).toLowerCase());
  return {
    find(text) {
      if (text === null || text === '') return [];
      const found: string[] = [];
      const escaped = text.includes('\\') || text.includes('%');
      const variants = escaped ? [text, decodeJsonEscapes(text), decodePercent(text), decodeJsonEscapes(decodePercent(text)), decodePercent(decodeJsonEscapes(text))] : [text];
      if (text.includes('&')) {
        const html = decodeHtml(text);
        variants.push(html, decodeHtml(decodeJsonEscapes(text)), decodeJsonEscapes(html), decodePercent(html), decodeHtml(decodePercent(text)));
        // A mix per character of all three escapes: every kind undone at once.
        variants.push(decodeHtml(decodeJsonEscapes(decodePercent(text))));
      }
      const lowered = variants.map((variant) => variant.toLowerCase());
      if (lowered.some((variant) => variant.includes(lowerKey))) found.push('the key (any case, escaped or encoded)');
      else if (pieces.some((piece) => lowered.some((variant) => variant.includes(piece)))) found.push(`a piece of ${PIECE_LENGTH}+ characters of the key`);
      if (lowered[0]?.includes(hex)) found.push('hex');
      if (runs.some((run) => variants.some((variant) => variant.includes(run)))) found.push('base64');
      return found;
    },
  };
}
