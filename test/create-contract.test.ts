/**
 * The Create add-on against OpenAI's contract: every request body its <test> cases make the step
 * send must validate against `CreateFineTuningJobRequest` (test/fixtures, copied from OpenAI's
 * OpenAPI description), with no property the contract does not define. Also what the <test> API
 * cannot see: the process log, the data items as the step left them, and the API key nowhere.
 */
import type { ValidateFunction } from 'ajv';
import type { JobCreateParams } from 'openai/resources/fine-tuning/jobs/jobs';
import { beforeAll, describe, expect, test } from 'vitest';
import type { RecordedRequest, TestOutcome } from '../src/host/runtime/protocol.js';
import type { AddonResult } from '../src/host/test-addons.js';
import { compileContract } from './support/openapi-schema.js';
import { expectAllPassed, expectKeyOnlyInAuthHeader, outcomeOf, runStepTests } from './support/step-runs.js';

const ADDON = 'addons/openai-ftjob-create.xml';
const SCHEMA_FILE = 'test/fixtures/openai-create-fine-tuning-job-request.schema.json';
const CREATE_URL = /\/fine_tuning\/jobs(\?api-version=[^&]+)?$/;

/** The JSON bodies of every POST to the jobs collection in `tests`, with the test's name. */
function createBodies(tests: TestOutcome[]): { test: string; request: RecordedRequest; body: unknown }[] {
  return tests.flatMap((outcome) =>
    outcome.requests
      .filter((request) => request.method === 'POST' && CREATE_URL.test(request.url))
      .map((request) => ({ test: outcome.name, request, body: JSON.parse(request.body ?? 'null') as unknown })),
  );
}

let result: AddonResult;
let validate: ValidateFunction;

beforeAll(async () => {
  result = await runStepTests(ADDON);
  validate = compileContract(SCHEMA_FILE);
});

describe('openai-ftjob-create: request bodies against CreateFineTuningJobRequest', () => {
  test('every <test> case passes in the local host', () => {
    expectAllPassed(result, 100);
  });

  test('every body sent validates, with only properties the contract defines', () => {
    const bodies = createBodies(result.tests);
    expect(bodies.length).toBeGreaterThanOrEqual(50);
    const invalid = bodies
      .filter(({ body }) => !validate(body))
      .map(({ test: name, body }) => ({ test: name, body, errors: (validate(body), validate.errors) }));
    expect(invalid).toEqual([]);
  });

  test('the bodies cover both methods, every hyperparameter, and every optional field', () => {
    const texts = createBodies(result.tests).map(({ body }) => JSON.stringify(body));
    for (const fragment of [
      '"type":"supervised"', '"type":"dpo"', '"supervised":{"hyperparameters"', '"dpo":{"hyperparameters"',
      '"n_epochs":3', '"n_epochs":"auto"', '"batch_size":256', '"learning_rate_multiplier":0.5', '"beta":2', '"beta":"auto"',
      '"validation_file":"file-def456"', '"suffix":"support-bot"', '"seed":0', '"metadata":{"team":"support"',
    ]) {
      expect(texts.some((text) => text.includes(fragment)), fragment).toBe(true);
    }
  });

  test('every body is sent as application/json, never with a top-level hyperparameters field', () => {
    for (const { request, body } of createBodies(result.tests)) {
      expect(request.contentType).toBe('application/json');
      expect(body).not.toHaveProperty('hyperparameters');
    }
  });

  test('negative controls: the validator refuses what OpenAI would', () => {
    const valid = { model: 'gpt-4o-mini-2024-07-18', training_file: 'file-abc123', method: { type: 'supervised' } };
    expect(validate(valid)).toBe(true);
    expect(validate({ ...valid, temperature: 1 })).toBe(false);
    expect(validate({ ...valid, method: { type: 'supervised', supervised: { hyperparameters: { n_epochs: '3' } } } })).toBe(false);
    expect(validate({ ...valid, method: { type: 'supervised', supervised: { hyperparameters: { n_epochs: 51 } } } })).toBe(false);
    expect(validate({ ...valid, method: { type: 'supervised', supervised: { hyperparameters: { learning_rate_multiplier: 0 } } } })).toBe(false);
    expect(validate({ ...valid, method: { type: 'dpo', dpo: { hyperparameters: { beta: 2.5 } } } })).toBe(false);
    expect(validate({ ...valid, method: { type: 'supervised', supervised: { hyperparameters: { n_epochs: 3, beta: 0.1 } } } })).toBe(false);
    expect(validate({ ...valid, seed: '42' })).toBe(false);
    expect(validate({ ...valid, suffix: 'x'.repeat(65) })).toBe(false);
    expect(validate({ ...valid, metadata: { ticket: 42 } })).toBe(false);
    expect(validate({ training_file: 'file-abc123' })).toBe(false);
  });

  test("OpenAI's types agree (compile time)", () => {
    const typed: JobCreateParams = {
      model: 'gpt-4o-mini-2024-07-18',
      training_file: 'file-abc123',
      method: {
        type: 'supervised',
        supervised: {
          hyperparameters: {
            // @ts-expect-error: OpenAI's types refuse a string n_epochs, as the schema does.
            n_epochs: '3',
          },
        },
      },
    };
    expect(validate(typed)).toBe(false);
  });
});

