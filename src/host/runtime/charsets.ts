/**
 * Text <-> bytes in the charsets Questetra's add-ons use, for the Node tier (GraalJS uses Java's
 * `java.nio.charset.Charset`). Behaves like Java: encoding writes `?` for a character the charset
 * cannot hold, decoding gives U+FFFD for bytes it cannot read; "UTF-16" writes a big-endian BOM
 * and reads either BOM; "x-UTF-16LE-BOM" writes and skips a little-endian one.
 */
import { javaException } from './java-errors';
import { JIS0208 } from './jis0208';

type Codec = {
  /** Java's canonical name, as `Charset.name()` gives it. */
  name: string;
  encode(text: string): Uint8Array;
  decode(bytes: Uint8Array): string;
};

const REPLACEMENT = 0xfffd;

/** The code points of `text`; a lone surrogate stays as it is (the encoders replace it). */
function* codePoints(text: string): Generator<number> {
  for (let i = 0; i < text.length; i += 1) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        yield (unit - 0xd800) * 0x400 + (next - 0xdc00) + 0x10000;
        i += 1;
        continue;
      }
    }
    yield unit;
  }
}

/** Builds strings from code units in chunks: `String.fromCharCode(...all)` overflows the stack. */
class TextBuilder {
  private readonly parts: string[] = [];
  private units: number[] = [];

  push(codePoint: number): void {
    if (codePoint > 0xffff) {
      const offset = codePoint - 0x10000;
      this.units.push(0xd800 + (offset >> 10), 0xdc00 + (offset & 0x3ff));
    } else {
      this.units.push(codePoint);
    }
    if (this.units.length >= 8192) this.flush();
  }

  /** Code units (each < 0x10000) added at once. */
  pushRun(units: Uint8Array): void {
    this.flush();
    this.parts.push(String.fromCharCode.apply(null, units as unknown as number[]));
  }

  private flush(): void {
    if (this.units.length === 0) return;
    this.parts.push(String.fromCharCode.apply(null, this.units));
    this.units = [];
  }

  text(): string {
    this.flush();
    return this.parts.join('');
  }
}

/** A growable byte buffer. */
class ByteBuilder {
  private buffer: Uint8Array;
  private length = 0;

  constructor(capacity: number) {
    this.buffer = new Uint8Array(Math.max(16, capacity));
  }

  push(byte: number): void {
    if (this.length === this.buffer.length) {
      const bigger = new Uint8Array(this.buffer.length * 2);
      bigger.set(this.buffer);
      this.buffer = bigger;
    }
    this.buffer[this.length++] = byte;
  }

  bytes(): Uint8Array {
    return this.buffer.slice(0, this.length);
  }
}

/**
 * Makes the engine flatten a string built by many concatenations (a rope) before a loop reads
 * it character by character: a regular expression pass does, and is fast.
 */
function flatten(text: string): boolean {
  return /^[\x00-\x7f]*$/.test(text);
}

function isSurrogate(codePoint: number): boolean {
  return codePoint >= 0xd800 && codePoint <= 0xdfff;
}

