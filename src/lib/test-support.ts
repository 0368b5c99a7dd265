/**
 * Helpers for the steps' `<test>` blocks (bundled into each block; never into a step). They use
 * only the test API Questetra documents, so the blocks also run on Questetra's own test host.
 */

/** The API key of every test: it must show up in the request's auth header and nowhere else. */
export const API_KEY = 'sk-test-QADDON-0123456789abcdef';

/** Sets U1 to a "Token fixed value" setting holding API_KEY. */
export function prepareAuth(token: string = API_KEY): AuthSettingWrapper {
  const auth = httpClient.createAuthSettingToken('OpenAI API key', token);
  configs.putObject('AuthzConfU1', auth);
  return auth;
}

/** Sets string configs; a config not named stays unset (blank). */
export function putConfigs(values: Record<string, string>): void {
  for (const name of Object.keys(values)) configs.put(name, values[name] ?? '');
}

/** A data item that already holds `initial`, so a test can see it is left alone on failure. */
export function prepareStringItem(configName: string, number: number, dataType: 'STRING_TEXTFIELD' | 'STRING_TEXTAREA', initial: string): DataDefinitionView {
  const item = engine.createDataDefinition(`item ${number}`, number, `q_item${number}`, dataType);
  engine.setData(item, initial);
  configs.putObject(configName, item);
  return item;
}

export function jsonResponse(status: number, body: unknown): TestHttpResponse {
  return httpClient.createHttpResponse(status, 'application/json', JSON.stringify(body));
}

/** OpenAI's error envelope. */
export function errorResponse(status: number, message: string, type = 'invalid_request_error', code: string | null = null): TestHttpResponse {
  return jsonResponse(status, { error: { message, type, param: null, code } });
}

/** Answers every request with `respond` and records them, in order, in the returned list. */
export function recordRequests(respond: (request: TestHttpRequest, index: number) => TestHttpResponse): TestHttpRequest[] {
  const requests: TestHttpRequest[] = [];
  httpClient.setRequestHandler((request) => {
    requests.push(request);
    return respond(request, requests.length - 1);
  });
  return requests;
}

/** Runs `main()`, which must throw exactly `expected`. */
export function assertStepError(expected: string): void {
  let message: string | null = null;
  try {
    main();
  } catch (error) {
    message = (error as Error).message;
  }
  if (message === null) fail(`main() should have thrown: ${expected}`);
  expect(message).toEqual(expected);
}

/** Checks method, URL and the headers named (a null value: the header must be absent). */
export function assertRequest(request: TestHttpRequest | undefined, method: string, url: string, headers: Record<string, string | null>): void {
  if (request === undefined) {
    fail(`expected a request ${method} ${url}, but none was sent`);
    return;
  }
  expect(request.method).toEqual(method);
  expect(request.url).toEqual(url);
  for (const name of Object.keys(headers)) {
    expect(`${name}: ${String(request.headers.get(name))}`).toEqual(`${name}: ${String(headers[name])}`);
  }
}

/** Headers of an OpenAI request with API_KEY and no organization or project. */
export const OPENAI_HEADERS: Record<string, string | null> = {
  Authorization: `Bearer ${API_KEY}`,
  'OpenAI-Organization': null,
  'OpenAI-Project': null,
  'api-key': null,
};

/** Headers of an Azure OpenAI request: the key in `api-key`, no bearer token. */
export const AZURE_HEADERS: Record<string, string | null> = {
  'api-key': API_KEY,
  Authorization: null,
  'OpenAI-Organization': null,
  'OpenAI-Project': null,
};

/** A job object as OpenAI returns it (FineTuningJob), with `changes` applied. */
export function jobObject(changes: Record<string, unknown>): Record<string, unknown> {
  const job: Record<string, unknown> = {
    object: 'fine_tuning.job',
    id: 'ftjob-abc123',
    model: 'gpt-4o-mini-2024-07-18',
    created_at: 1721764800,
    finished_at: null,
    fine_tuned_model: null,
    organization_id: 'org-123',
    result_files: [],
    status: 'queued',
    validation_file: null,
    training_file: 'file-abc123',
    hyperparameters: { n_epochs: 'auto', batch_size: 'auto', learning_rate_multiplier: 'auto' },
    trained_tokens: null,
    error: null,
    seed: 42,
    estimated_finish: null,
    integrations: [],
    metadata: null,
    method: { type: 'supervised', supervised: { hyperparameters: { n_epochs: 'auto', batch_size: 'auto', learning_rate_multiplier: 'auto' } } },
  };
  for (const key of Object.keys(changes)) job[key] = changes[key];
  return job;
}

/** A test case of an invalid config: name, string configs to set, the exact error expected. */
export type InvalidConfigCase = [string, Record<string, string>, string];

const AZURE_EXAMPLE = 'https://my-resource.openai.azure.com';
const ENDPOINT_HINT = 'is not an https URL without query; leave it blank for OpenAI, or set an Azure OpenAI endpoint like https://my-resource.openai.azure.com';

