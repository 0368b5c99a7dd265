/**
 * The <test> block of "OpenAI #FtJob: Wait": main() and then proceed() against a sequence of
 * answers, as the engine calls them: the walk of a job to each end (succeeded, failed,
 * cancelled) with A2 on and off, transient failures up to the limit and the reset after a
 * success, permanent failures, another job's answer, Azure OpenAI. Each case checks the
 * requests sent, the value each call returns, and the data items after each call.
 */
import {
  API_KEY, AZURE_HEADERS, INVALID_CONNECTION_CASES, INVALID_ENDPOINT_CASES, NOT_A_STATUS, invalidJobIdCases, commonFailureCases, hostileAnswerCases, testInvalidConfigCases, testInvalidTokenCases, testU1NotChosen,
  testPastedKeyCases, testValidEndpointCases, type FailureCase, type InvalidConfigCase, OPENAI_HEADERS, assertRequest, assertStepError, errorResponse, jobObject, jsonResponse, prepareAuth, prepareStringItem,
  putConfigs, recordRequests, keyEchoingField, assertEchoesConcealed, tooLongForItem, assertCallError, answerWith, type Answer, assertRefusedBeforeSending,
} from '../../lib/test-support';

const JOB_ID = 'ftjob-abc123';
const JOB_URL = `https://api.openai.com/v1/fine_tuning/jobs/${JOB_ID}`;
const AZURE = 'https://my-resource.openai.azure.com';
const AZURE_JOB_URL = `${AZURE}/openai/fine_tuning/jobs/${JOB_ID}?api-version=2024-10-21`;
const MODEL = 'ft:gpt-4o-mini-2024-07-18:my-org:support:abc123';
/** The bound documented in the README: this many transient failures in a row fail the step. */
const LIMIT = 5;

const JOB_ERROR = { code: 'invalid_training_file', message: 'The training file has 3 examples; at least 10 are required.', param: 'training_file' };

function job(status: string, changes: Record<string, unknown> = {}): Record<string, unknown> {
  return jobObject({ id: JOB_ID, status, ...changes });
}

const SUCCEEDED = job('succeeded', { fine_tuned_model: MODEL, trained_tokens: 123456, finished_at: 1721768400 });
const FAILED = job('failed', { error: JOB_ERROR, finished_at: 1721768400 });
const CANCELLED = job('cancelled', { finished_at: 1721768400 });

/** Data items B1–B5 (null: not chosen), holding values a call that fails must leave as they are. */
interface Items {
  status: DataDefinitionView | null;
  model: DataDefinitionView;
  tokens: DataDefinitionView;
  error: DataDefinitionView;
  json: DataDefinitionView;
}

/**
 * U1 and A1 set, B1–B5 chosen (B1 only when `withStatus`: a test whose last call fails after
 * earlier calls wrote B1 leaves it out); `changes` overrides or adds string configs.
 */
function prepare(changes: Record<string, string> = {}, withStatus = true): Items {
  prepareAuth();
  putConfigs({ StrConfA1: JOB_ID, ...changes });
  const tokens = engine.createDataDefinition('item 3', 3, 'q_item3', 'DECIMAL');
  engine.setData(tokens, 7);
  configs.putObject('SelectConfB3', tokens);
  return {
    status: withStatus ? prepareStringItem('SelectConfB1', 1, 'STRING_TEXTFIELD', 'before') : null,
    model: prepareStringItem('SelectConfB2', 2, 'STRING_TEXTFIELD', 'before model'),
    tokens,
    error: prepareStringItem('SelectConfB4', 4, 'STRING_TEXTAREA', 'before error'),
    json: prepareStringItem('SelectConfB5', 5, 'STRING_TEXTAREA', 'before json'),
  };
}

/** B2–B5 as they were; B1 holds `status` (what an earlier call wrote, or 'before'). */
function assertUnchanged(items: Items, status = 'before'): void {
  if (items.status !== null) expect(engine.findData(items.status)).toEqual(status);
  expect(engine.findData(items.model)).toEqual('before model');
  expect(String(engine.findData(items.tokens))).toEqual('7');
  expect(engine.findData(items.error)).toEqual('before error');
  expect(engine.findData(items.json)).toEqual('before json');
}

