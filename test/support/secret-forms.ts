/**
 * Finds an API key in text in any form a step could let it out: raw in any case, JSON-escaped,
 * URL-encoded (or any mix of the two per character), hex, base64 or base64url at any of the
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
      const lowered = variants.map((variant) => variant.toLowerCase());
      if (lowered.some((variant) => variant.includes(lowerKey))) found.push('the key (any case, escaped or encoded)');
      else if (pieces.some((piece) => lowered.some((variant) => variant.includes(piece)))) found.push(`a piece of ${PIECE_LENGTH}+ characters of the key`);
      if (lowered[0]?.includes(hex)) found.push('hex');
      if (runs.some((run) => variants.some((variant) => variant.includes(run)))) found.push('base64');
      return found;
    },
  };
}
