/**
 * The Upload add-on against OpenAI's contract: every request its <test> cases make the step send
 * is `POST /files` (createFile, test/fixtures) as multipart/form-data whose parts validate
 * against `CreateFileRequest`, and every file object it stores validates against `OpenAIFile`.
 * Also what the <test> API cannot see: the process log.
 */
import { readFileSync } from 'node:fs';
import type { ValidateFunction } from 'ajv';
import { beforeAll, describe, expect, test } from 'vitest';
import type { RecordedRequest } from '../src/host/runtime/protocol.js';
import type { AddonResult } from '../src/host/test-addons.js';
import { compileContract, responseSchemas, type ResponseSchemas } from './support/openapi-schema.js';
import { expectAllPassed, expectKeyOnlyInAuthHeader, outcomeOf, runStepTests } from './support/step-runs.js';

type JsonObject = Record<string, unknown>;

const ADDON = 'addons/openai-file-upload.xml';
const PATHS = JSON.parse(readFileSync('test/fixtures/openai-files-and-job-paths.json', 'utf8')) as {
  servers: { url: string }[];
  paths: Record<string, Record<string, JsonObject>>;
};
/** A multipart part as the local host records it: `name=value`, or `name=<file; type; N bytes>` then the content. */
interface Part {
  name: string;
  value: string;
  file: { name: string; contentType: string; bytes: number } | null;
}

/** The parts of a recorded multipart body, in order (purpose first, then the file with its content last). */
function partsOf(request: RecordedRequest): Part[] {
  const body = request.body ?? '';
  const match = /^purpose=([^\n]*)\nfile=<([^;]*); ([^;]*(?:;[^;]*)?); (\d+) bytes>\n/.exec(body);
  if (!match) return [];
  return [
    { name: 'purpose', value: match[1] ?? '', file: null },
    { name: 'file', value: body.slice(match[0].length), file: { name: match[2] ?? '', contentType: match[3] ?? '', bytes: Number(match[4]) } },
  ];
}

/**
 * Whether `url` is the createFile operation: `{base}/files` below any https base (OpenAI's
 * server, a gateway), or `{resource}/openai/files?api-version=…` (Azure OpenAI).
 */