/** What a job that ended leaves in B1–B5. */
function assertEnded(items: Items, ended: Record<string, unknown>, model: string, tokens: string | null, error: string): void {
  if (items.status !== null) expect(engine.findData(items.status)).toEqual(ended['status']);
  expect(engine.findData(items.model)).toEqual(model);
  const tokenValue = engine.findData(items.tokens);
  expect(tokenValue === null ? null : String(tokenValue)).toEqual(tokens);
  expect(engine.findData(items.error)).toEqual(error);
  expect(JSON.parse(String(engine.findData(items.json)))).toEqual(ended);
}

/** Answers the requests in turn and records them. */
function answerInTurn(answers: Answer[]): TestHttpRequest[] {
  return recordRequests((request, index) => {
    const answer = answers[index];
    if (answer === undefined) fail(`request ${index + 1} (${request.method} ${request.url}) was not expected`);
    return answerWith(answer);
  });
}

function assertEveryRequest(requests: TestHttpRequest[], count: number, url: string, headers: Record<string, string | null>): void {
  expect(requests.length).toEqual(count);
  for (const request of requests) {
    assertRequest(request, 'GET', url, headers);
    expect(request.body ?? null).toEqual(null);
  }
}

/** prepare() with `changes` (the `arrange` of the shared cases); returns the check that B1–B5 are as they were. */
function arrangeUnchanged(changes: Record<string, string> = {}): () => void {
  const items = prepare(changes);
  return () => assertUnchanged(items);
}

//// == Validation: each error names its config, and nothing is sent ==

const invalidConfigs: InvalidConfigCase[] = [
  ...invalidJobIdCases(),
  ...INVALID_CONNECTION_CASES,
  ...INVALID_ENDPOINT_CASES,
];

testInvalidConfigCases(invalidConfigs, arrangeUnchanged);

testInvalidTokenCases(arrangeUnchanged);

testU1NotChosen({ StrConfA1: JOB_ID });

const wrongItems: [string, string, string, string][] = [
  ['SelectConfB1', 'STRING_TEXTAREA', 'B1', 'is not a single-line string item; choose a single-line string data item'],
  ['SelectConfB2', 'STRING_TEXTAREA', 'B2', 'is not a single-line string item; choose a single-line string data item'],
  ['SelectConfB3', 'STRING_TEXTFIELD', 'B3', 'is not a numeric item; choose a numeric data item'],
  ['SelectConfB4', 'DECIMAL', 'B4', 'is not a string item; choose a string data item'],
  ['SelectConfB5', 'STRING_TEXTFIELD', 'B5', 'is not a multi-line string item; choose a multi-line string data item'],
];

for (const [configName, dataType, key, problem] of wrongItems) {
  test(`invalid config: ${key} is a ${dataType} item`, () => {
    prepare();
    const item = engine.createDataDefinition('item 9', 9, 'q_item9', dataType);
    configs.putObject(configName, item);
    assertRefusedBeforeSending(`${key}: the data item "item 9" ${problem}`);
  });
}

test('invalid config: proceed() checks the configs again before sending', () => {
  const items = prepare({}, false);
  const requests = answerInTurn([jsonResponse(200, job('running'))]);
  expect(main()).toEqual(false);
  configs.put('StrConfA1', 'ftjob-abc/../x');
  assertCallError(proceed, 'A1: "ftjob-abc/../x" is not a fine-tuning job ID; an ID looks like ftjob-abc123 (letters, digits, "-" and "_" only)');
  expect(requests.length).toEqual(1);
  assertUnchanged(items);
});

//// == The walk of a job: main() and proceed() until it has ended ==