describe('openai-ftjob-create: what the <test> API cannot see', () => {
  test('success: the log names the job ID, model and status; B1-B3 hold status, ID and JSON', () => {
    const success = outcomeOf(result, 'OpenAI: one POST to /fine_tuning/jobs; B1, B2 and B3 written');
    expect(success.logs).toContain('FtJob ftjob-abc123 created: model gpt-4o-mini-2024-07-18, status validating_files');
    expect(success.logs).toContain(
      'Request body: {"model":"gpt-4o-mini-2024-07-18","training_file":"file-abc123"}',
    );
    const value = (varName: string): string | null => success.data.find((item) => item.varName === varName)?.value ?? null;
    expect(value('q_item1')).toBe('validating_files');
    expect(value('q_item2')).toBe('ftjob-abc123');
    expect(value('q_item3')).toContain('\n  "id": "ftjob-abc123",\n');
  });

  test('failure: the answer body goes to the log, the status and message to the error', () => {
    const html = outcomeOf(result, 'failure: 502 with an HTML page');
    expect(html.logs).toContain('<html><body><h1>502 Bad Gateway</h1></body></html>');
    const quota = outcomeOf(result, 'failure: 429 quota');
    expect(quota.stepErrors).toEqual(['OpenAI API: HTTP 429: You exceeded your current quota, please check your plan and billing details.']);
    expect(quota.logs.some((line) => line.includes('"code":"insufficient_quota"'))).toBe(true);
  });

  test('failure and invalid configs: B1-B3 keep the values they had', () => {
    const failed = result.tests.filter((candidate) => candidate.stepErrors.length > 0);
    expect(failed.length).toBeGreaterThanOrEqual(80);
    for (const candidate of failed) {
      const values = ['q_item1', 'q_item2', 'q_item3'].map((varName) => candidate.data.find((item) => item.varName === varName)?.value);
      expect({ test: candidate.name, values }).toEqual({
        test: candidate.name,
        values: candidate.name === 'invalid config: U1 not chosen' ? [undefined, undefined, undefined] : ['before', 'before id', 'before json'],
      });
    }
  });

  test('validation: no request is sent before every config is valid; each error names its config', () => {
    const invalid = result.tests.filter((candidate) => candidate.name.startsWith('invalid config:'));
    expect(invalid.length).toBeGreaterThanOrEqual(60);
    for (const candidate of invalid) {
      expect(candidate.requests).toEqual([]);
      expect(candidate.stepErrors[0]).toMatch(/^[UAB]\d+: /);
    }
  });

  test('the API key appears only in the auth header: not in a log, error, data item, URL or body', () => {
    expectKeyOnlyInAuthHeader(result, 100);
  });
});