function isFilesUrl(url: string): boolean {
  const match = /^https:\/\/[^/?#@]+(\/[^?#]*)?\/files(\?api-version=\d{4}-\d{2}-\d{2}(-preview)?)?$/.exec(url);
  return match !== null && (match[2] !== undefined) === (match[1] ?? '').endsWith('/openai');
}

let result: AddonResult;
let validateRequest: ValidateFunction;
let schemas: ResponseSchemas;

beforeAll(async () => {
  result = await runStepTests(ADDON);
  validateRequest = compileContract('test/fixtures/openai-create-file-request.schema.json');
  schemas = responseSchemas('openai');
});

describe('openai-file-upload: requests against createFile', () => {
  test('every <test> case passes in the local host', () => {
    expectAllPassed(result, 60);
  });

  test('the contract has the operation: POST, a multipart/form-data body of CreateFileRequest', () => {
    const operation = PATHS.paths['/files']?.['post'];
    expect(operation?.['operationId']).toBe('createFile');
    expect(operation?.['requestBody']).toMatchObject({ required: true, content: { 'multipart/form-data': { schema: { $ref: '#/$defs/CreateFileRequest' } } } });
  });

  test('every request is that operation: POST to /files, multipart/form-data with a boundary, parts that validate', () => {
    const requests = result.tests.flatMap((test) => test.requests.map((request) => ({ test: test.name, request })));
    expect(requests.length).toBeGreaterThanOrEqual(30);
    const wrong: string[] = [];
    for (const { test: name, request } of requests) {
      const parts = partsOf(request);
      // The file part stands for OpenAI's `format: binary` string.
      const form = Object.fromEntries(parts.map((part) => [part.name, part.value]));
      if (request.method !== 'POST' || !isFilesUrl(request.url)) wrong.push(`${name}: ${request.method} ${request.url}`);
      if (!/^multipart\/form-data; boundary=\S+$/.test(request.contentType ?? '')) wrong.push(`${name}: content type ${request.contentType ?? 'none'}`);
      if (parts.length !== 2 || !validateRequest(form)) wrong.push(`${name}: parts ${JSON.stringify(parts.map((part) => part.name))} ${JSON.stringify(validateRequest.errors)}`);
    }
    expect(wrong).toEqual([]);
  });

  test('the parts cover the purposes sent and the files with their names, content types and sizes', () => {
    const parts = result.tests.flatMap((test) => test.requests.map(partsOf));
    const purposes = new Set(parts.map((each) => each[0]?.value));
    expect([...purposes].sort()).toEqual(['batch', 'fine-tune']);
    const files = parts.map((each) => each[1]?.file);
    expect(files).toContainEqual({ name: '学習データ.jsonl', contentType: 'application/jsonl', bytes: expect.any(Number) as number });
    expect(files).toContainEqual({ name: 'windows.JSONL', contentType: 'text/plain; charset=UTF-8', bytes: expect.any(Number) as number });
    // The content sent is the file's, byte for byte as the platform reads it.
    const one = partsOf(outcomeOf(result, 'OpenAI: one multipart POST to /files (purpose, file); B1 and B2 written').requests[0] as RecordedRequest);
    expect(one[1]?.value.split('\n').filter((line) => line !== '')).toHaveLength(10);
    expect(Buffer.byteLength(one[1]?.value ?? '')).toBe(one[1]?.file?.bytes);
  });

  test('negative controls: the validator refuses what OpenAI would', () => {
    expect(validateRequest({ purpose: 'fine-tune', file: 'x' })).toBe(true);
    expect(validateRequest({ purpose: 'fine_tune', file: 'x' })).toBe(false);
    expect(validateRequest({ file: 'x' })).toBe(false);
    expect(validateRequest({ purpose: 'fine-tune', file: 'x', filename: 'a.jsonl' })).toBe(false);
    expect(isFilesUrl(`${PATHS.servers[0]?.url ?? ''}/files`)).toBe(true);
    expect(isFilesUrl('https://my-resource.openai.azure.com/openai/files?api-version=2024-10-21')).toBe(true);
    expect(isFilesUrl('https://api.openai.com/v1/files/file-abc123')).toBe(false);
    expect(isFilesUrl('https://api.openai.com/v1/files?api-version=2024-10-21')).toBe(false);
  });

  test('every file object stored from an OpenAI answer validates against OpenAIFile', () => {
    const stored = result.tests
      // Azure's file object is its own; bytes null is newer than contract 2.3.0; key-echo tests add fields on purpose.
      .filter((test) => !test.name.startsWith('Azure') && !test.name.includes('bytes null') && !test.name.startsWith('key:') && !test.name.includes('(Azure)'))
      .map((test) => ({ test: test.name, value: test.data.find((item) => item.varName === 'q_item3')?.value ?? null }))
      .filter(({ value }) => value !== null && value !== 'before json');
    expect(stored.length).toBeGreaterThanOrEqual(8);
    const invalid = stored
      .map(({ test: name, value }) => ({ test: name, problems: schemas.problems('OpenAIFile', JSON.parse(value ?? 'null')) }))
      .filter(({ problems }) => problems.length > 0);
    expect(invalid).toEqual([]);
    expect(schemas.problems('OpenAIFile', { object: 'file', id: 'file-1' })).not.toEqual([]);
  });
});

describe('openai-file-upload: what the <test> API cannot see', () => {
  test('the log names the file, the examples found, the request and the new file ID', () => {
    const success = outcomeOf(result, 'OpenAI: one multipart POST to /files (purpose, file); B1 and B2 written');
    expect(success.logs).toContain('A1: "train.jsonl": 10 examples in the chat format');
    expect(success.logs.some((line) => /^A1: file "train\.jsonl", \d+ bytes, application\/jsonl; A2: purpose fine-tune$/.test(line))).toBe(true);
    expect(success.logs).toContain('OpenAI API request: POST https://api.openai.com/v1/files');
    expect(success.logs).toContain('File file-abc123 uploaded (fine-tune)');
    expect(outcomeOf(result, 'training file: A3 on: a file the check would refuse is uploaded as it is').logs).toContain('A3: the content of "train.jsonl" is not checked');
  });

  test('a refused training file sends nothing and writes nothing', () => {
    const refused = result.tests.filter((test) => test.name.startsWith('training file:') && test.stepErrors.length > 0);
    expect(refused.length).toBeGreaterThanOrEqual(18);
    for (const test of refused) {
      expect(test.requests).toEqual([]);
      expect(test.stepErrors[0]).toMatch(/^A1: the (training )?file "/);
      const outputs = test.data.filter((item) => item.varName === 'q_item2' || item.varName === 'q_item3');
      expect(outputs.length).toBeGreaterThanOrEqual(2);
      for (const item of outputs) expect(item.value).toBe(item.varName === 'q_item2' ? 'before id' : 'before json');
    }
  });

  test('the API key appears only in the auth header: not in a log, error, data item, URL or body', () => {
    expectKeyOnlyInAuthHeader(result, 60);
  });
});