test('walk: validating_files -> queued -> running -> succeeded; B1 follows, B2-B5 at the end', () => {
  const items = prepare();
  const requests = answerInTurn([
    jsonResponse(200, job('validating_files')),
    jsonResponse(200, job('queued')),
    jsonResponse(200, job('running', { estimated_finish: 1721768000 })),
    jsonResponse(200, SUCCEEDED),
  ]);
  expect(main()).toEqual(false);
  assertUnchanged(items, 'validating_files');
  expect(proceed()).toEqual(false);
  assertUnchanged(items, 'queued');
  expect(proceed()).toEqual(false);
  assertUnchanged(items, 'running');
  expect(proceed()).toEqual(true);
  assertEveryRequest(requests, 4, JOB_URL, OPENAI_HEADERS);
  assertEnded(items, SUCCEEDED, MODEL, '123456', '');
});

test('walk: a job that has already succeeded ends at main()', () => {
  const items = prepare({ StrConfA1: ` ${JOB_ID}\n` });
  const requests = answerInTurn([jsonResponse(200, SUCCEEDED)]);
  expect(main()).toEqual(true);
  assertEveryRequest(requests, 1, JOB_URL, OPENAI_HEADERS);
  assertEnded(items, SUCCEEDED, MODEL, '123456', '');
});

test('walk: paused keeps the step waiting, then running, then succeeded', () => {
  const items = prepare();
  answerInTurn([jsonResponse(200, job('paused')), jsonResponse(200, job('running')), jsonResponse(200, SUCCEEDED)]);
  expect(main()).toEqual(false);
  assertUnchanged(items, 'paused');
  expect(proceed()).toEqual(false);
  expect(proceed()).toEqual(true);
  assertEnded(items, SUCCEEDED, MODEL, '123456', '');
});

test('walk: organization and project are sent on every call', () => {
  prepare({ StrConfU2: 'org-abc123', StrConfU3: 'proj_abc123' });
  const requests = answerInTurn([jsonResponse(200, job('queued')), jsonResponse(200, SUCCEEDED)]);
  expect(main()).toEqual(false);
  expect(proceed()).toEqual(true);
  assertEveryRequest(requests, 2, JOB_URL, { Authorization: `Bearer ${API_KEY}`, 'OpenAI-Organization': 'org-abc123', 'OpenAI-Project': 'proj_abc123' });
});

test('walk: no data item chosen: the step still waits and ends', () => {
  prepareAuth();
  putConfigs({ StrConfA1: JOB_ID });
  const requests = answerInTurn([jsonResponse(200, job('running')), jsonResponse(200, SUCCEEDED)]);
  expect(main()).toEqual(false);
  expect(proceed()).toEqual(true);
  expect(requests.length).toEqual(2);
});

test('walk: B4 may be a single-line item; a succeeded job leaves it empty', () => {
  const items = prepare();
  const error = prepareStringItem('SelectConfB4', 6, 'STRING_TEXTFIELD', 'before error');
  answerInTurn([jsonResponse(200, SUCCEEDED)]);
  expect(main()).toEqual(true);
  expect(engine.findData(error)).toEqual('');
  expect(engine.findData(items.model)).toEqual(MODEL);
});

test('walk: Azure OpenAI pending -> created -> running -> succeeded; api-key header, api-version', () => {
  const items = prepare({ StrConfU4: AZURE, StrConfU2: 'org-abc123' });
  const azureModel = 'gpt-4o-mini-2024-07-18.ft-0123456789abcdef';
  const done = job('succeeded', { fine_tuned_model: azureModel, trained_tokens: 2048, hyperparameters: { n_epochs: 3, batch_size: 1, learning_rate_multiplier: 1 } });
  const requests = answerInTurn([
    jsonResponse(200, job('pending')),
    jsonResponse(200, job('created')),
    jsonResponse(200, job('running')),
    jsonResponse(200, done),
  ]);
  expect(main()).toEqual(false);
  assertUnchanged(items, 'pending');
  expect(proceed()).toEqual(false);
  assertUnchanged(items, 'created');
  expect(proceed()).toEqual(false);
  expect(proceed()).toEqual(true);
  assertEveryRequest(requests, 4, AZURE_JOB_URL, AZURE_HEADERS);
  assertEnded(items, done, azureModel, '2048', '');
});

