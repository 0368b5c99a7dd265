/**
 * The <test> cases of both add-ons, seen where the <test> API cannot look: the process log. No
 * form of any test's key (raw in any case, escaped, encoded, HTML references, base64, hex, a
 * long piece) in a log line, a step error or a data item; the answers that fail a step are in
 * the log, concealed and capped; nothing is logged from an answer the step refused as a job.
 * In both tiers: the Node tier, and GraalJS (skipped, with the reason, where no JDK >= 22 or
 * Maven is found; with REQUIRE_GRAALJS=1, as CI sets it, test/tiers/graaljs-tier.test.ts fails).
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { findGraalToolchain } from '../../src/host/graaljs.js';
import type { TestOutcome } from '../../src/host/runtime/protocol.js';
import type { AddonResult } from '../../src/host/test-addons.js';
import { inGraalJs, inNode } from '../support/tiers.js';
import { keyFinder } from '../support/secret-forms.js';
import { STEP_API_KEY as API_KEY, outcomeOf } from '../support/step-runs.js';

const ADDONS = ['addons/openai-ftjob-cancel.xml', 'addons/openai-ftjob-create.xml'];
const MARK = '[API key]';

const toolchain = findGraalToolchain();
const graalMissing = 'missing' in toolchain ? toolchain.missing : undefined;

/** The tiers the checks run in: [name, how to run the add-ons, why the tier is skipped (undefined: it runs)]. */
const TIERS: [string, (files: string[]) => Promise<AddonResult[]>, string | undefined][] = [
  ['Node tier', (files) => inNode(files), undefined],
  ['GraalJS tier', (files) => inGraalJs(files), graalMissing],
];

test('the finder sees every encoding the <test> cases echo (it is not blind)', () => {
  const finder = keyFinder(API_KEY);
  const echoes = [
    API_KEY.toUpperCase(),
    API_KEY.split('').map((char) => `\\u00${char.charCodeAt(0).toString(16)}`).join(''),
    encodeURIComponent(API_KEY).replace(/[a-z]/gi, (char) => `%${char.charCodeAt(0).toString(16)}`),
    Buffer.from(`x${API_KEY}`).toString('base64'),
    Buffer.from(`xy${API_KEY}`).toString('base64url'),
    Buffer.from(API_KEY).toString('hex'),
    API_KEY.split('').map((char) => `&#${char.charCodeAt(0)};`).join(''),
    API_KEY.split('').map((char) => `&#x${char.charCodeAt(0).toString(16)};`).join(''),
    API_KEY.slice(0, 25),
  ];
  for (const echo of echoes) expect(finder.find(`before ${echo} after`), echo).not.toEqual([]);
  expect(finder.find(`before ${MARK} after sk-test***cdef`)).toEqual([]);
});

describe.each(TIERS)('%s', (_tier, runTier, missing) => {
  describe.skipIf(missing !== undefined)(missing === undefined ? 'runs' : `skipped: ${missing}`, () => {
    let results: AddonResult[];

    beforeAll(async () => {
      results = await runTier(ADDONS);
    }, 600_000);

    describe('the key in every form stays out of logs, errors and data items', () => {
      test.each(ADDONS)('%s: no test leaves a form of its key in a log line, a step error or a data item', (file) => {
        const result = results.find((candidate) => candidate.file === file) as AddonResult;
        expect(result.loadError).toBeNull();
        const leaks: string[] = [];
        for (const test of result.tests) {
          for (const secret of test.secrets.map((token) => token.trim()).filter((token) => token.length >= 8)) {
            const finder = keyFinder(secret);
            const texts = [...test.logs, ...test.stepErrors, ...test.data.map((item) => item.value)];
            for (const text of texts) {
              const found = finder.find(text);
              if (found.length > 0) leaks.push(`${test.name}: ${found.join(', ')}: ${(text ?? '').slice(0, 120)}`);
            }
          }
        }
        expect(leaks).toEqual([]);
        // Not vacuous: the cases do make answers echo the key, and the steps did conceal it.
        const concealed = result.tests.filter((test) => [...test.logs, ...test.stepErrors].some((text) => text.includes(MARK)));
        expect(concealed.length).toBeGreaterThan(20);
      });
    });

    describe.each(ADDONS)('%s: what the log shows', (file) => {
      let result: AddonResult;
      beforeAll(() => {
        result = results.find((candidate) => candidate.file === file) as AddonResult;
      });

      test('a body of 3,975 characters then the key: logged whole, the key concealed, not cut into', () => {
        const run = outcomeOf(result, 'failure: 500 body of 3,975 characters, then the key (not JSON)');
        expect(run.logs).toContain(`${'x'.repeat(3975)}${MARK}`);
      });

      test('a JSON-escaped echo is concealed in the logged body', () => {
        const run = outcomeOf(result, 'failure: 401 echoing the key JSON-escaped in the body');
        expect(run.logs).toContain(`{"error":{"message":"Incorrect API key provided: ${MARK}","type":"invalid_request_error"}}`);
      });

      test('a 2xx error envelope: the body is in the log, the message in the error', () => {
        const run = outcomeOf(result, 'failure: 200 error envelope');
        expect(run.logs.some((line) => line.includes('"message":"quota exceeded"'))).toBe(true);
        expect(run.stepErrors).toEqual(['OpenAI API: HTTP 200, but answered with an error: quota exceeded']);
      });

      test('an answer refused as a job: its body is in the log, and no "FtJob …" line', () => {
        for (const name of ['failure: 200 job whose status is the key', 'failure: 200 job whose id has a line break', 'failure: 200 job without id']) {
          const run = outcomeOf(result, name);
          expect(run.logs.some((line) => line.startsWith('{"object":"fine_tuning.job"')), name).toBe(true);
          expect(run.logs.filter((line) => line.startsWith('FtJob ')), name).toEqual([]);
        }
      });

      test('a 1 MB message: the logged body is cut at 10,000 characters and says how long it was', () => {
        const run = outcomeOf(result, 'failure: 400 message of 1 MB: one line of 1,000 characters');
        const body = run.logs.find((line) => line.startsWith('{"error":'));
        expect(body?.length).toBeLessThanOrEqual(10000);
        expect(body).toMatch(/… \(cut; 1000\d{3} characters in all\)$/);
      });

      test('every log call of every test is at most 10,000 characters', () => {
        expect(Math.max(...result.tests.flatMap((test) => test.logs.map((line) => line.length)))).toBeLessThanOrEqual(10000);
      });

      test('a job echoing the key: written with the key concealed, and the log says so', () => {
        const run = result.tests.find((test) => test.name.startsWith('success: the key echoed in a job field is concealed')) as TestOutcome;
        expect(run.stepErrors).toEqual([]);
        expect(run.logs.some((line) => /^item \d: the API key was removed from the value$/.test(line))).toBe(true);
      });
    });
  });
});
