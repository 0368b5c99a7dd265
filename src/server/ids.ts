/**
 * Object IDs in each service's own form: OpenAI's are a prefix and random letters and digits
 * (`ftjob-` + 24, `file-` + 22), Azure OpenAI's a prefix and 32 hex digits.
 */
import { randomBytes, randomInt } from 'node:crypto';

const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** `length` random letters and digits. */
export function randomBase62(length: number): string {
  let text = '';
  for (let i = 0; i < length; i += 1) text += BASE62[randomInt(BASE62.length)];
  return text;
}

/** `length` random lower-case hex digits. */
export function randomHex(length: number): string {
  return randomBytes(Math.ceil(length / 2)).toString('hex').slice(0, length);
}

export interface IdFactory {
  job(): string;
  file(): string;
  event(): string;
  checkpoint(): string;
  request(): string;
}

export const OPENAI_IDS: IdFactory = {
  job: () => `ftjob-${randomBase62(24)}`,
  file: () => `file-${randomBase62(22)}`,
  event: () => `ftevent-${randomBase62(24)}`,
  checkpoint: () => `ftckpt_${randomBase62(24)}`,
  request: () => `req_${randomHex(32)}`,
};

export const AZURE_IDS: IdFactory = {
  job: () => `ftjob-${randomHex(32)}`,
  file: () => `file-${randomHex(32)}`,
  event: () => `ftevent-${randomHex(32)}`,
  checkpoint: () => `ftchkpt-${randomHex(32)}`,
  request: () => `${randomHex(8)}-${randomHex(4)}-${randomHex(4)}-${randomHex(4)}-${randomHex(12)}`,
};