test('walk: Azure OpenAI endpoint with /openai/ and an API version from U5', () => {
  prepare({ StrConfU4: `${AZURE}/openai/`, StrConfU5: '2025-04-01-preview' });
  const requests = answerInTurn([jsonResponse(200, SUCCEEDED)]);
  expect(main()).toEqual(true);
  assertEveryRequest(requests, 1, `${AZURE}/openai/fine_tuning/jobs/${JOB_ID}?api-version=2025-04-01-preview`, AZURE_HEADERS);
});

//// == A job that ends failed or cancelled: A2 off writes the outcome, A2 on fails the step ==

test('A2 off: running -> failed; the outcome is written and the step ends normally', () => {
  const items = prepare();
  answerInTurn([jsonResponse(200, job('running')), jsonResponse(200, FAILED)]);
  expect(main()).toEqual(false);
  expect(proceed()).toEqual(true);
  assertEnded(items, FAILED, '', null, `${JOB_ERROR.message} (${JOB_ERROR.code})`);
});

test('A2 off: running -> cancelled; the outcome is written and the step ends normally', () => {
  const items = prepare();
  answerInTurn([jsonResponse(200, job('running')), jsonResponse(200, CANCELLED)]);
  expect(main()).toEqual(false);
  expect(proceed()).toEqual(true);
  assertEnded(items, CANCELLED, '', null, '');
});

test('A2 off: a failed job with trained tokens and no error object', () => {
  const items = prepare();
  const failed = job('failed', { trained_tokens: 500, error: null });
  answerInTurn([jsonResponse(200, failed)]);
  expect(main()).toEqual(true);
  assertEnded(items, failed, '', '500', '');
});

test('A2 off: an error message of several lines is one line in a single-line B4, kept in a multi-line one', () => {
  const items = prepare();
  const failed = job('failed', { error: { code: 'invalid_training_file', message: 'Line 3:\n  missing "messages"\r\nLine 9: not JSON', param: null } });
  answerInTurn([jsonResponse(200, failed), jsonResponse(200, failed)]);
  expect(main()).toEqual(true);
  expect(engine.findData(items.error)).toEqual('Line 3:\n  missing "messages"\r\nLine 9: not JSON (invalid_training_file)');
  const single = prepareStringItem('SelectConfB4', 6, 'STRING_TEXTFIELD', 'before error');
  expect(main()).toEqual(true);
  expect(engine.findData(single)).toEqual('Line 3: missing "messages" Line 9: not JSON (invalid_training_file)');
});

test('A2 on: failed at main(): the step fails with the job\'s error, nothing written', () => {
  const items = prepare();
  configs.putObject('StrConfA2', true);
  const requests = answerInTurn([jsonResponse(200, FAILED)]);
  assertStepError(`FtJob ${JOB_ID} failed: ${JOB_ERROR.message} (${JOB_ERROR.code})`);
  expect(requests.length).toEqual(1);
  assertUnchanged(items);
});

test('A2 on: cancelled at main(): the step fails, nothing written', () => {
  const items = prepare();
  configs.putObject('StrConfA2', true);
  answerInTurn([jsonResponse(200, CANCELLED)]);
  assertStepError(`FtJob ${JOB_ID} was cancelled`);
  assertUnchanged(items);
});

test('A2 on: queued -> running -> failed: proceed() fails, B2-B5 untouched', () => {
  const items = prepare({}, false);
  configs.putObject('StrConfA2', true);
  const requests = answerInTurn([jsonResponse(200, job('queued')), jsonResponse(200, job('running')), jsonResponse(200, job('failed', { error: { code: null, message: 'Internal error', param: null } }))]);
  expect(main()).toEqual(false);
  expect(proceed()).toEqual(false);
  assertCallError(proceed, `FtJob ${JOB_ID} failed: Internal error`);
  expect(requests.length).toEqual(3);
  assertUnchanged(items);
});

