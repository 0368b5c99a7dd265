/**
 * The <test> block of "OpenAI #FtJob: Cancel": every validation error, every failure class,
 * the success paths for OpenAI and Azure OpenAI, and the A2 toggle. Each case checks the exact
 * requests sent and the data items afterwards.
 */
import {
  API_KEY, AZURE_HEADERS, INVALID_CONNECTION_CASES, INVALID_ENDPOINT_CASES, invalidJobIdCases, commonFailureCases, hostileAnswerCases, testFailureCases, testInvalidConfigCases, testInvalidTokenCases,
  testU1NotChosen, testPastedKeyCases, testValidEndpointCases, type FailureCase, type InvalidConfigCase, OPENAI_HEADERS, assertRequest, assertStepError, errorResponse, jobObject, jsonResponse, prepareAuth,
  prepareStringItem, putConfigs, recordRequests, keyEchoingField, assertEchoesConcealed, tooLongForItem, answerWith, assertRefusedBeforeSending,
} from '../../lib/test-support';

const JOB_ID = 'ftjob-abc123';
const CANCEL_URL = `https://api.openai.com/v1/fine_tuning/jobs/${JOB_ID}/cancel`;
const AZURE = 'https://my-resource.openai.azure.com';
const AZURE_CANCEL_URL = `${AZURE}/openai/fine_tuning/jobs/${JOB_ID}/cancel?api-version=2024-10-21`;
const CANCELLED_JOB = jobObject({ id: JOB_ID, status: 'cancelled' });

/** Data items B1 and B2, holding values that a failed run must leave as they are. */
interface Items {
  status: DataDefinitionView;
  json: DataDefinitionView;
}

/** U1 and A1 set, B1 and B2 chosen; `changes` overrides or adds string configs. */
function prepare(changes: Record<string, string> = {}): Items {
  prepareAuth();
  putConfigs({ StrConfA1: JOB_ID, ...changes });
  return {
    status: prepareStringItem('SelectConfB1', 1, 'STRING_TEXTFIELD', 'before'),
    json: prepareStringItem('SelectConfB2', 2, 'STRING_TEXTAREA', 'before json'),
  };
}

function assertUnchanged(items: Items): void {
  expect(engine.findData(items.status)).toEqual('before');
  expect(engine.findData(items.json)).toEqual('before json');
}

function assertWritten(items: Items, job: Record<string, unknown>): void {
  expect(engine.findData(items.status)).toEqual(job['status']);
  expect(JSON.parse(String(engine.findData(items.json)))).toEqual(job);
}

/** prepare() with `changes` (the `arrange` of the shared cases); returns the check that B1 and B2 are as they were. */
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

test('invalid config: U1 holds no token', () => {
  prepare();
  prepareAuth('  ');
  assertRefusedBeforeSending('U1: the HTTP authorization setting "OpenAI API key" holds no token; set the API key as its token');
});

test('invalid config: B2 is a single-line item', () => {
  prepare();
  prepareStringItem('SelectConfB2', 3, 'STRING_TEXTFIELD', 'x');
  assertRefusedBeforeSending('B2: the data item "item 3" is not a multi-line string item; choose a multi-line string data item');
});

//// == Success ==

test('OpenAI: cancels with one POST and writes B1 and B2', () => {
  const items = prepare();
  const requests = recordRequests(() => jsonResponse(200, CANCELLED_JOB));
  main();
  expect(requests.length).toEqual(1);
  assertRequest(requests[0], 'POST', CANCEL_URL, OPENAI_HEADERS);
  expect(requests[0]?.body ?? null).toEqual(null);
  assertWritten(items, CANCELLED_JOB);
});

test('OpenAI: A1 from EL is trimmed; organization and project sent as headers', () => {
  const items = prepare({ StrConfA1: `  ${JOB_ID}\n`, StrConfU2: 'org-abc123', StrConfU3: 'proj_abc123' });
  const requests = recordRequests(() => jsonResponse(200, CANCELLED_JOB));
  main();
  assertRequest(requests[0], 'POST', CANCEL_URL, {
    Authorization: `Bearer ${API_KEY}`,
    'OpenAI-Organization': 'org-abc123',
    'OpenAI-Project': 'proj_abc123',
  });
  assertWritten(items, CANCELLED_JOB);
});

test('OpenAI: no data item chosen: the job is cancelled, nothing written', () => {
  prepareAuth();
  putConfigs({ StrConfA1: JOB_ID });
  const requests = recordRequests(() => jsonResponse(200, CANCELLED_JOB));
  main();
  expect(requests.length).toEqual(1);
});

test('OpenAI: only B1 chosen', () => {
  prepareAuth();
  putConfigs({ StrConfA1: JOB_ID });
  const status = prepareStringItem('SelectConfB1', 1, 'STRING_TEXTFIELD', 'before');
  recordRequests(() => jsonResponse(200, CANCELLED_JOB));
  main();
  expect(engine.findData(status)).toEqual('cancelled');
});

