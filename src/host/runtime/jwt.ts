/**
 * `rsa` and `jwt`: RSA keys read from PEM (PKCS#8 private keys, X.509 certificates or public
 * keys) and JSON Web Tokens signed and verified with RS256 (RSASSA-PKCS1-v1_5 with SHA-256),
 * what the JWT-bearer OAuth2 flows of Questetra's add-ons build. RSA runs on BigInt, in both tiers.
 */
import { base64Decode, base64Encode, bytesOfText, bytesOfUint8, digestOf, textOfBytes, uint8OfBytes } from './bytes';
import { requireString } from './java-checks';
import { illegalArgument, javaException } from './java-errors';

/** A node of a DER structure: its tag and content bytes. */
interface Der {
  tag: number;
  content: Uint8Array;
}

function readDer(bytes: Uint8Array, offset = 0): { node: Der; next: number } {
  const tag = bytes[offset];
  let length = bytes[offset + 1];
  if (tag === undefined || length === undefined) throw invalidKey('truncated DER');
  let start = offset + 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    length = 0;
    for (let i = 0; i < count; i += 1) length = length * 256 + (bytes[start + i] ?? 0);
    start += count;
  }
  if (start + length > bytes.length) throw invalidKey('truncated DER');
  return { node: { tag, content: bytes.subarray(start, start + length) }, next: start + length };
}

function children(node: Der): Der[] {
  const out: Der[] = [];
  for (let offset = 0; offset < node.content.length; ) {
    const { node: child, next } = readDer(node.content, offset);
    out.push(child);
    offset = next;
  }
  return out;
}

function bigIntOf(bytes: Uint8Array): bigint {
  let value = BigInt(0);
  for (const byte of bytes) value = (value << BigInt(8)) | BigInt(byte);
  return value;
}

function bytesOfBigInt(value: bigint, length: number): Uint8Array {
  const out = new Uint8Array(length);
  let rest = value;
  for (let i = length - 1; i >= 0; i -= 1) {
    out[i] = Number(rest & BigInt(0xff));
    rest >>= BigInt(8);
  }
  return out;
}

function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = BigInt(1);
  let b = base % modulus;
  let e = exponent;
  while (e > BigInt(0)) {
    if (e & BigInt(1)) result = (result * b) % modulus;
    b = (b * b) % modulus;
    e >>= BigInt(1);
  }
  return result;
}

function invalidKey(reason: string): Error {
  return javaException('java.security.spec.InvalidKeySpecException', `invalid RSA key: ${reason}`);
}

/** The DER bytes inside a PEM text (`-----BEGIN …-----` … `-----END …-----`), or the text as bare base64. */
function pemBytes(pem: string): Uint8Array {
  const body = pem.replace(/-----(BEGIN|END)[^-]*-----/g, '').replace(/\s+/g, '');
  try {
    return uint8OfBytes(base64Decode(body, false));
  } catch {
    throw invalidKey('not PEM or base64');
  }
}

/** The CRT parts of a private key: primes p, q and d mod (p-1), d mod (q-1), q^-1 mod p. */
interface CrtParts {
  p: bigint;
  q: bigint;
  dp: bigint;
  dq: bigint;
  qInverse: bigint;
}

/** An RSA key: the modulus, and the private or public exponent. */
export class RsaKey {
  readonly modulus: bigint;
  readonly exponent: bigint;
  readonly isPrivate: boolean;
  /** @internal For signing about 3 times faster (Chinese remainder theorem). */
  readonly crt: CrtParts | null;

  constructor(modulus: bigint, exponent: bigint, isPrivate: boolean, crt: CrtParts | null = null) {
    this.modulus = modulus;
    this.exponent = exponent;
    this.isPrivate = isPrivate;
    this.crt = crt;
  }

  getAlgorithm(): string {
    return 'RSA';
  }

  toString(): string {
    return `RSA ${this.isPrivate ? 'private' : 'public'} key (${this.size() * 8} bits)`;
  }

  /** The modulus length in bytes. */
  size(): number {
    return Math.ceil(this.modulus.toString(16).length / 2);
  }
}

/** SubjectPublicKeyInfo → RSAPublicKey (modulus, exponent). */
function publicKeyOfSpki(spki: Der): RsaKey {
  const [, bitString] = children(spki);
  if (!bitString || bitString.tag !== 0x03) throw invalidKey('no public key');
  const rsaKey = readDer(bitString.content.subarray(1)).node;
  const [modulus, exponent] = children(rsaKey);
  if (!modulus || !exponent) throw invalidKey('no modulus');
  return new RsaKey(bigIntOf(modulus.content), bigIntOf(exponent.content), false);
}

const SHA256_DIGEST_INFO = [0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20];

/** EMSA-PKCS1-v1_5 encoding of SHA-256(message) for a key of `length` bytes. */
function encodedDigest(message: Uint8Array, length: number): Uint8Array {
  const hash = uint8OfBytes(digestOf('sha256', bytesOfUint8(message)));
  const t = [...SHA256_DIGEST_INFO, ...hash];
  if (length < t.length + 11) throw illegalArgument('RSA key too short for SHA-256');
  const out = new Uint8Array(length);
  out[1] = 0x01;
  out.fill(0xff, 2, length - t.length - 1);
  out.set(t, length - t.length);
  return out;
}

