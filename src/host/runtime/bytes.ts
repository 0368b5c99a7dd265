/**
 * Bytes: Questetra's `ByteArrayWrapper` (what `fileRepository.readFile(qfile)`,
 * `response.getResponse()`, `base64.decodeFrom…ToByteArray`, `digest.*` and
 * `engine.createByteArray` give a script). Its content lives in a Java `byte[]` where the engine
 * has Java (GraalJS: charsets, Base64 and digests are then Java's own, and 50 MB files stay
 * fast in the interpreter) and in a `Uint8Array` under Node (this room's JS codecs).
 */
import { decodeBytes, encodeText, simpleLength } from './charsets';
import { digestBytes, hmacBytes, type DigestName } from './digests';
import { illegalArgument } from './java-errors';
import { javaInterop, javaType } from './java-values';

/** A Java `byte[]` as GraalJS shows it: array-like, elements -128..127. */
interface JavaBytes {
  readonly length: number;
  [index: number]: number;
}

/**
 * Under Node: a `Uint8Array`, or, for ASCII text in a charset that writes ASCII as itself, the
 * text itself (one character per byte): a 50 MB test file then costs no encoding, its packets
 * are substrings, and reading them back as text costs nothing. Under GraalJS: a Java `byte[]`.
 */
type Store = Uint8Array | string | JavaBytes;

interface Backend {
  encode(text: string, charset: string): Store;
  decode(store: Store, charset: string): string;
  slice(store: Store, from: number, to: number): Store;
  fromUint8(array: Uint8Array): Store;
  toUint8(store: Store): Uint8Array;
  base64Encode(store: Store, urlSafe: boolean): string;
  base64Decode(text: string, urlSafe: boolean): Store;
  digest(name: DigestName, store: Store): Store;
  hmac(name: DigestName, key: Store, data: Store): Store;
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const BASE64_URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

export function base64OfUint8(bytes: Uint8Array, urlSafe: boolean): string {
  const alphabet = urlSafe ? BASE64_URL : BASE64;
  const codes = Array.from(alphabet, (ch) => ch.charCodeAt(0));
  const PAD = 0x3d;
  const parts: string[] = [];
  // Character codes in chunks, turned into text a chunk at a time: no string per character.
  const chunk = new Array<number>(16384);
  let used = 0;
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i] as number;
    const b = bytes[i + 1];
    const c = bytes[i + 2];
    chunk[used++] = codes[a >> 2] as number;
    chunk[used++] = codes[((a & 3) << 4) | ((b ?? 0) >> 4)] as number;
    chunk[used++] = b === undefined ? PAD : (codes[((b & 15) << 2) | ((c ?? 0) >> 6)] as number);
    chunk[used++] = c === undefined ? PAD : (codes[c & 63] as number);
    if (used === chunk.length) {
      parts.push(String.fromCharCode.apply(null, chunk));
      used = 0;
    }
  }
  parts.push(String.fromCharCode.apply(null, chunk.slice(0, used)));
  return parts.join('');
}

/** Each alphabet's values by character code (-1: not in it), made on first use. */
const BASE64_VALUES: { [alphabet: string]: Int8Array } = {};

function base64Values(alphabet: string): Int8Array {
  let values = BASE64_VALUES[alphabet];
  if (values === undefined) {
    values = new Int8Array(128).fill(-1);
    for (let i = 0; i < alphabet.length; i += 1) values[alphabet.charCodeAt(i)] = i;
    BASE64_VALUES[alphabet] = values;
  }
  return values;
}