const utf8: Codec = {
  name: 'UTF-8',
  encode(text) {
    // Pure ASCII (the common case, and the 50 MB test files) needs no loop over code points.
    if (flatten(text)) {
      const out = new Uint8Array(text.length);
      for (let i = 0; i < text.length; i += 1) out[i] = text.charCodeAt(i);
      return out;
    }
    const out = new ByteBuilder(text.length * 3);
    for (const cp of codePoints(text)) {
      if (cp < 0x80) out.push(cp);
      else if (cp < 0x800) {
        out.push(0xc0 | (cp >> 6));
        out.push(0x80 | (cp & 0x3f));
      } else if (isSurrogate(cp)) {
        out.push(0x3f);
      } else if (cp < 0x10000) {
        out.push(0xe0 | (cp >> 12));
        out.push(0x80 | ((cp >> 6) & 0x3f));
        out.push(0x80 | (cp & 0x3f));
      } else {
        out.push(0xf0 | (cp >> 18));
        out.push(0x80 | ((cp >> 12) & 0x3f));
        out.push(0x80 | ((cp >> 6) & 0x3f));
        out.push(0x80 | (cp & 0x3f));
      }
    }
    return out.bytes();
  },
  decode(bytes) {
    const out = new TextBuilder();
    let i = 0;
    while (i < bytes.length) {
      const first = bytes[i] as number;
      if (first < 0x80) {
        // A run of ASCII goes over in one piece.
        let end = i + 1;
        while (end < bytes.length && end - i < 8192 && (bytes[end] as number) < 0x80) end += 1;
        out.pushRun(bytes.subarray(i, end));
        i = end;
        continue;
      }
      const needed = first >= 0xf0 && first <= 0xf4 ? 3 : first >= 0xe0 ? 2 : first >= 0xc2 && first < 0xe0 ? 1 : -1;
      if (needed < 0 || first > 0xf4) {
        out.push(REPLACEMENT);
        i += 1;
        continue;
      }
      let cp = first & (0x3f >> needed);
      let read = 1;
      for (; read <= needed; read += 1) {
        const next = bytes[i + read];
        if (next === undefined || (next & 0xc0) !== 0x80) break;
        cp = (cp << 6) | (next & 0x3f);
      }
      const overlong = (needed === 2 && cp < 0x800) || (needed === 3 && (cp < 0x10000 || cp > 0x10ffff));
      if (read <= needed || overlong || isSurrogate(cp)) {
        out.push(REPLACEMENT);
        i += Math.max(1, read);
        continue;
      }
      out.push(cp);
      i += read;
    }
    return out.text();
  },
};

function singleByte(name: string, highest: number): Codec {
  return {
    name,
    encode(text) {
      flatten(text);
      const out = new Uint8Array(text.length);
      let length = 0;
      for (let i = 0; i < text.length; i += 1) {
        const unit = text.charCodeAt(i);
        // A surrogate pair is one character: one '?'.
        if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
          const next = text.charCodeAt(i + 1);
          if (next >= 0xdc00 && next <= 0xdfff) i += 1;
        }
        out[length++] = unit <= highest ? unit : 0x3f;
      }
      return length === out.length ? out : out.slice(0, length);
    },
    decode(bytes) {
      const out = new TextBuilder();
      for (let i = 0; i < bytes.length; i += 1) {
        const byte = bytes[i] as number;
        out.push(byte <= highest ? byte : REPLACEMENT);
      }
      return out.text();
    },
  };
}

function utf16(name: string, littleEndian: boolean, bom: 'none' | 'write-be' | 'write-le'): Codec {
  return {
    name,
    encode(text) {
      // Java writes a BOM before the first character: nothing at all for empty text.
      if (text === '') return new Uint8Array(0);
      const out = new Uint8Array(text.length * 2 + (bom === 'none' ? 0 : 2));
      let length = 0;
      const put = (unit: number, little: boolean): void => {
        out[length++] = little ? unit & 0xff : unit >> 8;
        out[length++] = little ? unit >> 8 : unit & 0xff;
      };
      if (bom !== 'none') put(0xfeff, littleEndian);
      for (const cp of codePoints(text)) {
        if (isSurrogate(cp)) put(0xfffd, littleEndian);
        else if (cp > 0xffff) {
          const offset = cp - 0x10000;
          put(0xd800 + (offset >> 10), littleEndian);
          put(0xdc00 + (offset & 0x3ff), littleEndian);
        } else put(cp, littleEndian);
      }
      return out.slice(0, length);
    },
    decode(bytes) {
      let little = littleEndian;
      let start = 0;
      if (bom !== 'none' && bytes.length >= 2) {
        if (bytes[0] === 0xfe && bytes[1] === 0xff) {
          little = false;
          start = 2;
        } else if (bytes[0] === 0xff && bytes[1] === 0xfe) {
          little = true;
          start = 2;
        }
      }
      const out = new TextBuilder();
      let i = start;
      for (; i + 1 < bytes.length; i += 2) {
        const a = bytes[i] as number;
        const b = bytes[i + 1] as number;
        out.push(little ? a | (b << 8) : (a << 8) | b);
      }
      if (i < bytes.length) out.push(REPLACEMENT);
      return out.text();
    },
  };
}

