/**
 * `base64` and `digest`: the encoders and hash functions a script reaches as globals. Text
 * arguments are taken as their UTF-8 bytes, files (`QfileView`) as their content.
 */
import {
  base64Decode,
  base64Encode,
  bytesOfText,
  digestOf,
  isBytes,
  textOfBytes,
  type ByteArrayWrapper,
} from './bytes';
import type { DigestName } from './digests';
import { requireString } from './java-checks';
import { illegalArgument } from './java-errors';
import { isQfile } from './files';

/** Bytes of a `ByteArrayWrapper`, a file or a string (UTF-8). */
export function bytesOfArgument(value: unknown, method: string): ByteArrayWrapper {
  if (isBytes(value)) return value;
  if (isQfile(value)) return value.bytes();
  if (typeof value === 'string') return bytesOfText(value);
  throw illegalArgument(`${method}: expected a java.lang.String, a ByteArrayWrapper or a file, got ${value === null ? 'null' : typeof value}`);
}

export const base64: QuestetraBase64 = {
  encodeToString: (value: unknown) => base64Encode(bytesOfArgument(value, 'base64.encodeToString'), false),
  encodeToUrlSafeString: (value: unknown) => base64Encode(bytesOfArgument(value, 'base64.encodeToUrlSafeString'), true),
  decodeFromString: (text: string) => textOfBytes(base64Decode(requireString(text, 'base64.decodeFromString', 'text'), false)),
  decodeFromUrlSafeString: (text: string) => textOfBytes(base64Decode(requireString(text, 'base64.decodeFromUrlSafeString', 'text'), true)),
  decodeFromStringToByteArray: (text: string) => base64Decode(requireString(text, 'base64.decodeFromStringToByteArray', 'text'), false),
  decodeFromUrlSafeStringToByteArray: (text: string) => base64Decode(requireString(text, 'base64.decodeFromUrlSafeStringToByteArray', 'text'), true),
};

function hashWith(name: DigestName): (value: unknown) => ByteArrayWrapper {
  return (value: unknown) => digestOf(name, bytesOfArgument(value, `digest.${name}`));
}

export const digest: QuestetraDigest = {
  md5: hashWith('md5'),
  sha1: hashWith('sha1'),
  sha256: hashWith('sha256'),
};