test('A2 on: running -> cancelled: proceed() fails, B2-B5 untouched', () => {
  const items = prepare({}, false);
  configs.putObject('StrConfA2', true);
  answerInTurn([jsonResponse(200, job('running')), jsonResponse(200, CANCELLED)]);
  expect(main()).toEqual(false);
  assertCallError(proceed, `FtJob ${JOB_ID} was cancelled`);
  assertUnchanged(items);
});

test('A2 on: a failed job without an error object', () => {
  prepare();
  configs.putObject('StrConfA2', true);
  answerInTurn([jsonResponse(200, job('failed'))]);
  assertStepError(`FtJob ${JOB_ID} failed`);
});

test('A2 on: a job that succeeds is written as with A2 off', () => {
  const items = prepare();
  configs.putObject('StrConfA2', true);
  answerInTurn([jsonResponse(200, job('running')), jsonResponse(200, SUCCEEDED)]);
  expect(main()).toEqual(false);
  expect(proceed()).toEqual(true);
  assertEnded(items, SUCCEEDED, MODEL, '123456', '');
});

//// == Transient failures (429, 5xx, 408, network): the step asks again, up to the limit ==

const transientAnswers: [string, TestHttpResponse | null, string][] = [
  ['429 rate limit', errorResponse(429, 'Rate limit reached for requests', 'requests', 'rate_limit_exceeded'), 'OpenAI API: HTTP 429: Rate limit reached for requests'],
  ['500 server error', errorResponse(500, 'The server had an error while processing your request.', 'server_error'), 'OpenAI API: HTTP 500: The server had an error while processing your request.'],
  ['502 with an HTML page', httpClient.createHttpResponse(502, 'text/html', '<html><body><h1>502 Bad Gateway</h1></body></html>'), 'OpenAI API: HTTP 502, answered with text/html that is not JSON (a proxy or gateway page?); see the process log'],
  ['503 JSON without a message', jsonResponse(503, { detail: 'overloaded' }), 'OpenAI API: HTTP 503, answered without an error message; see the process log'],
  ['408 request timeout', errorResponse(408, 'Request timed out'), 'OpenAI API: HTTP 408: Request timed out'],
  ['network failure', null, `OpenAI API: no answer to GET ${JOB_URL} (network failure): connection reset`],
];

for (const [name, answer] of transientAnswers) {
  test(`transient: ${name} at main(): false (ask again), nothing written`, () => {
    const items = prepare();
    const requests = answerInTurn([answer, jsonResponse(200, SUCCEEDED)]);
    expect(main()).toEqual(false);
    assertUnchanged(items);
    expect(proceed()).toEqual(true);
    assertEveryRequest(requests, 2, JOB_URL, OPENAI_HEADERS);
    assertEnded(items, SUCCEEDED, MODEL, '123456', '');
  });
}

for (const [name, answer, message] of transientAnswers) {
  test(`transient: ${name} ${LIMIT} times in a row: the ${LIMIT}th call fails`, () => {
    const items = prepare({}, false);
    const answers: (TestHttpResponse | null)[] = [];
    for (let i = 0; i < LIMIT; i += 1) answers.push(answer);
    const requests = answerInTurn(answers);
    expect(main()).toEqual(false);
    for (let i = 2; i < LIMIT; i += 1) expect(proceed()).toEqual(false);
    assertCallError(proceed, `${message} (${LIMIT} failures in a row while waiting; the step gives up)`);
    expect(requests.length).toEqual(LIMIT);
    assertUnchanged(items);
  });
}

