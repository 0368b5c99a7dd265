/**
 * Every built add-on's own <test> block, run in the local host (Node tier), and what the runs
 * must never show: an API key anywhere but in the request that carries it, and a failed step
 * that wrote its result anyway.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TestOutcome } from '../src/host/runtime/protocol.js';
import type { AddonResult } from '../src/host/test-addons.js';
import { inNode } from './support/tiers.js';

const ROOT = join(import.meta.dirname, '..');
const FILES = readdirSync(join(ROOT, 'addons'))
  .filter((name) => name.endsWith('.xml'))
  .sort()
  .map((name) => join(ROOT, 'addons', name));

/** A token shorter than this (a blank one, set to test the "no token" error) is no secret to look for. */
const MIN_SECRET_LENGTH = 8;

/** The statuses of a fine-tuning job (OpenAI FineTuningJob.status). */
const JOB_STATUSES = new Set(['validating_files', 'queued', 'running', 'succeeded', 'failed', 'cancelled']);

/** A value a step writes from an answer: a job's status, a file's ID, or the job or file as JSON. */
function looksLikeJobOutput(value: string | null): boolean {
  if (value === null) return false;
  if (JOB_STATUSES.has(value) || /^file-[A-Za-z0-9_-]+$/.test(value)) return true;
  try {
    const parsed = JSON.parse(value) as unknown;
    const object = typeof parsed === 'object' && parsed !== null ? (parsed as { object?: unknown }).object : undefined;
    return object === 'fine_tuning.job' || object === 'file';
  } catch {
    return false;
  }
}

let results: AddonResult[];
let outcomes: { addon: string; test: TestOutcome }[];

beforeAll(async () => {
  results = await inNode(FILES);
  outcomes = results.flatMap((result) => result.tests.map((test) => ({ addon: result.name, test })));
});

describe('the <test> block of every add-on in addons/ passes in the local host', () => {
  it('finds add-ons', () => {
    expect(FILES.length).toBeGreaterThan(0);
  });

  it.each(FILES)('%s', (file) => {
    const result = results.find((candidate) => candidate.file === file);
    expect(result?.loadError).toBeNull();
    expect(result?.tests.length).toBeGreaterThanOrEqual(1);
    const failed = (result?.tests ?? []).filter((test) => !test.passed).map((test) => `${test.name}: ${test.error ?? ''}`);
    expect(failed).toEqual([]);
  });
});

describe('API keys stay secret', () => {
  function secretsOf(test: TestOutcome): string[] {
    return test.secrets.filter((secret) => secret.trim().length >= MIN_SECRET_LENGTH);
  }

  it('no secret appears in a log line, a step error, a data item, a test error, a URL or a request body', () => {
    const leaks: string[] = [];
    for (const { addon, test } of outcomes) {
      for (const secret of secretsOf(test)) {
        const places: [string, (string | null)[]][] = [
          ['log', test.logs],
          ['step error', test.stepErrors],
          ['data item', test.data.map((item) => item.value)],
          ['test error', [test.error]],
          ['URL', test.requests.map((request) => request.url)],
          ['request body', test.requests.map((request) => request.body)],
        ];
        for (const [place, texts] of places) {
          if (texts.some((text) => text?.includes(secret))) leaks.push(`${addon} / ${test.name}: the key is in a ${place}`);
        }
      }
    }
    expect(leaks).toEqual([]);
  });

  it('the check is not vacuous: the tests do use keys, and the keys are sent in request headers', () => {
    const carried = outcomes.filter(({ test }) =>
      secretsOf(test).some((secret) =>
        test.requests.some((request) => Object.values(request.headers).some((value) => value.includes(secret))),
      ),
    );
    expect(carried.length).toBeGreaterThan(0);
    // Each add-on that sends requests carries a key in at least one of them.
    for (const result of results) {
      const sends = result.tests.some((test) => test.requests.length > 0);
      if (sends) expect(carried.some(({ addon }) => addon === result.name), result.name).toBe(true);
    }
  });
});

describe('a failed step writes nothing', () => {
  const failedSteps = (): { addon: string; test: TestOutcome }[] => outcomes.filter(({ test }) => test.stepErrors.length > 0);

  it('no data item holds a job status or a job as JSON after main() failed', () => {
    const written = failedSteps().flatMap(({ addon, test }) =>
      test.data.filter((item) => looksLikeJobOutput(item.value)).map((item) => `${addon} / ${test.name}: ${item.name} = ${item.value ?? ''}`),
    );
    expect(written).toEqual([]);
  });

  it('the check is not vacuous: failed steps had data items, some after a job was received, and successes do write', () => {
    const failed = failedSteps();
    expect(failed.filter(({ test }) => test.data.length > 0).length).toBeGreaterThan(0);
    // A step that failed after an answer holding a job (e.g. a job that has not ended) had something to write.
    expect(failed.some(({ test }) => test.data.length > 0 && test.requests.length > 0)).toBe(true);
    // The detector does see what a step writes: successful runs leave job output behind.
    const succeeded = outcomes.filter(({ test }) => test.passed && test.stepErrors.length === 0);
    expect(succeeded.some(({ test }) => test.data.some((item) => looksLikeJobOutput(item.value)))).toBe(true);
  });
});
