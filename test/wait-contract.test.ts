/**
 * The Wait add-on against OpenAI's contract: every request its <test> cases make the step send is
 * `GET /fine_tuning/jobs/{fine_tuning_job_id}` (retrieveFineTuningJob, test/fixtures) with no
 * body, and every job the step stores validates against `FineTuningJob`. Also what the <test>
 * API cannot see: the process log of each call.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, test } from 'vitest';
import type { TestOutcome } from '../src/host/runtime/protocol.js';
import type { AddonResult } from '../src/host/test-addons.js';
import { responseSchemas, type ResponseSchemas } from './support/openapi-schema.js';
import { expectAllPassed, expectKeyOnlyInAuthHeader, outcomeOf, runStepTests } from './support/step-runs.js';

type JsonObject = Record<string, unknown>;

const ADDON = 'addons/openai-ftjob-wait.xml';
const PATHS = JSON.parse(readFileSync('test/fixtures/openai-files-and-job-paths.json', 'utf8')) as {
  servers: { url: string }[];
  paths: Record<string, Record<string, JsonObject>>;
};
const TEMPLATE = '/fine_tuning/jobs/{fine_tuning_job_id}';

/**
 * The job ID in `url` when it is the retrieve operation: `{base}/fine_tuning/jobs/{id}` below any
 * https base (OpenAI's server, a gateway), or `{resource}/openai/fine_tuning/jobs/{id}?api-version=…`
 * (Azure OpenAI); otherwise null.
 */
function jobIdOf(url: string): string | null {
  const path = TEMPLATE.replace('{fine_tuning_job_id}', '([A-Za-z0-9_-]+)');
  const match = new RegExp(`^https://[^/?#@]+(/[^?#]*)?${path}(\\?api-version=\\d{4}-\\d{2}-\\d{2}(-preview)?)?$`).exec(url);
  if (!match) return null;
  const azure = match[3] !== undefined;
  if (azure !== (match[1] ?? '').endsWith('/openai')) return null;
  return match[2] ?? null;
}

let result: AddonResult;
let schemas: ResponseSchemas;

function item(test: TestOutcome, varName: string): string | null {
  return test.data.find((candidate) => candidate.varName === varName)?.value ?? null;
}

beforeAll(async () => {
  result = await runStepTests(ADDON);
  schemas = responseSchemas('openai');
});

describe('openai-ftjob-wait: requests against retrieveFineTuningJob', () => {
  test('every <test> case passes in the local host', () => {
    expectAllPassed(result, 80);
  });

  test('the contract has the operation: GET, the job ID as a path parameter, no request body', () => {
    const operation = PATHS.paths[TEMPLATE]?.['get'];
    expect(operation?.['operationId']).toBe('retrieveFineTuningJob');
    expect(operation?.['requestBody']).toBeUndefined();
    expect(operation?.['parameters']).toMatchObject([{ in: 'path', name: 'fine_tuning_job_id', required: true }]);
  });

  test('every request is that operation, with no body, for the job of A1', () => {
    const requests = result.tests.flatMap((test) => test.requests.map((request) => ({ test: test.name, request })));
    expect(requests.length).toBeGreaterThanOrEqual(120);
    const wrong = requests.filter(({ request }) => request.method !== 'GET' || request.body !== null || jobIdOf(request.url) !== 'ftjob-abc123');
    expect(wrong.map(({ test, request }) => `${test}: ${request.method} ${request.url}`)).toEqual([]);
    // The negative control: the matcher refuses what the contract does not define.
    expect(jobIdOf('https://api.openai.com/v1/fine_tuning/jobs/ftjob-abc123/cancel')).toBeNull();
    expect(jobIdOf('https://api.openai.com/v1/fine_tuning/jobs')).toBeNull();
    expect(jobIdOf('https://api.openai.com/v1/fine_tuning/jobs/ftjob-abc123?api-version=2024-10-21')).toBeNull();
    expect(jobIdOf(`${PATHS.servers[0]?.url ?? ''}/fine_tuning/jobs/ftjob-abc123`)).toBe('ftjob-abc123');
  });

  test('every job stored in B5 validates against FineTuningJob (the answers the tests give are the contract\'s)', () => {
    const stored = result.tests
      .map((test) => ({ test: test.name, value: item(test, 'q_item5') }))
      // The key-echo tests add fields on purpose.
      .filter(({ test, value }) => value !== null && value !== 'before json' && !test.startsWith('key:'));
    expect(stored.length).toBeGreaterThanOrEqual(20);
    const invalid = stored
      .map(({ test, value }) => ({ test, problems: schemas.problems('FineTuningJob', JSON.parse(value ?? 'null')) }))
      .filter(({ problems }) => problems.length > 0);
    expect(invalid).toEqual([]);
    expect(schemas.problems('FineTuningJob', { object: 'fine_tuning.job', id: 'ftjob-1', status: 'succeeded' })).not.toEqual([]);
  });
});

describe('openai-ftjob-wait: what the <test> API cannot see', () => {
  test('each call logs its request and answer; the end names the status and the model', () => {
    const walk = outcomeOf(result, 'walk: validating_files -> queued -> running -> succeeded; B1 follows, B2-B5 at the end');
    expect(walk.logs.filter((line) => line === 'OpenAI API request: GET https://api.openai.com/v1/fine_tuning/jobs/ftjob-abc123')).toHaveLength(4);
    expect(walk.logs).toContain('FtJob ftjob-abc123: status queued; not ended yet, the step will look again');
    expect(walk.logs).toContain('FtJob ftjob-abc123: ended with status succeeded, model ft:gpt-4o-mini-2024-07-18:my-org:support:abc123');
    // The connection is described once, by main(), not at every call.
    expect(walk.logs.filter((line) => line.startsWith('U1: '))).toHaveLength(1);
  });

  test('a transient failure is logged with its count; the last one fails with the count', () => {
    const limit = outcomeOf(result, 'transient: 429 rate limit 5 times in a row: the 5th call fails');
    expect(limit.logs).toContain('OpenAI API: HTTP 429: Rate limit reached for requests (transient failure 1 of 5 in a row; the step will ask again)');
    expect(limit.logs).toContain('OpenAI API: HTTP 429: Rate limit reached for requests (transient failure 4 of 5 in a row; the step will ask again)');
    expect(limit.stepErrors).toEqual(['OpenAI API: HTTP 429: Rate limit reached for requests (5 failures in a row while waiting; the step gives up)']);
  });

  test('a rejected answer goes to the log', () => {
    const other = outcomeOf(result, 'permanent: 200 another job at main(): fails at once, nothing written');
    expect(other.logs.some((line) => line.includes('"id":"ftjob-zzz999"'))).toBe(true);
    const html = outcomeOf(result, 'transient: 502 with an HTML page at main(): false (ask again), nothing written');
    expect(html.logs).toContain('<html><body><h1>502 Bad Gateway</h1></body></html>');
  });

  test('the API key appears only in the auth header: not in a log, error, data item, URL or body', () => {
    expectKeyOnlyInAuthHeader(result, 80);
  });
});
