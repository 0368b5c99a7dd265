/**
 * Files: Questetra's `QfileView` (a file in a FILE data item), `NewQfile` (a file a script
 * creates, `new com.questetra.bpms.core.event.scripttask.NewQfile(name, contentType, content)`)
 * and `fileRepository`, which reads a file's content.
 */
import {
  ByteArrayWrapper,
  bytesOfText,
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

/**
 * A file: name, content type and bytes. Text given for its content is encoded only when the
 * bytes are first needed (a 50 MB test file costs nothing until it is read).
 */
export class Qfile {
  private readonly name: string;
  private readonly contentType: string;
  private content: ByteArrayWrapper | null;
  private pendingText: { text: string; charset: string } | null;

  /**
   * `new NewQfile(name, contentType, content)`, content a `ByteArrayWrapper` or text (encoded in
   * the content type's charset, UTF-8 when it names none), or
   * `new NewQfile(name, contentType, charset, text)`.
   */
  constructor(name: string, contentType: string, contentOrCharset: unknown, text?: unknown) {
    requireString(name, 'NewQfile', 'name');
    requireString(contentType, 'NewQfile', 'contentType');
    this.name = name;
    this.contentType = contentType;
    this.content = null;
    this.pendingText = null;
    if (text !== undefined) {
      requireString(contentOrCharset, 'NewQfile', 'charset');
      requireString(text, 'NewQfile', 'text');
      this.pendingText = { text: text as string, charset: contentOrCharset as string };
    } else if (isBytes(contentOrCharset)) {
      this.content = contentOrCharset;
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

  /** The charset named in the content type, or null. */
  getCharset(): string | null {
    return charsetOfContentType(this.contentType);
  }

  /** The size in bytes. */
  getLength(): number {
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
