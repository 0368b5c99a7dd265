/**
 * A built step's <test> cases run in the local host (Node tier), for the vitest files that look
 * at what the <test> API cannot see: the process log, the data items as the step left them, the
 * requests as recorded, the API key's whereabouts.
 */
import { expect } from 'vitest';
import type { TestOutcome } from '../../src/host/runtime/protocol.js';
import type { AddonResult } from '../../src/host/test-addons.js';
import { inNode } from './tiers.js';

/** The API key of every step's <test> cases (API_KEY of src/lib/test-support.ts). */
export const STEP_API_KEY = 'sk-test-QADDON-0123456789abcdef';

/** The <test> cases of the add-on `file` (like addons/openai-ftjob-wait.xml), run in the Node tier (once per run: the tier service's). */
export async function runStepTests(file: string): Promise<AddonResult> {
  const [result] = await inNode([file]);
  return result as AddonResult;
}

/** The outcome of the test named `name`; an error when no such test ran. */
export function outcomeOf(result: AddonResult, name: string): TestOutcome {
  const found = result.tests.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`${result.name}: no test named ${name}`);
  return found;
}

/** The add-on loaded, at least `min` tests ran, every one passed, and no two share a name. */
export function expectAllPassed(result: AddonResult, min: number): void {
  expect(result.loadError).toBeNull();
  expect(result.tests.length).toBeGreaterThanOrEqual(min);
  expect(result.tests.filter((candidate) => !candidate.passed)).toEqual([]);
  const names = result.tests.map((candidate) => candidate.name);
  expect(names.filter((name, index) => names.indexOf(name) !== index)).toEqual([]);
}

/**
 * At least `min` tests gave the step STEP_API_KEY, and in no test is it in a log line, a step
 * error, a data item, a URL or a request body (only in the auth header, which is not recorded).
 */
export function expectKeyOnlyInAuthHeader(result: AddonResult, min: number): void {
  expect(result.tests.filter((candidate) => candidate.secrets.includes(STEP_API_KEY)).length).toBeGreaterThanOrEqual(min);
  for (const candidate of result.tests) {
    const visible = [
      ...candidate.logs,
      ...candidate.stepErrors,
      ...candidate.data.map((item) => item.value ?? ''),
      ...candidate.requests.map((request) => `${request.url} ${request.body ?? ''}`),
    ];
    for (const text of visible) expect(text, candidate.name).not.toContain(STEP_API_KEY);
  }
}