let jisIndex: Map<number, number> | undefined;

/** Unicode code point → JIS X 0208 row * 94 + cell (the first cell when a character appears twice). */
function jisOf(cp: number): number | undefined {
  if (!jisIndex) {
    jisIndex = new Map();
    for (let i = 0; i < JIS0208.length; i += 1) {
      const unit = JIS0208.charCodeAt(i);
      if (unit !== REPLACEMENT && !jisIndex.has(unit)) jisIndex.set(unit, i);
    }
  }
  return jisIndex.get(cp);
}

function jisChar(row: number, cell: number): number {
  if (row < 0 || row >= 94 || cell < 0 || cell >= 94) return REPLACEMENT;
  return JIS0208.charCodeAt(row * 94 + cell);
}

const shiftJis = (name: string): Codec => ({
  name,
  encode(text) {
    const out = new ByteBuilder(text.length * 2);
    for (const cp of codePoints(text)) {
      if (cp < 0x80) out.push(cp);
      else if (cp >= 0xff61 && cp <= 0xff9f) out.push(cp - 0xff61 + 0xa1);
      else {
        const index = jisOf(cp);
        if (index === undefined) {
          out.push(0x3f);
          continue;
        }
        const row = Math.floor(index / 94);
        const cell = index % 94;
        out.push(row < 62 ? 0x81 + (row >> 1) : 0xe0 + ((row - 62) >> 1));
        out.push(row % 2 === 0 ? cell + (cell < 63 ? 0x40 : 0x41) : cell + 0x9f);
      }
    }
    return out.bytes();
  },
  decode(bytes) {
    const out = new TextBuilder();
    for (let i = 0; i < bytes.length; i += 1) {
      const lead = bytes[i] as number;
      if (lead < 0x80) out.push(lead);
      else if (lead >= 0xa1 && lead <= 0xdf) out.push(0xff61 + lead - 0xa1);
      else if ((lead >= 0x81 && lead <= 0x9f) || (lead >= 0xe0 && lead <= 0xfc)) {
        const trail = bytes[i + 1];
        if (trail === undefined || trail < 0x40 || trail === 0x7f || trail > 0xfc) {
          out.push(REPLACEMENT);
          continue;
        }
        i += 1;
        const rowPair = lead < 0xa0 ? lead - 0x81 : lead - 0xc1;
        const odd = trail < 0x9f;
        const row = rowPair * 2 + (odd ? 0 : 1);
        const cell = odd ? trail - (trail < 0x7f ? 0x40 : 0x41) : trail - 0x9f;
        out.push(jisChar(row, cell));
      } else out.push(REPLACEMENT);
    }
    return out.text();
  },
});

const eucJp: Codec = {
  name: 'EUC-JP',
  encode(text) {
    const out = new ByteBuilder(text.length * 2);
    for (const cp of codePoints(text)) {
      if (cp < 0x80) out.push(cp);
      else if (cp >= 0xff61 && cp <= 0xff9f) {
        out.push(0x8e);
        out.push(cp - 0xff61 + 0xa1);
      } else {
        const index = jisOf(cp);
        if (index === undefined) out.push(0x3f);
        else {
          out.push(0xa1 + Math.floor(index / 94));
          out.push(0xa1 + (index % 94));
        }
      }
    }
    return out.bytes();
  },
  decode(bytes) {
    const out = new TextBuilder();
    for (let i = 0; i < bytes.length; i += 1) {
      const lead = bytes[i] as number;
      if (lead < 0x80) out.push(lead);
      else if (lead === 0x8e) {
        const trail = bytes[i + 1];
        i += 1;
        out.push(trail !== undefined && trail >= 0xa1 && trail <= 0xdf ? 0xff61 + trail - 0xa1 : REPLACEMENT);
      } else if (lead === 0x8f) {
        i += 2; // JIS X 0212: not in the table
        out.push(REPLACEMENT);
      } else if (lead >= 0xa1 && lead <= 0xfe) {
        const trail = bytes[i + 1];
        i += 1;
        out.push(trail !== undefined && trail >= 0xa1 && trail <= 0xfe ? jisChar(lead - 0xa1, trail - 0xa1) : REPLACEMENT);
      } else out.push(REPLACEMENT);
    }
    return out.text();
  },
};