test('OpenAI-compatible gateway in U4', () => {
  prepare({ StrConfU4: 'https://gateway.example.com/openai/v1/' });
  const requests = recordRequests(() => jsonResponse(200, CANCELLED_JOB));
  main();
  assertRequest(requests[0], 'POST', `https://gateway.example.com/openai/v1/fine_tuning/jobs/${JOB_ID}/cancel`, OPENAI_HEADERS);
});

test('Azure OpenAI: api-key header, default api-version; U2/U3 not sent', () => {
  const items = prepare({ StrConfU4: AZURE, StrConfU2: 'org-abc123', StrConfU3: 'proj_abc123' });
  const job = jobObject({ id: JOB_ID, status: 'cancelled', hyperparameters: { n_epochs: -1 } });
  const requests = recordRequests(() => jsonResponse(200, job));
  main();
  expect(requests.length).toEqual(1);
  assertRequest(requests[0], 'POST', AZURE_CANCEL_URL, AZURE_HEADERS);
  assertWritten(items, job);
});

test('Azure OpenAI: a job without "object", and Azure\'s statuses pending and created, are taken', () => {
  for (const status of ['cancelled', 'pending', 'created']) {
    const items = prepare({ StrConfU4: AZURE });
    const job = jobObject({ id: JOB_ID, status, object: undefined });
    recordRequests(() => jsonResponse(200, job));
    main();
    assertWritten(items, JSON.parse(JSON.stringify(job)) as Record<string, unknown>);
  }
});

test('Azure OpenAI: endpoint with /openai/ and an API version from U5', () => {
  prepare({ StrConfU4: `${AZURE}/openai/`, StrConfU5: '2025-04-01-preview' });
  const requests = recordRequests(() => jsonResponse(200, CANCELLED_JOB));
  main();
  assertRequest(requests[0], 'POST', `${AZURE}/openai/fine_tuning/jobs/${JOB_ID}/cancel?api-version=2025-04-01-preview`, AZURE_HEADERS);
});

//// == Failures: status and the API's message in the error; data items unchanged ==

const failures: FailureCase[] = [
  ['400 already completed', errorResponse(400, `Job has already completed: ${JOB_ID}`), `OpenAI API: HTTP 400: Job has already completed: ${JOB_ID}`],
  ['404 unknown job', errorResponse(404, `Could not find fine-tune: ${JOB_ID}`), `OpenAI API: HTTP 404: Could not find fine-tune: ${JOB_ID}`],
  ...commonFailureCases('POST', CANCEL_URL),
  ...hostileAnswerCases('POST', CANCEL_URL),
  ['200 answer for another job', jsonResponse(200, jobObject({ id: 'ftjob-zzz', status: 'cancelled' })), 'OpenAI API: answered HTTP 200, but with another job (ftjob-zzz, not ftjob-abc123); see the process log'],
];

testFailureCases(failures, arrangeUnchanged);

test('failure: Azure OpenAI error envelope', () => {
  const items = prepare({ StrConfU4: AZURE });
  recordRequests(() => jsonResponse(404, { error: { code: 'notFound', message: 'The specified job was not found.' } }));
  assertStepError('Azure OpenAI: HTTP 404: The specified job was not found.');
  assertUnchanged(items);
});

//// == Endpoints, and the key as pasted ==

testValidEndpointCases('POST', `/fine_tuning/jobs/${JOB_ID}/cancel`, prepare, jsonResponse(200, CANCELLED_JOB));

testPastedKeyCases('POST', `/fine_tuning/jobs/${JOB_ID}/cancel`, arrangeUnchanged);

//// == The key echoed in a 2xx job, and writing all items or none ==

test('success: the key echoed in a job field is concealed in B2, in every encoding', () => {
  const items = prepare();
  const job = jobObject({ id: JOB_ID, status: 'cancelled', debug: keyEchoingField() });
  recordRequests(() => jsonResponse(200, job));
  main();
  expect(engine.findData(items.status)).toEqual('cancelled');
  expect(assertEchoesConcealed(String(engine.findData(items.json)))['id']).toEqual(JOB_ID);
});

test('failure: B2 would exceed 1,000,000 characters: neither B1 nor B2 written', () => {
  const items = prepare();
  recordRequests(() => jsonResponse(200, jobObject({ id: JOB_ID, status: 'cancelled', note: 'n'.repeat(1000000) })));
  assertStepError(tooLongForItem('B2'));
  assertUnchanged(items);
});

test('success: the same big job with B2 not chosen: B1 written', () => {
  prepareAuth();
  putConfigs({ StrConfA1: JOB_ID });
  const status = prepareStringItem('SelectConfB1', 1, 'STRING_TEXTFIELD', 'before');
  recordRequests(() => jsonResponse(200, jobObject({ id: JOB_ID, status: 'cancelled', note: 'n'.repeat(1000000) })));
  main();
  expect(engine.findData(status)).toEqual('cancelled');
});