/** Java's `Base64.getDecoder()`/`getUrlDecoder()`: the alphabet, optional padding, no other characters. */
export function uint8OfBase64(text: string, urlSafe: boolean): Uint8Array {
  const values = base64Values(urlSafe ? BASE64_URL : BASE64);
  const body = text.replace(/={1,2}$/, '');
  if (body.length % 4 === 1) throw illegalArgument('Last unit does not have enough valid bits');
  const out = new Uint8Array(Math.floor((body.length * 3) / 4));
  let bits = 0;
  let count = 0;
  let length = 0;
  for (let i = 0; i < body.length; i += 1) {
    const code = body.charCodeAt(i);
    const value = code < 128 ? (values[code] as number) : -1;
    if (value < 0) throw illegalArgument(`Illegal base64 character ${code.toString(16)}`);
    bits = (bits << 6) | value;
    count += 6;
    if (count >= 8) {
      count -= 8;
      out[length++] = (bits >> count) & 0xff;
    }
  }
  return out.slice(0, length);
}

/**
 * Large results of the Node tier's JS codecs, kept for the next test: Questetra's upload tests
 * build the same 50 MB file and hash it in test after test. Keys are the text (or the bytes'
 * buffer, offset and length), so a hit is always the same value; bytes are never changed.
 */
const LARGE = 1 << 20;
const encodedCache = new Map<string, Map<string, Uint8Array>>();
/** Results computed from a range of bytes (digests, base64, decoded text), by buffer, then by what and where. */
const rangeCache = new WeakMap<ArrayBufferLike, Map<string, unknown>>();

function remember<K, V>(cache: Map<K, V>, key: K, value: V, size = 2): V {
  if (cache.size >= size) cache.delete(cache.keys().next().value as K);
  cache.set(key, value);
  return value;
}

function cachedEncode(text: string, charset: string): Uint8Array {
  if (text.length < LARGE) return encodeText(text, charset);
  let byText = encodedCache.get(charset);
  if (!byText) {
    byText = new Map();
    encodedCache.set(charset, byText);
  }
  return byText.get(text) ?? remember(byText, text, encodeText(text, charset));
}

/** Charsets that write each ASCII character as the one byte of the same value. */
const ASCII_AS_ITSELF = /^(utf-?8|us-ascii|ascii|iso-8859-1|iso8859[-_]1|latin1|shift_jis|sjis|windows-31j|ms932|euc-jp)$/i;

function isByteString(store: Store): store is string {
  return typeof store === 'string';
}

/** The bytes of a store as a Uint8Array (a byte string written out). */
function uint8Of(store: Store): Uint8Array {
  if (!isByteString(store)) return store as Uint8Array;
  const out = new Uint8Array(store.length);
  for (let i = 0; i < store.length; i += 1) out[i] = store.charCodeAt(i);
  return out;
}

/** Whether a byte string is ASCII (every store made from text is; one made by a script may not be). */
function isAsciiText(text: string): boolean {
  return /^[\x00-\x7f]*$/.test(text);
}

/** What was computed from a large range of bytes, remembered for the next test (see above). */
const stringRangeCache = new Map<string, Map<string, unknown>>();

function fromRange<T>(bytes: Uint8Array | string, what: string, compute: () => T): T {
  if (bytes.length < LARGE) return compute();
  if (isByteString(bytes)) {
    let byText = stringRangeCache.get(what);
    if (!byText) {
      byText = new Map();
      stringRangeCache.set(what, byText);
    }
    return (byText.get(bytes) as T | undefined) ?? remember(byText, bytes, compute() as unknown, 16) as T;
  }
  let byBuffer = rangeCache.get(bytes.buffer);
  if (!byBuffer) {
    byBuffer = new Map();
    rangeCache.set(bytes.buffer, byBuffer);
  }
  const key = `${what}:${bytes.byteOffset}:${bytes.length}`;
  return (byBuffer.get(key) as T | undefined) ?? remember(byBuffer, key, compute() as unknown, 16) as T;
}

