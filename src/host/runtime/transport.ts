/**
 * `qaddon run`: the run host's side of the channel to the runner (see CHANNEL in
 * run-protocol.ts). A message goes out in chunks through shared memory made here, in the
 * script's own realm, and the host waits for the answer with `Atomics.wait`: the script's realm
 * never holds a function or an object of the runner's (whose `constructor` would lead out), and
 * the vm's time limit interrupts the wait like any other code.
 */
import { CHANNEL, channelBytes } from './run-protocol';

// Taken while only the host has run: the add-on may replace these later. (If it tampers with
// what is not taken here, such as typed-array getters, it only garbles its own messages, which
// the runner reads as untrusted text.)
const atomicsWait = Atomics.wait;
const atomicsLoad = Atomics.load;
const atomicsStore = Atomics.store;
const atomicsNotify = Atomics.notify;
const fromCharCode = String.fromCharCode;
const charCodeAt = String.prototype.charCodeAt;
const apply = Reflect.apply;
const Int32ArrayType = Int32Array;
const Uint16ArrayType = Uint16Array;
const SharedArrayBufferType = SharedArrayBuffer;
const mathMin = Math.min;

/** Characters turned into text per fromCharCode call (well below engines' argument limits). */
const DECODE_PIECE = 8192;

export interface Channel {
  readonly buffer: SharedArrayBuffer;
  /** Sends `message` and waits for the answer. */
  exchange(message: string): string;
}

export function createChannel(): Channel {
  const buffer = new SharedArrayBufferType(channelBytes());
  const control = new Int32ArrayType(buffer, 0, CHANNEL.headerWords);
  const data = new Uint16ArrayType(buffer, CHANNEL.headerWords * 4, CHANNEL.chunkUnits);

  const setState = (value: number): void => {
    atomicsStore(control, 0, value);
    atomicsNotify(control, 0);
  };
  const awaitState = (expected: number): void => {
    for (;;) {
      const now = atomicsLoad(control, 0);
      if (now === expected) return;
      atomicsWait(control, 0, now);
    }
  };

  const send = (message: string): void => {
    const length = message.length;
    let offset = 0;
    for (;;) {
      const count = mathMin(CHANNEL.chunkUnits, length - offset);
      for (let i = 0; i < count; i += 1) data[i] = apply(charCodeAt, message, [offset + i]) as number;
      offset += count;
      const last = offset >= length;
      control[1] = count;
      control[2] = last ? 1 : 0;
      setState(CHANNEL.TO_RUNNER);
      // After the last chunk the runner answers at once: its first answer chunk is the sign.
      if (last) return;
      awaitState(CHANNEL.TAKEN_BY_RUNNER);
    }
  };

  const receive = (): string => {
    let text = '';
    for (;;) {
      awaitState(CHANNEL.TO_HOST);
      const count = control[1] as number;
      const last = control[2] === 1;
      for (let from = 0; from < count; from += DECODE_PIECE) {
        const piece = new Uint16ArrayType(buffer, CHANNEL.headerWords * 4 + from * 2, mathMin(DECODE_PIECE, count - from));
        text += apply(fromCharCode, null, piece) as string;
      }
      if (last) {
        setState(CHANNEL.IDLE);
        return text;
      }
      setState(CHANNEL.TAKEN_BY_HOST);
    }
  };

  return {
    buffer,
    exchange(message: string): string {
      send(message);
      return receive();
    },
  };
}
