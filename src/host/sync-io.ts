/**
 * Blocking line I/O on the sandbox processes' stdin and stdout (node-run-child.ts and its
 * channel worker): they work synchronously, between and during the add-on's calls. A pipe may
 * be non-blocking: a full or empty one (EAGAIN) is waited out, a few milliseconds at a time.
 */
import { readSync, writeSync } from 'node:fs';

const pause = new Int32Array(new SharedArrayBuffer(4));

function wouldBlock(error: unknown): boolean {
  return (error as NodeJS.ErrnoException).code === 'EAGAIN';
}

/** Writes all of `bytes` to `fd`. */
export function writeAllSync(fd: number, bytes: Uint8Array): void {
  for (let offset = 0; offset < bytes.length; ) {
    try {
      offset += writeSync(fd, bytes, offset);
    } catch (error) {
      if (!wouldBlock(error)) throw error;
      Atomics.wait(pause, 0, 0, 2);
    }
  }
}

/** One Int32 word shared by the threads that write to stdout: 1 while one of them writes a line. */
let stdoutLock: Int32Array | null = null;

/** Makes this thread take `lock` (made by the main thread, shared with the worker) for every line it writes. */
export function shareStdoutLock(lock: SharedArrayBuffer): void {
  stdoutLock = new Int32Array(lock, 0, 1);
}

/** `value` as one JSON line on stdout, never interleaved with a line of the other thread. */
export function sendLine(value: unknown): void {
  const bytes = Buffer.from(`${JSON.stringify(value)}\n`, 'utf8');
  const lock = stdoutLock;
  if (lock === null) return writeAllSync(1, bytes);
  while (Atomics.compareExchange(lock, 0, 0, 1) !== 0) Atomics.wait(lock, 0, 1, 5);
  try {
    writeAllSync(1, bytes);
  } finally {
    Atomics.store(lock, 0, 0);
    Atomics.notify(lock, 0);
  }
}

/**
 * Lines from stdin, read as needed. The reader takes no more than the runner sent, because the
 * runner writes a line only when this side waits for one; so two readers (the main thread and
 * the channel worker) can share stdin, each reading only when it is its turn.
 */
export class StdinLines {
  private readonly buffer = Buffer.alloc(1 << 16);
  /** What was read after the last line ended: pieces, joined once a line is complete (not at every read). */
  private pieces: Buffer[] = [];

  /** The next line, or null at the end of stdin. */
  next(): string | null {
    for (;;) {
      const last = this.pieces[this.pieces.length - 1];
      const end = last === undefined ? -1 : last.indexOf(10);
      if (last !== undefined && end >= 0) {
        const line = Buffer.concat([...this.pieces.slice(0, -1), last.subarray(0, end)]).toString('utf8');
        this.pieces = end + 1 < last.length ? [last.subarray(end + 1)] : [];
        return line;
      }
      let count: number;
      try {
        count = readSync(0, this.buffer, 0, this.buffer.length, null);
      } catch (error) {
        if (!wouldBlock(error)) throw error;
        Atomics.wait(pause, 0, 0, 2);
        continue;
      }
      if (count === 0) return null;
      this.pieces.push(Buffer.from(this.buffer.subarray(0, count)));
    }
  }
}