const nodeBackend: Backend = {
  encode(text, charset) {
    if (text.length >= LARGE && ASCII_AS_ITSELF.test(charset) && isAsciiText(text)) return text;
    return cachedEncode(text, charset);
  },
  decode(store, charset) {
    if (isByteString(store) && ASCII_AS_ITSELF.test(charset) && isAsciiText(store)) return store;
    return fromRange(store as Uint8Array | string, `text ${charset}`, () => decodeBytes(uint8Of(store), charset));
  },
  // A view or a substring, not a copy: bytes are never changed once made.
  slice: (store, from, to) => (isByteString(store) ? store.substring(from, to) : (store as Uint8Array).subarray(from, to)),
  fromUint8: (array) => array.slice(),
  toUint8: (store) => uint8Of(store),
  base64Encode: (store, urlSafe) => fromRange(store as Uint8Array | string, `base64 ${urlSafe}`, () => base64OfUint8(uint8Of(store), urlSafe)),
  base64Decode: (text, urlSafe) => uint8OfBase64(text, urlSafe),
  digest: (name, store) => fromRange(store as Uint8Array | string, name, () => digestBytes(name, store as Uint8Array | string)),
  hmac: (name, key, data) => hmacBytes(name, uint8Of(key), uint8Of(data)),
};

/* The Java classes the GraalJS backend uses (each is on test/graaljs/host-classes.txt). */
interface JavaCharset {
  encode(text: string): { array(): JavaBytes; limit(): number };
  decode(buffer: unknown): { toString(): string };
}

function graalBackend(): Backend {
  const Charset = javaType<{ forName(name: string): JavaCharset }>('java.nio.charset.Charset');
  const ByteBuffer = javaType<{ wrap(bytes: JavaBytes): unknown }>('java.nio.ByteBuffer');
  const Arrays = javaType<{ copyOf(bytes: JavaBytes, length: number): JavaBytes; copyOfRange(bytes: JavaBytes, from: number, to: number): JavaBytes }>('java.util.Arrays');
  const Base64 = javaType<{
    getEncoder(): { encodeToString(bytes: JavaBytes): string };
    getUrlEncoder(): { encodeToString(bytes: JavaBytes): string };
    getDecoder(): { decode(text: string): JavaBytes };
    getUrlDecoder(): { decode(text: string): JavaBytes };
  }>('java.util.Base64');
  const MessageDigest = javaType<{ getInstance(name: string): { digest(bytes: JavaBytes): JavaBytes } }>('java.security.MessageDigest');
  const Mac = javaType<{ getInstance(name: string): { init(key: unknown): void; doFinal(bytes: JavaBytes): JavaBytes } }>('javax.crypto.Mac');
  const SecretKeySpec = javaType<new (key: JavaBytes, algorithm: string) => unknown>('javax.crypto.spec.SecretKeySpec');
  const ByteArrayOutputStream = javaType<new (size: number) => { write(bytes: JavaBytes, offset: number, length: number): void; toByteArray(): JavaBytes }>('java.io.ByteArrayOutputStream');
  const JAVA_DIGEST: Record<DigestName, string> = { md5: 'MD5', sha1: 'SHA-1', sha256: 'SHA-256' };
  const JAVA_HMAC: Record<DigestName, string> = { md5: 'HmacMD5', sha1: 'HmacSHA1', sha256: 'HmacSHA256' };
  const empty = (): JavaBytes => new ByteArrayOutputStream(0).toByteArray();
  const backend: Backend = {
    encode(text, charset) {
      const buffer = Charset.forName(charset).encode(text);
      return Arrays.copyOf(buffer.array(), buffer.limit());
    },
    decode: (store, charset) => String(Charset.forName(charset).decode(ByteBuffer.wrap(store as JavaBytes)).toString()),
    slice: (store, from, to) => Arrays.copyOfRange(store as JavaBytes, from, to),
    fromUint8(array) {
      if (array.length === 0) return empty();
      // Through ISO-8859-1, which maps each byte 0-255 to the char of the same value.
      let text = '';
      for (let i = 0; i < array.length; i += 4096) text += String.fromCharCode.apply(null, Array.from(array.subarray(i, i + 4096)));
      return backend.encode(text, 'ISO-8859-1');
    },
    toUint8(store) {
      const bytes = store as JavaBytes;
      const out = new Uint8Array(bytes.length);
      for (let i = 0; i < bytes.length; i += 1) out[i] = (bytes[i] as number) & 0xff;
      return out;
    },
    base64Encode: (store, urlSafe) => String((urlSafe ? Base64.getUrlEncoder() : Base64.getEncoder()).encodeToString(store as JavaBytes)),
    base64Decode: (text, urlSafe) => (urlSafe ? Base64.getUrlDecoder() : Base64.getDecoder()).decode(text),
    digest: (name, store) => MessageDigest.getInstance(JAVA_DIGEST[name]).digest(store as JavaBytes),
    hmac(name, key, data) {
      const mac = Mac.getInstance(JAVA_HMAC[name]);
      mac.init(new SecretKeySpec(key as JavaBytes, JAVA_HMAC[name]));
      return mac.doFinal(data as JavaBytes);
    },
  };
  return backend;
}

