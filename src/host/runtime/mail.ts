/**
 * `emailService`: what scripts use of the platform's mail support, parsing address headers
 * (`"Name" <a@example.com>, b@example.com`) into `InternetAddressWrapper`s, MIME encoded-words
 * in display names decoded (`=?UTF-8?B?…?=`, `=?ISO-2022-JP?B?…?=`, `Q` encoding too).
 */
import { base64Decode, bytesOfUint8, textOfBytes } from './bytes';
import { requireString } from './java-checks';
import { newJavaList } from './java-values';

/** One address of a header (Java `EmailServiceWrapper.InternetAddressWrapper`). */
export class InternetAddress {
  private readonly address: string;
  private readonly personal: string | null;

  constructor(address: string, personal: string | null) {
    this.address = address;
    this.personal = personal;
  }

  getAddress(): string {
    return this.address;
  }

  /** The display name, or null when the address has none. */
  getPersonal(): string | null {
    return this.personal;
  }

  toString(): string {
    return this.personal === null ? this.address : `"${this.personal.replace(/(["\\])/g, '\\$1')}" <${this.address}>`;
  }
}

/** Decodes the MIME encoded-words of a header value (RFC 2047). */
export function decodeEncodedWords(text: string): string {
  return text
    .replace(/(=\?[^?]+\?[BbQq]\?[^?]*\?=)\s+(?==\?)/g, '$1')
    .replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (word, charset: string, encoding: string, data: string) => {
      try {
        if (encoding.toUpperCase() === 'B') return textOfBytes(base64Decode(data, false), charset);
        const bytes: number[] = [];
        for (let i = 0; i < data.length; i += 1) {
          const ch = data.charAt(i);
          if (ch === '_') bytes.push(0x20);
          else if (ch === '=' && /^[0-9A-Fa-f]{2}$/.test(data.slice(i + 1, i + 3))) {
            bytes.push(parseInt(data.slice(i + 1, i + 3), 16));
            i += 2;
          } else bytes.push(ch.charCodeAt(0) & 0xff);
        }
        return textOfBytes(bytesOfUint8(Uint8Array.from(bytes)), charset);
      } catch {
        return word;
      }
    });
}

/** Splits a header at the commas between addresses (not those inside quotes, comments or `<…>`). */
function splitAddresses(header: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  let angle = 0;
  let comment = 0;
  for (let i = 0; i < header.length; i += 1) {
    const ch = header.charAt(i);
    if (ch === '\\' && quoted) {
      current += ch + header.charAt(i + 1);
      i += 1;
      continue;
    }
    if (ch === '"' && comment === 0) quoted = !quoted;
    else if (!quoted && ch === '(') comment += 1;
    else if (!quoted && ch === ')' && comment > 0) comment -= 1;
    else if (!quoted && comment === 0 && ch === '<') angle += 1;
    else if (!quoted && comment === 0 && ch === '>' && angle > 0) angle -= 1;
    else if (!quoted && comment === 0 && angle === 0 && ch === ',') {
      parts.push(current);
      current = '';
      continue;
    }
    current += ch;
  }
  parts.push(current);
  return parts.map((part) => part.trim()).filter((part) => part !== '');
}

function parseAddress(part: string): InternetAddress {
  const angle = /^(.*?)<([^>]*)>(.*)$/.exec(part);
  if (angle) {
    let personal = (angle[1] ?? '').trim();
    if (personal.startsWith('"') && personal.endsWith('"') && personal.length >= 2) personal = personal.slice(1, -1).replace(/\\(.)/g, '$1');
    return new InternetAddress((angle[2] ?? '').trim(), personal === '' ? null : decodeEncodedWords(personal));
  }
  const comment = /^([^\s(]+)\s*\((.*)\)$/.exec(part);
  if (comment) return new InternetAddress(comment[1] ?? '', decodeEncodedWords(comment[2] ?? ''));
  return new InternetAddress(part, null);
}

export const emailService: QuestetraEmailService = {
  /** The addresses of a header value such as `From` or `To`, as a Java list. */
  parseAddressHeader(header: string): JavaList<InternetAddressView> {
    requireString(header, 'emailService.parseAddressHeader', 'header');
    return newJavaList<InternetAddressView>(splitAddresses(header).map(parseAddress));
  },
};