//// == A2: a job that has already ended ==

test('A2 off: an ended job is an error, with one request', () => {
  const items = prepare();
  const requests = recordRequests(() => errorResponse(400, `Job has already completed: ${JOB_ID}`));
  assertStepError(`OpenAI API: HTTP 400: Job has already completed: ${JOB_ID}`);
  expect(requests.length).toEqual(1);
  assertUnchanged(items);
});

test('A2 on: an ended job is looked up and its status written', () => {
  const items = prepare();
  configs.putObject('StrConfA2', true);
  const succeeded = jobObject({ id: JOB_ID, status: 'succeeded', fine_tuned_model: 'ft:gpt-4o-mini-2024-07-18:org::abc' });
  const requests = recordRequests((_request, index) =>
    index === 0 ? errorResponse(400, `Job has already completed: ${JOB_ID}`) : jsonResponse(200, succeeded),
  );
  main();
  expect(requests.length).toEqual(2);
  assertRequest(requests[0], 'POST', CANCEL_URL, OPENAI_HEADERS);
  assertRequest(requests[1], 'GET', `https://api.openai.com/v1/fine_tuning/jobs/${JOB_ID}`, OPENAI_HEADERS);
  assertWritten(items, succeeded);
});

test('A2 on: a job that can be cancelled takes one request', () => {
  const items = prepare();
  configs.putObject('StrConfA2', true);
  const requests = recordRequests(() => jsonResponse(200, CANCELLED_JOB));
  main();
  expect(requests.length).toEqual(1);
  assertWritten(items, CANCELLED_JOB);
});

test('A2 on: a 400 for a job still running stays an error', () => {
  const items = prepare();
  configs.putObject('StrConfA2', true);
  const requests = recordRequests((_request, index) =>
    index === 0 ? errorResponse(400, 'Cannot cancel the job now') : jsonResponse(200, jobObject({ id: JOB_ID, status: 'running' })),
  );
  assertStepError('OpenAI API: HTTP 400: Cannot cancel the job now');
  expect(requests.length).toEqual(2);
  assertUnchanged(items);
});

test('A2 on: other failures (404) are not looked up', () => {
  const items = prepare();
  configs.putObject('StrConfA2', true);
  const requests = recordRequests(() => errorResponse(404, `Could not find fine-tune: ${JOB_ID}`));
  assertStepError(`OpenAI API: HTTP 404: Could not find fine-tune: ${JOB_ID}`);
  expect(requests.length).toEqual(1);
  assertUnchanged(items);
});

test('A2 on, Azure OpenAI: a 409 conflict is looked up with api-version', () => {
  const items = prepare({ StrConfU4: AZURE });
  configs.putObject('StrConfA2', true);
  const failed = jobObject({ id: JOB_ID, status: 'failed', error: { code: 'invalid_training_file', message: 'bad file', param: 'training_file' } });
  const requests = recordRequests((_request, index) =>
    index === 0 ? jsonResponse(409, { error: { code: 'conflict', message: 'The job has already finished.' } }) : jsonResponse(200, failed),
  );
  main();
  assertRequest(requests[1], 'GET', `${AZURE}/openai/fine_tuning/jobs/${JOB_ID}?api-version=2024-10-21`, AZURE_HEADERS);
  assertWritten(items, failed);
});

/** A2 on, the cancel refused with 400 "already completed", the lookup answered with `lookup`. */
function lookupCase(name: string, lookup: TestHttpResponse | string): void {
  test(`A2 on: ${name}: the cancel's error stands`, () => {
    const items = prepare();
    configs.putObject('StrConfA2', true);
    const requests = recordRequests((_request, index) => {
      if (index === 0) return errorResponse(400, `Job has already completed: ${JOB_ID}`);
      return answerWith(lookup);
    });
    assertStepError(`OpenAI API: HTTP 400: Job has already completed: ${JOB_ID}`);
    expect(requests.length).toEqual(2);
    assertUnchanged(items);
  });
}

lookupCase('the lookup answers with another job that succeeded', jsonResponse(200, jobObject({ id: 'ftjob-zzz', status: 'succeeded' })));
lookupCase('the lookup fails with 500', errorResponse(500, 'The server had an error while processing your request.', 'server_error'));
lookupCase('the lookup gets no answer', `connection reset; key ${API_KEY}`);
lookupCase('the lookup answers with HTML', httpClient.createHttpResponse(200, 'text/html', '<html>login</html>'));
lookupCase('the lookup answers with a job whose status is the key', jsonResponse(200, jobObject({ id: JOB_ID, status: API_KEY })));
lookupCase('the lookup answers with a succeeded job without "object" (OpenAI)', jsonResponse(200, jobObject({ id: JOB_ID, status: 'succeeded', object: undefined })));
lookupCase('the lookup answers with a 2xx error envelope', jsonResponse(200, { error: { message: 'quota exceeded' } }));
