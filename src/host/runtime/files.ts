/**
 * Files: Questetra's `QfileView` (a file in a FILE data item), `NewQfile` (a file a script
 * creates, `new com.questetra.bpms.core.event.scripttask.NewQfile(name, contentType, content)`)
 * and `fileRepository`, which reads a file's content.
 */
import {
  ByteArrayWrapper,
  bytesOfText,
  encodedLength,
  isBytes,
  sliceBytes,
  textOfBytes,
} from './bytes';
import { requireString } from './java-checks';
import { illegalArgument } from './java-errors';

/** The `charset` parameter of a content type, or null (`text/plain; charset="UTF-8"` → `UTF-8`). */
export function charsetOfContentType(contentType: string | null): string | null {
  if (contentType === null) return null;
  const match = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType);
  return match?.[1] ?? null;
}

const TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
const MEDIA_TYPE = new RegExp(`^\\s*(${TOKEN})/(${TOKEN})\\s*((?:;\\s*${TOKEN}\\s*=\\s*(?:${TOKEN}|"(?:[^"\\\\]|\\\\.)*")\\s*)*);?\\s*$`);

/** Media types of common file name extensions: what `application/octet-stream` is refined to. */
const TYPES_BY_EXTENSION: Record<string, string> = {
  txt: 'text/plain', text: 'text/plain', csv: 'text/csv', tsv: 'text/tab-separated-values', htm: 'text/html', html: 'text/html',
  css: 'text/css', xml: 'application/xml', json: 'application/json', js: 'text/javascript', md: 'text/markdown',
  png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', gif: 'image/gif', bmp: 'image/bmp', webp: 'image/webp',
  svg: 'image/svg+xml', tif: 'image/tiff', tiff: 'image/tiff', ico: 'image/x-icon', heic: 'image/heic',
  pdf: 'application/pdf', zip: 'application/zip', gz: 'application/gzip',
  doc: 'application/msword', xls: 'application/vnd.ms-excel', ppt: 'application/vnd.ms-powerpoint',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  mp3: 'audio/mpeg', wav: 'audio/wav', m4a: 'audio/mp4', mp4: 'video/mp4', mov: 'video/quicktime', webm: 'video/webm',
};

/**
 * The content type a `NewQfile` keeps: the media type and its charset only (`image/png;
 * name="a.png"` → `image/png`, `charset="UTF-8"` → `charset=UTF-8`); `application/octet-stream`
 * refined by the file name's extension. A malformed type throws, as the platform's parser does.
 */
export function normalizedContentType(contentType: string, fileName: string): string {
  const match = MEDIA_TYPE.exec(contentType);
  if (!match) throw illegalArgument(`Invalid mime type "${contentType}"`);
  const mediaType = `${match[1]}/${match[2]}`;
  const charset = charsetOfContentType(contentType);
  if (mediaType.toLowerCase() === 'application/octet-stream' && charset === null) {
    const extension = /\.([A-Za-z0-9]+)$/.exec(fileName)?.[1]?.toLowerCase();
    return (extension && TYPES_BY_EXTENSION[extension]) || mediaType;
  }
  return charset === null ? mediaType : `${mediaType}; charset=${charset}`;
}

/** Passed by the test API's `engine.createQfile`, which keeps the content type as given. */
const AS_GIVEN = { contentType: 'as given' };

/**
 * A file: name, content type and bytes. Text given for its content is encoded only when the
 * bytes are first needed (a 50 MB test file costs nothing until it is read).
 */
export class Qfile {
  private readonly name: string;
  private readonly contentType: string;
  private content: ByteArrayWrapper | null;
  private pendingText: { text: string; charset: string; length?: number } | null;
  /** The charset the text was encoded in, when the file was made with one. */
  private readonly charset: string | null;

  /**
   * `new NewQfile(name, contentType, content)`, content a `ByteArrayWrapper` or text (encoded in
   * the content type's charset, UTF-8 when it names none), or
   * `new NewQfile(name, contentType, charset, text)`, or a copy of a file's content:
   * `new NewQfile(name, contentType, qfile)`.
   */
  constructor(name: string, contentType: string, contentOrCharset: unknown, text?: unknown, how?: unknown) {
    requireString(name, 'NewQfile', 'name');
    requireString(contentType, 'NewQfile', 'contentType');
    this.name = name;
    this.contentType = how === AS_GIVEN ? contentType : normalizedContentType(contentType, name);
    this.content = null;
    this.pendingText = null;
    this.charset = null;
    if (text !== undefined) {
      requireString(contentOrCharset, 'NewQfile', 'charset');
      requireString(text, 'NewQfile', 'text');
      this.pendingText = { text: text as string, charset: contentOrCharset as string };
      this.charset = contentOrCharset as string;
    } else if (isBytes(contentOrCharset)) {
      this.content = contentOrCharset;
    } else if (isQfile(contentOrCharset)) {
      this.content = contentOrCharset.bytes();
    } else if (typeof contentOrCharset === 'string') {
      this.pendingText = { text: contentOrCharset, charset: charsetOfContentType(contentType) ?? 'UTF-8' };
    } else {
      throw illegalArgument(`NewQfile: the content must be a ByteArrayWrapper or a java.lang.String, not ${contentOrCharset === null ? 'null' : typeof contentOrCharset}`);
    }
  }

