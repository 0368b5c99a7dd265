/**
 * Property test of the built Create and Cancel add-ons: 10,000 generated runs each (random keys,
 * providers, chosen items, and hostile answers: the key echoed in every encoding at every
 * position, deep nesting, odd ids and statuses, huge bodies and messages, 2xx error envelopes,
 * network failures, other jobs, A2 lookups), all in one <test> block run by the local host on
 * the add-on's own script. For every run: no form of the key in any log line, step error or
 * data item; every error one line of at most 1,000 characters; all chosen items written, or
 * none; the trimmed key sent in the provider's one header and nowhere else in the request.
 *
 * Which steps it drives is a list (DRIVEN below), not a discovery: a run needs what each step
 * reads (A1 is a file ID for Create, a job ID for Cancel), what it writes and how to check it
 * (writeProblem), and the answers it may get (Cancel's A2 lookup) — the generator of
 * test/support/hostile-answers.ts knows those for Create and Cancel. Every other step of
 * src/steps/ must be in NOT_DRIVEN with the reason, so a new step cannot be left out unnoticed.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { readAddonXml } from '../../src/addon/xml-read.js';
import type { TestOutcome } from '../../src/host/runtime/protocol.js';
import { generateCases, joinSegments, STEP_ITEMS, testBlockFor, type HostileCase, type StepName } from '../support/hostile-answers.js';
import { runTests } from '../support/host.js';
import { keyFinder } from '../support/secret-forms.js';

/** Runs per step; the issue asks for at least 10,000. */
const CASES_PER_STEP = Number(process.env['HOSTILE_CASES'] ?? 10000);
const SEED = Number(process.env['HOSTILE_SEED'] ?? 20261123);
/** The time the local host gives all runs of one step. */
const TIME_LIMIT_MS = 240_000;
/** What the steps promise (src/lib/errors.ts, src/lib/log.ts). */
const MESSAGE_LIMIT = 1000;
const LOG_LIMIT = 10000;
const JOB_ID = /^(ftjob|ft)-[A-Za-z0-9_-]{1,128}$/;
/** Every status a job may have (src/lib/job.ts). */
const JOB_STATUS = /^(validating_files|queued|running|succeeded|failed|cancelled|paused|pending|created)$/;

interface Run {
  cases: HostileCase[];
  tests: TestOutcome[];
  seconds: number;
}

function valueOf(test: TestOutcome, config: string): string | null {
  return test.data.find((item) => item.varName === `q_${config}`)?.value ?? null;
}

/** Every text a case's answers carry (bodies, Content-Types, network failure messages). */
function answerTexts(c: HostileCase): string[] {
  return c.answers.map((answer) => ('network' in answer ? joinSegments(answer.network) : `${joinSegments(answer.contentType)}\n${joinSegments(answer.body)}`));
}

/** What is wrong with the written items of a run that succeeded, or null. */
function writeProblem(step: StepName, c: HostileCase, test: TestOutcome): string | null {
  for (const item of c.items) {
    if (valueOf(test, item.config) === `before ${item.config}`) return `${item.config} not written`;
  }
  const status = valueOf(test, 'SelectConfB1');
  if (c.items.some((item) => item.config === 'SelectConfB1') && !JOB_STATUS.test(status ?? '')) return `B1 is not a status: ${status ?? 'null'}`;
  const jsonConfig = step === 'create' ? 'SelectConfB3' : 'SelectConfB2';
  const json = c.items.some((item) => item.config === jsonConfig) ? valueOf(test, jsonConfig) : null;
  const job = json === null ? null : (JSON.parse(json) as { id?: unknown; status?: unknown; training_file?: unknown; validation_file?: unknown });
  if (step === 'create') {
    if (job !== null && (job.training_file !== c.configs['StrConfA1'] || job.validation_file !== null)) return 'B3 is a job on other files than those sent';
    const id = valueOf(test, 'SelectConfB2');
    if (c.items.some((item) => item.config === 'SelectConfB2') && !JOB_ID.test(id ?? '')) return `B2 is not a job ID: ${id ?? 'null'}`;
    if (job !== null && id !== null && c.items.some((item) => item.config === 'SelectConfB2') && job.id !== id) return 'B3 is another job than B2';
  } else if (job !== null && job.id !== c.jobId) {
    return `B2 holds another job: ${String(job.id)}`;
  }
  if (job !== null && status !== null && c.items.some((item) => item.config === 'SelectConfB1') && job.status !== status) return 'B1 and the JSON disagree';
  return null;
}