const CODECS: Codec[] = [
  utf8,
  utf16('UTF-16', false, 'write-be'),
  utf16('UTF-16BE', false, 'none'),
  utf16('UTF-16LE', true, 'none'),
  utf16('x-UTF-16LE-BOM', true, 'write-le'),
  singleByte('US-ASCII', 0x7f),
  singleByte('ISO-8859-1', 0xff),
  shiftJis('Shift_JIS'),
  shiftJis('windows-31j'),
  eucJp,
];

/** Java's aliases of each charset (compared without case). */
const ALIASES: Record<string, string> = {
  utf8: 'UTF-8',
  'unicode-1-1-utf-8': 'UTF-8',
  utf16: 'UTF-16',
  'unicode': 'UTF-16',
  unicodebigunmarked: 'UTF-16BE',
  'x-utf-16be': 'UTF-16BE',
  'iso-10646-ucs-2': 'UTF-16BE',
  unicodelittleunmarked: 'UTF-16LE',
  'x-utf-16le': 'UTF-16LE',
  unicodelittle: 'x-UTF-16LE-BOM',
  ascii: 'US-ASCII',
  'iso646-us': 'US-ASCII',
  'us': 'US-ASCII',
  'iso8859-1': 'ISO-8859-1',
  'iso8859_1': 'ISO-8859-1',
  'iso_8859-1': 'ISO-8859-1',
  latin1: 'ISO-8859-1',
  'l1': 'ISO-8859-1',
  sjis: 'Shift_JIS',
  'shift-jis': 'Shift_JIS',
  'ms_kanji': 'Shift_JIS',
  'x-sjis': 'Shift_JIS',
  'csshiftjis': 'Shift_JIS',
  ms932: 'windows-31j',
  'windows-932': 'windows-31j',
  cp932: 'windows-31j',
  cswindows31j: 'windows-31j',
  eucjp: 'EUC-JP',
  'euc_jp': 'EUC-JP',
  'x-euc-jp': 'EUC-JP',
  'eucjis': 'EUC-JP',
  cseucpkdfmtjapanese: 'EUC-JP',
};

/** The codec of a charset name, or Java's `UnsupportedCharsetException`/`IllegalCharsetNameException`. */
export function charset(name: string): Codec {
  if (typeof name !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9.:_+-]*$/.test(name)) {
    throw javaException('java.nio.charset.IllegalCharsetNameException', String(name));
  }
  const lower = name.toLowerCase();
  const canonical = ALIASES[lower] ?? name;
  const codec = CODECS.find((candidate) => candidate.name.toLowerCase() === canonical.toLowerCase());
  if (!codec) throw javaException('java.nio.charset.UnsupportedCharsetException', name);
  return codec;
}

/**
 * The encoded length of text made only of ASCII (the large test files are) in the charsets where
 * that is one plain count; null where it takes encoding to know.
 */
export function simpleLength(text: string, charsetName: string): number | null {
  if (!flatten(text)) return null;
  switch (charset(charsetName).name) {
    case 'UTF-8':
    case 'US-ASCII':
    case 'ISO-8859-1':
    case 'Shift_JIS':
    case 'windows-31j':
    case 'EUC-JP':
      return text.length;
    case 'UTF-16BE':
    case 'UTF-16LE':
      return text.length * 2;
    case 'UTF-16':
    case 'x-UTF-16LE-BOM':
      return text === '' ? 0 : text.length * 2 + 2;
    default:
      return null;
  }
}

export function encodeText(text: string, charsetName: string): Uint8Array {
  return charset(charsetName).encode(text);
}

export function decodeBytes(bytes: Uint8Array, charsetName: string): string {
  return charset(charsetName).decode(bytes);
}