  getName(): string {
    return this.name;
  }

  getContentType(): string {
    return this.contentType;
  }

  /** The charset the file was made with, else the one its content type names, else null. */
  getCharset(): string | null {
    return this.charset ?? charsetOfContentType(this.contentType);
  }

  /** The size in bytes (counted without encoding text where that is plain). */
  getLength(): number {
    if (this.content === null && this.pendingText !== null) {
      if (this.pendingText.length === undefined) this.pendingText.length = encodedLength(this.pendingText.text, this.pendingText.charset);
      return this.pendingText.length;
    }
    return this.bytes().getLength();
  }

  /** @internal The file's bytes. */
  bytes(): ByteArrayWrapper {
    if (this.content === null) {
      const { text, charset } = this.pendingText as { text: string; charset: string };
      this.content = bytesOfText(text, charset);
      this.pendingText = null;
    }
    return this.content;
  }

  toString(): string {
    return `${this.name} (${this.contentType})`;
  }
}

/**
 * `engine.createQfile` of the test API: the content type as given, except that a text type
 * made from text names the charset it was written in (`text/plain` → `text/plain; charset=UTF-8`).
 */
export function createTestQfile(name: string, contentType: string, charsetOrText: string, text?: string): Qfile {
  if (text !== undefined) return new Qfile(name, contentType, charsetOrText, text, AS_GIVEN);
  const named = charsetOfContentType(contentType) !== null || !/^\s*text\//i.test(contentType);
  return new Qfile(name, named ? contentType : `${contentType}; charset=UTF-8`, charsetOrText, undefined, AS_GIVEN);
}

export function isQfile(value: unknown): value is Qfile {
  return value instanceof Qfile;
}

function requireQfile(value: unknown, method: string): Qfile {
  if (!isQfile(value)) throw illegalArgument(`${method}: the argument is not a file (QfileView), got ${value === null ? 'null' : typeof value}`);
  return value;
}

/** Java's `BufferedReader.readLine()`: lines end at \n, \r or \r\n; no empty line after a last terminator. */
export function linesOf(text: string): string[] {
  if (text === '') return [];
  const lines = text.split(/\r\n|\r|\n/);
  if (/[\r\n]$/.test(text)) lines.pop();
  return lines;
}

export interface FileRepository {
  readFile(file: Qfile): ByteArrayWrapper;
  readFile(file: Qfile, encoding: string): string;
  readFile(file: Qfile, encoding: string, lineHandler: (line: string) => void): void;
  readFile(file: Qfile, packetSize: number, packetHandler: (packet: ByteArrayWrapper) => void): void;
}

export const fileRepository: FileRepository = {
  readFile(file: unknown, encodingOrSize?: unknown, handler?: unknown): never {
    const qfile = requireQfile(file, 'fileRepository.readFile');
    const bytes = qfile.bytes();
    if (encodingOrSize === undefined) return bytes as never;
    if (typeof encodingOrSize === 'number') {
      if (!Number.isInteger(encodingOrSize) || encodingOrSize <= 0) throw illegalArgument(`fileRepository.readFile: the packet size must be positive, got ${encodingOrSize}`);
      if (typeof handler !== 'function') throw illegalArgument('fileRepository.readFile(file, size, handler): the handler must be a function');
      for (let offset = 0; offset < bytes.getLength(); offset += encodingOrSize) {
        (handler as (packet: ByteArrayWrapper) => void)(sliceBytes(bytes, offset, offset + encodingOrSize));
      }
      return undefined as never;
    }
    const text = textOfBytes(bytes, requireString(encodingOrSize, 'fileRepository.readFile', 'encoding'));
    if (handler === undefined) return text as never;
    if (typeof handler !== 'function') throw illegalArgument('fileRepository.readFile(file, encoding, handler): the handler must be a function');
    for (const line of linesOf(text)) (handler as (line: string) => void)(line);
    return undefined as never;
  },
};