test(`transient: a success resets the count (${LIMIT - 1} failures, running, 1 failure, succeeded)`, () => {
  const items = prepare();
  const busy = errorResponse(503, 'Service Unavailable', 'server_error');
  const answers: (TestHttpResponse | null)[] = [];
  for (let i = 0; i < LIMIT - 1; i += 1) answers.push(i % 2 === 0 ? busy : null);
  answers.push(jsonResponse(200, job('running')), busy, jsonResponse(200, SUCCEEDED));
  const requests = answerInTurn(answers);
  expect(main()).toEqual(false);
  for (let i = 1; i < LIMIT - 1; i += 1) expect(proceed()).toEqual(false);
  assertUnchanged(items);
  expect(proceed()).toEqual(false);
  assertUnchanged(items, 'running');
  // Without the reset this would be failure number LIMIT, and the step would give up.
  expect(proceed()).toEqual(false);
  assertUnchanged(items, 'running');
  expect(proceed()).toEqual(true);
  expect(requests.length).toEqual(LIMIT + 2);
  assertEnded(items, SUCCEEDED, MODEL, '123456', '');
});

test('transient: the count is kept with saveTemporaryData between calls, and reset after a success', () => {
  prepare();
  answerInTurn([null, errorResponse(429, 'Rate limit reached for requests'), jsonResponse(200, job('running'))]);
  expect(main()).toEqual(false);
  expect(JSON.parse(String(engine.restoreTemporaryData()))).toEqual({ transientFailures: 1 });
  expect(proceed()).toEqual(false);
  expect(JSON.parse(String(engine.restoreTemporaryData()))).toEqual({ transientFailures: 2 });
  expect(proceed()).toEqual(false);
  expect(JSON.parse(String(engine.restoreTemporaryData()))).toEqual({ transientFailures: 0 });
});

test('transient: main() starts counting afresh (a count left from an earlier visit is ignored)', () => {
  const items = prepare();
  engine.saveTemporaryData(JSON.stringify({ transientFailures: LIMIT - 1 }));
  answerInTurn([null, null]);
  expect(main()).toEqual(false);
  expect(proceed()).toEqual(false);
  assertUnchanged(items);
});

test('transient: unreadable temporary data counts as none', () => {
  prepare();
  answerInTurn([jsonResponse(200, job('queued')), null]);
  expect(main()).toEqual(false);
  engine.saveTemporaryData('not json');
  expect(proceed()).toEqual(false);
  expect(JSON.parse(String(engine.restoreTemporaryData()))).toEqual({ transientFailures: 1 });
});

test('transient: Azure OpenAI 429 tooManyRequests', () => {
  const items = prepare({ StrConfU4: AZURE });
  const requests = answerInTurn([jsonResponse(429, { error: { code: 'tooManyRequests', message: 'Too many requests.' } }), jsonResponse(200, SUCCEEDED)]);
  expect(main()).toEqual(false);
  assertUnchanged(items);
  expect(proceed()).toEqual(true);
  assertEveryRequest(requests, 2, AZURE_JOB_URL, AZURE_HEADERS);
});

//// == Permanent failures: the step fails at once, at main() or at a later proceed() ==

const PERMANENT_NAMES = ['401 wrong key', '401 echoing the whole key', '200 that is not a job', '200 job without id', '200 job without status', '200 that is not JSON'];

const permanentFailures: FailureCase[] = [
  ['400 bad request', errorResponse(400, 'Invalid fine-tuning job ID'), 'OpenAI API: HTTP 400: Invalid fine-tuning job ID'],
  ['403 forbidden', errorResponse(403, 'You are not allowed to access this fine-tuning job'), 'OpenAI API: HTTP 403: You are not allowed to access this fine-tuning job'],
  ['404 unknown job', errorResponse(404, `Could not find fine-tune: ${JOB_ID}`), `OpenAI API: HTTP 404: Could not find fine-tune: ${JOB_ID}`],
  ...commonFailureCases('GET', JOB_URL).filter(([name]) => PERMANENT_NAMES.indexOf(name) >= 0),
  ['200 another job', jsonResponse(200, jobObject({ id: 'ftjob-zzz999', status: 'succeeded', fine_tuned_model: MODEL })), 'OpenAI API: answered HTTP 200, but with another job (ftjob-zzz999, not ftjob-abc123); see the process log'],
  ['200 a status no job has', jsonResponse(200, job('exploded')), `OpenAI API: answered HTTP 200, but not with a fine-tuning job (its "status" "exploded" ${NOT_A_STATUS}); see the process log`],
  ['200 succeeded without a model', jsonResponse(200, job('succeeded', { fine_tuned_model: null })), 'OpenAI API: answered HTTP 200, but with a succeeded job whose fine_tuned_model is not a model name; see the process log'],
  ['200 succeeded with a model holding a line break', jsonResponse(200, job('succeeded', { fine_tuned_model: 'ft:x\ny' })), 'OpenAI API: answered HTTP 200, but with a succeeded job whose fine_tuned_model is not a model name; see the process log'],
  ['200 trained_tokens a string', jsonResponse(200, job('succeeded', { fine_tuned_model: MODEL, trained_tokens: '12' })), 'OpenAI API: answered HTTP 200, but with trained_tokens "12", which is not a whole number; see the process log'],
  ['200 trained_tokens negative', jsonResponse(200, job('succeeded', { fine_tuned_model: MODEL, trained_tokens: -1 })), 'OpenAI API: answered HTTP 200, but with trained_tokens "-1", which is not a whole number; see the process log'],
];