export function signRs256(message: Uint8Array, key: RsaKey): Uint8Array {
  if (!key.isPrivate) throw javaException('java.security.InvalidKeyException', 'a private key is needed to sign');
  const length = key.size();
  const m = bigIntOf(encodedDigest(message, length));
  if (key.crt === null) return bytesOfBigInt(modPow(m, key.exponent, key.modulus), length);
  const { p, q, dp, dq, qInverse } = key.crt;
  const m1 = modPow(m, dp, p);
  const m2 = modPow(m, dq, q);
  const h = (((m1 - m2) % p) + p) % p * qInverse % p;
  return bytesOfBigInt(m2 + h * q, length);
}

export function verifyRs256(message: Uint8Array, signature: Uint8Array, key: RsaKey): boolean {
  const length = key.size();
  if (signature.length !== length) return false;
  const recovered = bytesOfBigInt(modPow(bigIntOf(signature), key.exponent, key.modulus), length);
  const expected = encodedDigest(message, length);
  return recovered.every((byte, i) => byte === expected[i]);
}

export const rsa: QuestetraRsa = {
  /** A PKCS#8 private key (`-----BEGIN PRIVATE KEY-----`). */
  readKeyFromPkcs8(pem: string): RsaKey {
    const info = readDer(pemBytes(requireString(pem, 'rsa.readKeyFromPkcs8', 'pem'))).node;
    const parts = children(info);
    const octets = parts[2];
    if (!octets || octets.tag !== 0x04) throw invalidKey('not a PKCS#8 private key');
    const fields = children(readDer(octets.content).node);
    // RSAPrivateKey: version, n, e, d, p, q, d mod (p-1), d mod (q-1), q^-1 mod p
    const [, modulus, , privateExponent, p, q, dp, dq, qInverse] = fields;
    if (!modulus || !privateExponent) throw invalidKey('not an RSA private key');
    const crt = p && q && dp && dq && qInverse ? { p: bigIntOf(p.content), q: bigIntOf(q.content), dp: bigIntOf(dp.content), dq: bigIntOf(dq.content), qInverse: bigIntOf(qInverse.content) } : null;
    return new RsaKey(bigIntOf(modulus.content), bigIntOf(privateExponent.content), true, crt);
  },
  /** The public key of an X.509 certificate (`-----BEGIN CERTIFICATE-----`) or of a SubjectPublicKeyInfo (`-----BEGIN PUBLIC KEY-----`). */
  readKeyFromX509(pem: string): RsaKey {
    const top = readDer(pemBytes(requireString(pem, 'rsa.readKeyFromX509', 'pem'))).node;
    const parts = children(top);
    if (parts[0]?.tag === 0x30 && parts[1]?.tag === 0x03) return publicKeyOfSpki(top);
    const tbs = parts[0];
    if (!tbs) throw invalidKey('not an X.509 certificate');
    const fields = children(tbs);
    // TBSCertificate: [0] version?, serial, signature alg, issuer, validity, subject, subjectPublicKeyInfo
    const offset = fields[0]?.tag === 0xa0 ? 1 : 0;
    const spki = fields[offset + 5];
    if (!spki) throw invalidKey('no subject public key');
    return publicKeyOfSpki(spki);
  },
};

function base64UrlOfText(text: string): string {
  return base64Encode(bytesOfText(text), true).replace(/=+$/, '');
}

function jsonOf(value: unknown, what: string): string {
  if (typeof value === 'string') return value;
  if (value === null || typeof value !== 'object') throw illegalArgument(`jwt.build: the ${what} must be an object or its JSON`);
  return JSON.stringify(value);
}

function requireKey(key: unknown, method: string): RsaKey {
  if (!(key instanceof RsaKey)) throw illegalArgument(`${method}: the key must come from rsa.readKeyFromPkcs8 / rsa.readKeyFromX509`);
  return key;
}

export const jwt: QuestetraJwt = {
  /** `header.payload.signature`, signed RS256 with a private key. */
  build(header: unknown, payload: unknown, key: unknown): string {
    const privateKey = requireKey(key, 'jwt.build');
    const signingInput = `${base64UrlOfText(jsonOf(header, 'header'))}.${base64UrlOfText(jsonOf(payload, 'payload'))}`;
    const signature = signRs256(uint8OfBytes(bytesOfText(signingInput)), privateKey);
    return `${signingInput}.${base64Encode(bytesOfUint8(signature), true).replace(/=+$/, '')}`;
  },
  /** Whether the token's RS256 signature is valid for the public key. */
  verify(token: string, key: unknown): boolean {
    requireString(token, 'jwt.verify', 'token');
    const publicKey = requireKey(key, 'jwt.verify');
    const parts = token.split('.');
    if (parts.length !== 3) return false;
    const [header = '', payload = '', signature = ''] = parts;
    try {
      const alg = (JSON.parse(textOfBytes(base64Decode(header, true))) as { alg?: unknown }).alg;
      if (alg !== 'RS256') return false;
      return verifyRs256(uint8OfBytes(bytesOfText(`${header}.${payload}`)), uint8OfBytes(base64Decode(signature, true)), publicKey);
    } catch {
      return false;
    }
  },
};