/** Invalid values of the configs every FtJob step shares (U2–U5), with their exact errors. */
export const INVALID_CONNECTION_CASES: InvalidConfigCase[] = [
  ['U2 without org-', { StrConfU2: 'acme' }, 'U2: the OpenAI Organization ID must start with "org-" (like org-abc123), or be left blank'],
  ['U2 with a line break', { StrConfU2: 'org-1\nX-Evil: 1' }, 'U2: the OpenAI Organization ID "org-1\\nX-Evil: 1" has spaces, line breaks or non-ASCII characters; it looks like org-abc123'],
  ['U3 without proj_', { StrConfU3: 'my-project' }, 'U3: the OpenAI Project ID must start with "proj_" (like proj_abc123), or be left blank'],
  ['U4 http', { StrConfU4: 'http://my-resource.openai.azure.com' }, `U4: "http://my-resource.openai.azure.com" ${ENDPOINT_HINT}`],
  ['U4 with query', { StrConfU4: 'https://api.openai.com/v1?x=1' }, `U4: "https://api.openai.com/v1?x=1" ${ENDPOINT_HINT}`],
  ['U4 Azure with a path', { StrConfU4: `${AZURE_EXAMPLE}/openai/deployments/x` }, `U4: an Azure OpenAI endpoint is the resource's address without a path, like https://my-resource.openai.azure.com; got "${AZURE_EXAMPLE}/openai/deployments/x"`],
  ['U5 not a version', { StrConfU4: AZURE_EXAMPLE, StrConfU5: 'latest' }, 'U5: "latest" is not an Azure OpenAI API version; use a date like 2024-10-21 or 2025-04-01-preview, or leave it blank'],
];

/**
 * One test per case, named `invalid config: <case>`: `arrange(changes)` sets the configs up with
 * the case's changes and returns the check that the data items are unchanged; then main() must
 * throw the case's exact error without sending any request.
 */
export function testInvalidConfigCases(cases: InvalidConfigCase[], arrange: (changes: Record<string, string>) => () => void): void {
  for (const [name, changes, expected] of cases) {
    test(`invalid config: ${name}`, () => {
      const assertUnchanged = arrange(changes);
      const requests = recordRequests(() => jsonResponse(200, jobObject({})));
      assertStepError(expected);
      expect(requests.length).toEqual(0);
      assertUnchanged();
    });
  }
}

/** A failed answer (null: a network failure) and the exact error the step must throw for it. */
export type FailureCase = [string, TestHttpResponse | null, string];

/** The failure classes any FtJob request can meet, for a request `method url` to OpenAI. */
export function commonFailureCases(method: string, url: string): FailureCase[] {
  return [
    ['401 wrong key', errorResponse(401, 'Incorrect API key provided: sk-test***cdef. You can find your API key at https://platform.openai.com/account/api-keys.', 'invalid_request_error', 'invalid_api_key'), 'OpenAI API: HTTP 401: Incorrect API key provided: sk-test***cdef. You can find your API key at https://platform.openai.com/account/api-keys.'],
    ['401 echoing the whole key', errorResponse(401, `Incorrect API key provided: ${API_KEY}`), 'OpenAI API: HTTP 401: Incorrect API key provided: [API key]'],
    ['429 rate limit', errorResponse(429, 'Rate limit reached for requests', 'requests', 'rate_limit_exceeded'), 'OpenAI API: HTTP 429: Rate limit reached for requests'],
    ['500 server error', errorResponse(500, 'The server had an error while processing your request.', 'server_error'), 'OpenAI API: HTTP 500: The server had an error while processing your request.'],
    ['502 with an HTML page', httpClient.createHttpResponse(502, 'text/html', '<html><body><h1>502 Bad Gateway</h1></body></html>'), 'OpenAI API: HTTP 502, answered with text/html that is not JSON (a proxy or gateway page?); see the process log'],
    ['500 JSON without a message', jsonResponse(500, { detail: 'oops' }), 'OpenAI API: HTTP 500, answered without an error message; see the process log'],
    ['200 that is not a job', jsonResponse(200, { object: 'list', data: [] }), 'OpenAI API: answered HTTP 200, but not with a fine-tuning job (its "object" is "list", not "fine_tuning.job"); see the process log'],
    ['200 job without id', jsonResponse(200, { object: 'fine_tuning.job', status: 'queued' }), 'OpenAI API: answered HTTP 200, but not with a fine-tuning job (it has no job "id"); see the process log'],
    ['200 job without status', jsonResponse(200, { object: 'fine_tuning.job', id: 'ftjob-abc123' }), 'OpenAI API: answered HTTP 200, but not with a fine-tuning job (it has no job "status"); see the process log'],
    ['200 that is not JSON', httpClient.createHttpResponse(200, 'text/html', '<html>ok</html>'), 'OpenAI API: answered HTTP 200, but not with JSON; see the process log'],
    ['network failure', null, `OpenAI API: no answer to ${method} ${url} (network failure): connection reset`],
  ];
}

/**
 * One test per case, named `failure: <case>`: `arrange()` sets configs and data items up and
 * returns the check that they are unchanged; then main() must throw the case's exact error
 * after one request, and the check must hold.
 */
export function testFailureCases(cases: FailureCase[], arrange: () => () => void): void {
  for (const [name, response, expected] of cases) {
    test(`failure: ${name}`, () => {
      const assertUnchanged = arrange();
      const requests = recordRequests(() => {
        if (response === null) throw new Error('connection reset');
        return response;
      });
      assertStepError(expected);
      expect(requests.length).toEqual(1);
      assertUnchanged();
    });
  }
}