for (const [name, answer, message] of permanentFailures) {
  test(`permanent: ${name} at main(): fails at once, nothing written`, () => {
    const items = prepare();
    const requests = answerInTurn([answer]);
    assertStepError(message);
    expect(requests.length).toEqual(1);
    assertUnchanged(items);
  });
}

for (const [name, answer, message] of permanentFailures.slice(0, 4)) {
  test(`permanent: ${name} at proceed() after running: fails at once`, () => {
    const items = prepare({}, false);
    const requests = answerInTurn([jsonResponse(200, job('running')), answer]);
    expect(main()).toEqual(false);
    assertCallError(proceed, message);
    expect(requests.length).toEqual(2);
    assertUnchanged(items);
  });
}

test('permanent: a transient failure before a 404 does not make the 404 transient', () => {
  const items = prepare({}, false);
  answerInTurn([null, errorResponse(404, `Could not find fine-tune: ${JOB_ID}`)]);
  expect(main()).toEqual(false);
  assertCallError(proceed, `OpenAI API: HTTP 404: Could not find fine-tune: ${JOB_ID}`);
  assertUnchanged(items);
});

test('permanent: Azure OpenAI 404 notFound', () => {
  const items = prepare({ StrConfU4: AZURE });
  answerInTurn([jsonResponse(404, { error: { code: 'notFound', message: 'The specified job was not found.' } })]);
  assertStepError('Azure OpenAI: HTTP 404: The specified job was not found.');
  assertUnchanged(items);
});

test('permanent: Azure OpenAI answering for another job', () => {
  const items = prepare({ StrConfU4: AZURE });
  answerInTurn([jsonResponse(200, jobObject({ id: 'ftjob-other', status: 'running' }))]);
  assertStepError('Azure OpenAI: answered HTTP 200, but with another job (ftjob-other, not ftjob-abc123); see the process log');
  assertUnchanged(items);
});

//// == The API key: only in its header, also when an answer echoes it ==

test('key: a job echoing the key is written without it', () => {
  const items = prepare();
  const echoing = job('failed', { error: { code: 'x', message: `bad key ${API_KEY}`, param: null }, metadata: { debug: API_KEY } });
  answerInTurn([jsonResponse(200, echoing)]);
  expect(main()).toEqual(true);
  expect(engine.findData(items.error)).toEqual('bad key [API key] (x)');
  expect(String(engine.findData(items.json)).indexOf(API_KEY)).toEqual(-1);
  expect(String(engine.findData(items.json)).indexOf('[API key]') >= 0).toEqual(true);
});

test('key: A2 on, a failed job whose error echoes the key: the step error has no key', () => {
  prepare();
  configs.putObject('StrConfA2', true);
  answerInTurn([jsonResponse(200, job('failed', { error: { code: null, message: `key ${API_KEY} refused`, param: null } }))]);
  assertStepError(`FtJob ${JOB_ID} failed: key [API key] refused`);
});

