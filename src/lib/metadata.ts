/**
 * OpenAI's `metadata` (a map of strings attached to an object) typed into a TEXTAREA config as
 * one `key=value` per line, checked against OpenAI's limits.
 */
import { quote } from './configs';
import { ConfigError } from './errors';

/** OpenAI's limits: at most 16 pairs, keys up to 64 characters, values up to 512. */
export const METADATA_LIMITS = { pairs: 16, keyLength: 64, valueLength: 512 } as const;

/** Characters as a person counts them (code points, so an emoji is one). */
function characterCount(text: string): number {
  return Array.from(text).length;
}

interface Pair {
  key: string;
  value: string;
  line: number;
}

/** One non-blank line `key=value` (split at the first `=`; both sides trimmed). */
function parseLine(configName: string, text: string, line: number): Pair {
  const at = text.indexOf('=');
  if (at < 0) {
    throw new ConfigError(configName, `line ${line} ${quote(text)} has no "="; write one key=value per line`);
  }
  const key = text.slice(0, at).trim();
  const value = text.slice(at + 1).trim();
  if (key === '') throw new ConfigError(configName, `line ${line} ${quote(text)} has no key before "="; write one key=value per line`);
  if (characterCount(key) > METADATA_LIMITS.keyLength) {
    throw new ConfigError(configName, `the key ${quote(key)} (line ${line}) has ${characterCount(key)} characters; a key may have at most ${METADATA_LIMITS.keyLength}`);
  }
  if (characterCount(value) > METADATA_LIMITS.valueLength) {
    throw new ConfigError(configName, `the value of ${quote(key)} (line ${line}) has ${characterCount(value)} characters; a value may have at most ${METADATA_LIMITS.valueLength}`);
  }
  return { key, value, line };
}

/** The pairs of all non-blank lines, in order. */
function parsePairs(configName: string, text: string): Pair[] {
  const pairs: Pair[] = [];
  text.split(/\r\n|\r|\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line !== '') pairs.push(parseLine(configName, line, index + 1));
  });
  return pairs;
}

/**
 * The metadata of a TEXTAREA config: blank → undefined (left out of the request). Each
 * non-blank line is `key=value`; a value may be empty; a key may appear once; at most 16 pairs.
 */
export function readMetadata(configName: string): Record<string, string> | undefined {
  // Not trimmed as a whole, so that line numbers in messages count from the real first line.
  const text = configs.get(configName);
  if (text.trim() === '') return undefined;
  const pairs = parsePairs(configName, text);
  if (pairs.length > METADATA_LIMITS.pairs) {
    throw new ConfigError(configName, `has ${pairs.length} key=value pairs; at most ${METADATA_LIMITS.pairs} are allowed`);
  }
  // No prototype: a key like "__proto__" stays an ordinary key.
  const metadata = Object.create(null) as Record<string, string>;
  const lineOf = Object.create(null) as Record<string, number>;
  for (const pair of pairs) {
    const earlier = lineOf[pair.key];
    if (earlier !== undefined) {
      throw new ConfigError(configName, `the key ${quote(pair.key)} appears twice (lines ${earlier} and ${pair.line}); each key may appear once`);
    }
    lineOf[pair.key] = pair.line;
    metadata[pair.key] = pair.value;
  }
  return metadata;
}