let chosen: Backend | undefined;

function backend(): Backend {
  if (!chosen) chosen = javaInterop() ? graalBackend() : nodeBackend;
  return chosen;
}

/** Looks the Java classes up now, while the host loads (before any add-on code runs). */
export function prepareBytes(): void {
  backend();
}

/** `ByteArrayWrapper`: a read-only run of bytes. */
export class ByteArrayWrapper {
  /** @internal */
  readonly store: Store;

  /** @internal Use the factory functions below. */
  constructor(store: Store) {
    this.store = store;
  }

  getLength(): number {
    return this.store.length;
  }

  toString(): string {
    return `ByteArrayWrapper(${this.store.length} bytes)`;
  }
}

export function isBytes(value: unknown): value is ByteArrayWrapper {
  return value instanceof ByteArrayWrapper;
}

export function bytesOfText(text: string, charset = 'UTF-8'): ByteArrayWrapper {
  return new ByteArrayWrapper(backend().encode(text, charset));
}

/** How many bytes `text` takes in `charset`, without encoding it where the count is plain. */
export function encodedLength(text: string, charset: string): number {
  const simple = simpleLength(text, charset);
  return simple ?? bytesOfText(text, charset).getLength();
}

export function textOfBytes(bytes: ByteArrayWrapper, charset = 'UTF-8'): string {
  return backend().decode(bytes.store, charset);
}

export function sliceBytes(bytes: ByteArrayWrapper, from: number, to: number): ByteArrayWrapper {
  return new ByteArrayWrapper(backend().slice(bytes.store, from, Math.min(to, bytes.store.length)));
}

export function bytesOfUint8(array: Uint8Array): ByteArrayWrapper {
  return new ByteArrayWrapper(backend().fromUint8(array));
}

export function uint8OfBytes(bytes: ByteArrayWrapper): Uint8Array {
  return backend().toUint8(bytes.store);
}

export function base64Encode(bytes: ByteArrayWrapper, urlSafe: boolean): string {
  return backend().base64Encode(bytes.store, urlSafe);
}

export function base64Decode(text: string, urlSafe: boolean): ByteArrayWrapper {
  return new ByteArrayWrapper(backend().base64Decode(text, urlSafe));
}

export function digestOf(name: DigestName, bytes: ByteArrayWrapper): ByteArrayWrapper {
  return new ByteArrayWrapper(backend().digest(name, bytes.store));
}

export function hmacOf(name: DigestName, key: ByteArrayWrapper, data: ByteArrayWrapper): ByteArrayWrapper {
  return new ByteArrayWrapper(backend().hmac(name, key.store, data.store));
}

/** Lower-case hex of the bytes. */
export function hexOfBytes(bytes: ByteArrayWrapper): string {
  return Array.from(uint8OfBytes(bytes), (byte) => byte.toString(16).padStart(2, '0')).join('');
}