function describeStep(addon: string, step: StepName): void {
  describe(`${step}: ${CASES_PER_STEP} generated hostile answers`, () => {
    let run: Run;

    beforeAll(async () => {
      const model = readAddonXml(readFileSync(`addons/${addon}.xml`, 'utf8'));
      const cases = generateCases(step, CASES_PER_STEP, SEED + (step === 'cancel' ? 1 : 0));
      const started = performance.now();
      // 10,000 runs in one <test> block, some with bodies of 1 MB: more than the 30 s a normal
      // add-on's tests get, on a loaded machine; the time limit is not what this test is about.
      const tests = await runTests(model.script ?? '', testBlockFor(cases), model.configs, { timeLimitMs: TIME_LIMIT_MS });
      run = { cases, tests, seconds: (performance.now() - started) / 1000 };
      // The figure for the report: how long the local host takes for all runs of this step.
      console.log(`${step}: ${cases.length} cases in ${run.seconds.toFixed(1)} s`);
    }, TIME_LIMIT_MS + 60_000);

    it('runs every case to the end (a step error is an outcome, not a failed test)', () => {
      expect(run.tests).toHaveLength(CASES_PER_STEP);
      expect(run.tests.filter((test) => !test.passed).map((test) => `${test.name}: ${test.error ?? ''}`).slice(0, 5)).toEqual([]);
    });

    it('no form of the key in any log line, step error or data item', () => {
      const leaks: string[] = [];
      run.tests.forEach((test, index) => {
        const c = run.cases[index] as HostileCase;
        const finder = keyFinder(c.key);
        const places: [string, (string | null)[]][] = [
          ['log', test.logs],
          ['step error', test.stepErrors],
          ['data item', test.data.map((item) => item.value)],
        ];
        for (const [place, texts] of places) {
          for (const text of texts) {
            const found = finder.find(text);
            if (found.length > 0) leaks.push(`${test.name} (${c.kind}): ${found.join(', ')} in a ${place}: ${(text ?? '').slice(0, 160)}`);
          }
        }
      });
      expect(leaks.slice(0, 10)).toEqual([]);
    });

    it('every step error is one line of at most 1,000 characters; every log call at most 10,000 and a note', () => {
      const errors = run.tests.flatMap((test) => test.stepErrors);
      expect(errors.filter((message) => /[\r\n\u2028\u2029]/.test(message) || message.length > MESSAGE_LIMIT || message.trim() === '').slice(0, 5)).toEqual([]);
      const longest = Math.max(...run.tests.flatMap((test) => test.logs.map((line) => line.length)));
      expect(longest).toBeLessThanOrEqual(LOG_LIMIT);
    });

    it('all chosen items written, or none', () => {
      const problems: string[] = [];
      run.tests.forEach((test, index) => {
        const c = run.cases[index] as HostileCase;
        if (test.stepErrors.length > 0) {
          const changed = c.items.filter((item) => valueOf(test, item.config) !== `before ${item.config}`);
          if (changed.length > 0) problems.push(`${test.name} (${c.kind}) failed (${test.stepErrors[0] ?? ''}) but wrote ${changed.map((item) => item.config).join(', ')}`);
        } else {
          const problem = writeProblem(step, c, test);
          if (problem !== null) problems.push(`${test.name} (${c.kind}) succeeded but ${problem}`);
        }
      });
      expect(problems.slice(0, 10)).toEqual([]);
    });

    it('sends the trimmed key in the provider\'s one header, and no form of it elsewhere in a request', () => {
      const problems: string[] = [];
      run.tests.forEach((test, index) => {
        const c = run.cases[index] as HostileCase;
        const finder = keyFinder(c.key);
        if (test.requests.length !== 1 && !(c.endedIsFine && test.requests.length === 2)) problems.push(`${test.name}: ${test.requests.length} requests`);
        for (const request of test.requests) {
          const expected = c.azure ? { 'api-key': c.key } : { Authorization: `Bearer ${c.key}` };
          const keyHeaders = Object.fromEntries(Object.entries(request.headers).filter(([name]) => /^(authorization|api-key)$/i.test(name)));
          if (JSON.stringify(keyHeaders) !== JSON.stringify(expected)) problems.push(`${test.name}: key headers ${JSON.stringify(Object.keys(keyHeaders))}`);
          const elsewhere = [request.url, request.body, ...Object.entries(request.headers).filter(([name]) => !/^(authorization|api-key)$/i.test(name)).map(([, value]) => value)];
          if (elsewhere.some((text) => finder.find(text).length > 0)) problems.push(`${test.name}: the key is in the URL, body or another header`);
        }
      });
      expect(problems.slice(0, 10)).toEqual([]);
    });

    it('is adversarial: answers carry the key, and both successes and failures with chosen items occur', () => {
      const echoing = run.cases.filter((c) => answerTexts(c).some((text) => keyFinder(c.key).find(text).length > 0)).length;
      const succeededWriting = run.tests.filter((test, index) => test.stepErrors.length === 0 && (run.cases[index]?.items.length ?? 0) > 0).length;
      const failedAfterAnswer = run.tests.filter((test, index) => test.stepErrors.length > 0 && test.requests.length > 0 && (run.cases[index]?.items.length ?? 0) > 0).length;
      // Runs that fail only once the JSON item's value is ready (too long for a data item) while an
      // item written before it in writeAll's order is chosen: a step writing that item first is caught here.
      const jsonConfig = step === 'create' ? 'SelectConfB3' : 'SelectConfB2';
      const failedLate = run.tests.filter((test, index) => {
        const chosen = run.cases[index]?.items.map((item) => item.config) ?? [];
        const tooLong = test.stepErrors.some((message) => message.startsWith(`${jsonConfig.replace('SelectConf', '')}: the value has `));
        return tooLong && chosen.some((config) => config !== jsonConfig);
      }).length;
      const itemsOf = STEP_ITEMS[step].length;
      console.log(`${step}: ${echoing} answers echo the key; ${succeededWriting} runs wrote items, ${failedAfterAnswer} failed after an answer with items chosen (${itemsOf} items each); ${failedLate} failed on the JSON item with an earlier item chosen`);
      expect(failedLate).toBeGreaterThan(CASES_PER_STEP * 0.003);
      expect(echoing).toBeGreaterThan(CASES_PER_STEP * 0.4);
      expect(succeededWriting).toBeGreaterThan(CASES_PER_STEP * 0.1);
      expect(failedAfterAnswer).toBeGreaterThan(CASES_PER_STEP * 0.3);
    }, 60_000);
  });
}

