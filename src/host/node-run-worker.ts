/**
 * `qaddon run`: the channel worker of the sandbox process (node-run-child.ts). The run host in
 * the vm context sends each log line and request through shared memory it made itself (see
 * CHANNEL in runtime/run-protocol.ts) and waits with Atomics.wait; this thread takes each
 * message, prints it for the runner as one line, and for a request reads the runner's answer
 * from stdin and hands it back the same way. It holds nothing of the context's but that memory;
 * what arrives is printed as text, never interpreted here beyond its first characters.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { CHANNEL } from './runtime/run-protocol.js';
import type { RunCommand, RunMessage } from './node-run-protocol.js';
import { StdinLines, sendLine, shareStdoutLock } from './sync-io.js';

const { channel: buffer, stdoutLock } = workerData as { channel: SharedArrayBuffer; stdoutLock: SharedArrayBuffer };
shareStdoutLock(stdoutLock);
const control = new Int32Array(buffer, 0, CHANNEL.headerWords);
const data = new Uint16Array(buffer, CHANNEL.headerWords * 4, CHANNEL.chunkUnits);

function setState(value: number): void {
  Atomics.store(control, 0, value);
  Atomics.notify(control, 0);
}

function awaitState(expected: number): void {
  for (;;) {
    const now = Atomics.load(control, 0);
    if (now === expected) return;
    Atomics.wait(control, 0, now);
  }
}

/** One message from the host, chunk by chunk (the last chunk is answered, not acknowledged). */
function receive(): string {
  const pieces: string[] = [];
  for (;;) {
    awaitState(CHANNEL.TO_RUNNER);
    const count = Math.min(control[1] as number, CHANNEL.chunkUnits);
    pieces.push(Buffer.from(data.buffer, data.byteOffset, count * 2).toString('utf16le'));
    if (control[2] === 1) return pieces.join('');
    setState(CHANNEL.TAKEN_BY_RUNNER);
  }
}

/** The answer to the host, chunk by chunk; the host marks the last one taken by going idle. */
function answer(text: string): void {
  let offset = 0;
  for (;;) {
    const count = Math.min(CHANNEL.chunkUnits, text.length - offset);
    for (let i = 0; i < count; i += 1) data[i] = text.charCodeAt(offset + i);
    offset += count;
    const last = offset >= text.length;
    control[1] = count;
    control[2] = last ? 1 : 0;
    setState(CHANNEL.TO_HOST);
    if (last) return;
    awaitState(CHANNEL.TAKEN_BY_HOST);
  }
}

const stdin = new StdinLines();

/** The answer the runner sent for a request; a closed stdin or a wrong line is "no answer". */
function runnerAnswer(): string {
  const line = stdin.next();
  if (line === null) return JSON.stringify({ error: 'qaddon stopped the run' });
  const command = JSON.parse(line) as RunCommand;
  if (command.t !== 'answer' || typeof command.text !== 'string') return JSON.stringify({ error: 'qaddon sent no answer' });
  return command.text;
}

parentPort?.postMessage('ready');
for (;;) {
  const text = receive();
  // The host writes {"kind":"log",…} or {"kind":"http",…}; only a request waits for the runner.
  const isRequest = text.startsWith('{"kind":"http"');
  const event: RunMessage = { t: 'event', text, answer: isRequest };
  sendLine(event);
  answer(isRequest ? runnerAnswer() : '');
}
