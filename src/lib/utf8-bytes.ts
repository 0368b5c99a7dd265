/**
 * Whether a file's bytes are UTF-8, read from the bytes themselves. The platform decodes a byte
 * that is not UTF-8 to U+FFFD, the replacement character, which a valid UTF-8 file may hold as
 * well: only the bytes tell the two apart. Read in packets (`fileRepository.readFile(file, size,
 * handler)`), each through base64 (the one way a script sees a packet's bytes).
 */

/** Bytes per packet: a multiple of 3, so that a packet's base64 has no padding. */
const PACKET_SIZE = 3 * 128 * 1024;

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** The first byte that is not UTF-8: its 1-based position in the file and its line. */
export interface NonUtf8Byte {
  byte: number;
  line: number;
}

/**
 * Checks bytes one at a time against UTF-8's well-formed sequences (Unicode, Table 3-7: no
 * overlong forms, no surrogates, nothing above U+10FFFF), as Java's decoder does, and counts
 * lines as the platform's line reader does (a line ends at LF, CR, or CR LF).
 */
class Utf8Scanner {
  private position = 0;
  private line = 1;
  private afterCr = false;
  /** Continuation bytes still expected, and the range the next one must be in. */
  private needed = 0;
  /** Where the sequence being read began: a byte that breaks it makes that sequence the one not UTF-8. */
  private start = 0;
  private low = 0x80;
  private high = 0xbf;
  found: NonUtf8Byte | null = null;

  add(byte: number): void {
    if (this.found !== null) return;
    this.position += 1;
    if (this.needed > 0) {
      if (byte < this.low || byte > this.high) {
        this.found = { byte: this.start, line: this.line };
        return;
      }
      this.needed -= 1;
      this.low = 0x80;
      this.high = 0xbf;
      return;
    }
    if (byte <= 0x7f) {
      if (byte === 0x0a && !this.afterCr) this.line += 1;
      if (byte === 0x0d) this.line += 1;
      this.afterCr = byte === 0x0d;
      return;
    }
    this.afterCr = false;
    if (byte >= 0xc2 && byte <= 0xdf) this.expect(1, 0x80, 0xbf);
    else if (byte === 0xe0) this.expect(2, 0xa0, 0xbf);
    else if (byte === 0xed) this.expect(2, 0x80, 0x9f);
    else if (byte >= 0xe1 && byte <= 0xef) this.expect(2, 0x80, 0xbf);
    else if (byte === 0xf0) this.expect(3, 0x90, 0xbf);
    else if (byte >= 0xf1 && byte <= 0xf3) this.expect(3, 0x80, 0xbf);
    else if (byte === 0xf4) this.expect(3, 0x80, 0x8f);
    else this.found = { byte: this.position, line: this.line };
  }

  /** The end of the file: a sequence cut short there is not UTF-8. */
  end(): void {
    if (this.found === null && this.needed > 0) this.found = { byte: this.start, line: this.line };
  }

  private expect(count: number, low: number, high: number): void {
    this.start = this.position;
    this.needed = count;
    this.low = low;
    this.high = high;
  }
}

/** Feeds the bytes of `encoded` (base64 without line breaks) to `scanner`. */
function addBase64(scanner: Utf8Scanner, encoded: string): void {
  let bits = 0;
  let count = 0;
  for (let i = 0; i < encoded.length && scanner.found === null; i += 1) {
    const value = BASE64.indexOf(encoded.charAt(i));
    if (value < 0) continue; // padding
    bits = (bits << 6) | value;
    count += 6;
    if (count >= 8) {
      count -= 8;
      scanner.add((bits >> count) & 0xff);
      bits &= (1 << count) - 1;
    }
  }
}

/** The first byte of `file` that is not UTF-8, or null when the whole file is UTF-8. */
export function firstNonUtf8Byte(file: QfileView): NonUtf8Byte | null {
  const scanner = new Utf8Scanner();
  fileRepository.readFile(file, PACKET_SIZE, (packet: ByteArrayWrapper) => {
    if (scanner.found === null) addBase64(scanner, base64.encodeToString(packet));
  });
  scanner.end();
  return scanner.found;
}