/** The steps this test drives: the step folder of each generator in test/support/hostile-answers.ts. */
const DRIVEN: Record<string, StepName> = {
  'openai-ftjob-create': 'create',
  'openai-ftjob-cancel': 'cancel',
};

/**
 * The steps it does not drive, and why. Their <test> blocks run the hand-written hostile cases
 * of src/lib/test-support.ts (hostileAnswerCases, keyEchoingField) instead.
 */
const NOT_DRIVEN: Record<string, string> = {
  'openai-file-upload': 'its request is multipart with a file and its answer a file object, which the generator does not make',
  'openai-ftjob-wait': 'main() and proceed() return false while the job runs and count transient failures in temporary data, which a one-call run does not cover',
};

describe('which steps this test drives', () => {
  it('every step of src/steps/ is driven or listed with the reason it is not', () => {
    const steps = readdirSync('src/steps', { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && entry.name !== 'shared')
      .map((entry) => entry.name)
      .sort();
    const unlisted = steps.filter((name) => !(name in DRIVEN) && !(name in NOT_DRIVEN));
    expect(
      unlisted,
      'test/steps/hostile-answers.test.ts: add each step to DRIVEN (a generator in test/support/hostile-answers.ts: ' +
        'a StepName, its STEP_ITEMS, its configs in randomConfigs, the job ID of A1 in generateCases, its write checks in writeProblem) ' +
        'or to NOT_DRIVEN with the reason (README.md, "Adding a step")',
    ).toEqual([]);
    expect([...Object.keys(DRIVEN), ...Object.keys(NOT_DRIVEN)].filter((name) => !steps.includes(name))).toEqual([]);
  });
});

for (const [addon, step] of Object.entries(DRIVEN)) describeStep(addon, step);