test('key: a status that is the key is not quoted back', () => {
  prepare();
  answerInTurn([jsonResponse(200, job(API_KEY))]);
  assertStepError(`OpenAI API: answered HTTP 200, but not with a fine-tuning job (its "status" "[API key]" ${NOT_A_STATUS}); see the process log`);
});

test('key: a status word that is the key (one word) is not quoted back', () => {
  prepare();
  configs.putObject('AuthzConfU1', httpClient.createAuthSettingToken('OpenAI API key', 'exploding'));
  answerInTurn([jsonResponse(200, job('exploding'))]);
  assertStepError(`OpenAI API: answered HTTP 200, but not with a fine-tuning job (its "status" "[API key]" ${NOT_A_STATUS}); see the process log`);
});

//// == Hostile answers (issue 9): the key in every encoding, answers that are not the job asked about ==

/** Whether the step outlives `answer` (a transient failure): no answer, 408, 429 or 5xx. */
function isTransientAnswer(answer: Answer): boolean {
  if (answer === null || typeof answer === 'string') return true;
  return answer.status === 408 || answer.status === 429 || (answer.status >= 500 && answer.status <= 599);
}

const hostile = hostileAnswerCases('GET', JOB_URL);

for (const [name, answer, expected] of hostile.filter(([, answer]) => !isTransientAnswer(answer))) {
  test(`hostile: ${name}: fails at once, nothing written`, () => {
    const items = prepare();
    const requests = answerInTurn([answer]);
    assertStepError(expected);
    expect(requests.length).toEqual(1);
    assertUnchanged(items);
  });
}

for (const [name, answer, expected] of hostile.filter(([, answer]) => isTransientAnswer(answer))) {
  test(`hostile: ${name}: transient, the ${LIMIT}th in a row fails with it`, () => {
    const items = prepare({}, false);
    const answers: Answer[] = [];
    for (let i = 0; i < LIMIT; i += 1) answers.push(answer);
    answerInTurn(answers);
    expect(main()).toEqual(false);
    for (let i = 2; i < LIMIT; i += 1) expect(proceed()).toEqual(false);
    const suffix = ` (${LIMIT} failures in a row while waiting; the step gives up)`;
    assertCallError(proceed, (message) => {
      expect(message.slice(-suffix.length)).toEqual(suffix);
      if (typeof expected === 'function') expected(message);
      else expect(message).toEqual(`${expected}${suffix}`);
    });
    assertUnchanged(items);
  });
}

testValidEndpointCases('GET', `/fine_tuning/jobs/${JOB_ID}`, prepare, jsonResponse(200, SUCCEEDED));

testPastedKeyCases('GET', `/fine_tuning/jobs/${JOB_ID}`, arrangeUnchanged);

test('key: a succeeded job echoing the key in every encoding: concealed in B4 and B5; B1-B3 written', () => {
  const items = prepare();
  const echoing = job('succeeded', {
    fine_tuned_model: MODEL,
    trained_tokens: 10,
    debug: keyEchoingField(),
  });
  answerInTurn([jsonResponse(200, echoing)]);
  expect(main()).toEqual(true);
  assertEchoesConcealed(String(engine.findData(items.json)));
  expect([engine.findData(items.status as DataDefinitionView), engine.findData(items.model), String(engine.findData(items.tokens))]).toEqual(['succeeded', MODEL, '10']);
});

test('key: a model name that is the key: B2 refuses it, nothing written', () => {
  const items = prepare();
  answerInTurn([jsonResponse(200, job('succeeded', { fine_tuned_model: API_KEY }))]);
  assertStepError('B2: the value held the API key; no data item was changed');
  assertUnchanged(items);
});

test('key: B5 would exceed 1,000,000 characters: none of B1-B5 written', () => {
  const items = prepare();
  answerInTurn([jsonResponse(200, job('succeeded', { fine_tuned_model: MODEL, note: 'n'.repeat(1000000) }))]);
  assertStepError(tooLongForItem('B5'));
  assertUnchanged(items);
});

