/**
 * The Cancel add-on's <test> cases, run through the local host, with what the <test> API cannot
 * see: the process log (job ID and status on success, the answer body on failure) and the data
 * items as the step left them.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import type { AddonResult } from '../../src/host/test-addons.js';
import { expectAllPassed, outcomeOf, runStepTests } from '../support/step-runs.js';

let result: AddonResult;

beforeAll(async () => {
  result = await runStepTests('addons/openai-ftjob-cancel.xml');
});

describe('openai-ftjob-cancel', () => {
  test('every <test> case passes in the local host', () => {
    expectAllPassed(result, 40);
  });

  test('success: the log shows the job ID and the status, and B1/B2 hold them', () => {
    const success = outcomeOf(result, 'OpenAI: cancels with one POST and writes B1 and B2');
    expect(success.logs).toContain('A1: FtJob ID: ftjob-abc123');
    expect(success.logs).toContain('FtJob ftjob-abc123: status cancelled');
    expect(success.data.find((item) => item.varName === 'q_item1')?.value).toBe('cancelled');
    expect(JSON.parse(success.data.find((item) => item.varName === 'q_item2')?.value ?? 'null')).toMatchObject({ id: 'ftjob-abc123', status: 'cancelled' });
  });

  test('failure: the answer body goes to the log, the status and message to the error', () => {
    const html = outcomeOf(result, 'failure: 502 with an HTML page');
    expect(html.logs).toContain('<html><body><h1>502 Bad Gateway</h1></body></html>');
    expect(html.stepErrors).toEqual(['OpenAI API: HTTP 502, answered with text/html that is not JSON (a proxy or gateway page?); see the process log']);
    const completed = outcomeOf(result, 'failure: 400 already completed');
    expect(completed.logs.some((line) => line.includes('"message":"Job has already completed: ftjob-abc123"'))).toBe(true);
  });

  test('failure: every data item keeps the value it had', () => {
    const failures = result.tests.filter((candidate) => candidate.stepErrors.length > 0 && candidate.name.startsWith('failure:'));
    expect(failures.length).toBeGreaterThanOrEqual(10);
    for (const failure of failures) {
      expect(failure.data.map((item) => item.value)).toEqual(['before', 'before json']);
    }
  });

  test('validation: no request is sent before every config is valid', () => {
    const invalid = result.tests.filter((candidate) => candidate.name.startsWith('invalid config:'));
    expect(invalid.length).toBeGreaterThanOrEqual(15);
    for (const candidate of invalid) {
      expect(candidate.requests).toEqual([]);
      expect(candidate.stepErrors[0]).toMatch(/^[UAB]\d+: /);
    }
  });

  test('the log never names the API key, only the authorization setting', () => {
    const success = outcomeOf(result, 'OpenAI: cancels with one POST and writes B1 and B2');
    expect(success.logs).toContain('U1: HTTP authorization setting: OpenAI API key');
    for (const line of result.tests.flatMap((candidate) => candidate.logs)) {
      expect(line).not.toContain('sk-test-QADDON');
    }
  });
});
