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

/** A step error expected: the exact message, or a check of it. */
export type ExpectedError = string | ((message: string) => void);

/** Runs `main()`, which must throw exactly `expected` (or a message that passes the check). */
export function assertStepError(expected: ExpectedError): void {
  assertCallError(main, expected);
}

/**
 * Runs `call` (main, or proceed of a step that waits), which must throw exactly `expected` (or a
 * message that passes the check). The failure names the call by identity: a host may wrap the
 * entry points, so `call.name` need not be theirs.
 */
export function assertCallError(call: () => unknown, expected: ExpectedError): void {
  let message: string | null = null;
  try {
    call();
  } catch (error) {
    message = String((error as Error).message);
  }
  if (message === null) {
    fail(`${call === main ? 'main()' : 'proceed()'} should have thrown${typeof expected === 'string' ? `: ${expected}` : ''}`);
    return;
  }
  if (typeof expected === 'string') expect(message).toEqual(expected);
  else expected(message);
}

/** main() must throw exactly `expected` (or a message that passes the check) without sending any request. */
export function assertRefusedBeforeSending(expected: ExpectedError): void {
  const requests = recordRequests(() => jsonResponse(200, jobObject({})));
  assertStepError(expected);
  expect(requests.length).toEqual(0);
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
  ['U4 HTTP in capitals', { StrConfU4: 'HTTP://api.openai.com/v1' }, `U4: "HTTP://api.openai.com/v1" ${ENDPOINT_HINT}`],
  ['U4 with query', { StrConfU4: 'https://api.openai.com/v1?x=1' }, `U4: "https://api.openai.com/v1?x=1" ${ENDPOINT_HINT}`],
  ['U4 Azure with a path', { StrConfU4: `${AZURE_EXAMPLE}/openai/deployments/x` }, `U4: an Azure OpenAI endpoint is the resource's address without a path, like https://my-resource.openai.azure.com; got "${AZURE_EXAMPLE}/openai/deployments/x"`],
  ['U5 not a version', { StrConfU4: AZURE_EXAMPLE, StrConfU5: 'latest' }, 'U5: "latest" is not an Azure OpenAI API version; use a date like 2024-10-21 or 2025-04-01-preview, or leave it blank'],
];

/** Invalid values of the FtJob ID (A1 of Cancel and Wait), with their exact errors. */
export function invalidJobIdCases(): InvalidConfigCase[] {
  return [
    ['A1 blank', { StrConfA1: '' }, 'A1: the FtJob ID is blank; set one, for example ftjob-abc123'],
    ['A1 only spaces', { StrConfA1: ' \n ' }, 'A1: the FtJob ID is blank; set one, for example ftjob-abc123'],
    ...['ftjob-abc/../../files', 'ftjob-abc?limit=1', 'ftjob-abc#x', 'ftjob-..', 'ftjob-abc%2Fx', 'ftjob-abc 123', 'file-abc123', 'abc123'].map(
      (value): InvalidConfigCase => [
        `A1 ${JSON.stringify(value)}`,
        { StrConfA1: value },
        `A1: ${JSON.stringify(value)} is not a fine-tuning job ID; an ID looks like ftjob-abc123 (letters, digits, "-" and "_" only)`,
      ],
    ),
  ];
}

/**
 * One test per case, named `invalid config: <case>`: `arrange(changes)` sets the configs up with
 * the case's changes and returns the check that the data items are unchanged; then main() must
 * throw the case's exact error without sending any request.
 */
export function testInvalidConfigCases(cases: InvalidConfigCase[], arrange: (changes: Record<string, string>) => () => void): void {
  for (const [name, changes, expected] of cases) {
    test(`invalid config: ${name}`, () => {
      const assertUnchanged = arrange(changes);
      assertRefusedBeforeSending(expected);
      assertUnchanged();
    });
  }
}

/** An answer to a request: a response, null for a network failure "connection reset", or a string for a network failure with that message. */
export type Answer = TestHttpResponse | null | string;

/** What a request handler does with `answer`: returns the response, or throws the network failure. */
export function answerWith(answer: Answer): TestHttpResponse {
  if (answer === null) throw new Error('connection reset');
  if (typeof answer === 'string') throw new Error(answer);
  return answer;
}

/** A failed answer and the error the step must throw for it. */
export type FailureCase = [string, Answer, ExpectedError];

/** The failure classes any request to OpenAI can meet, for a request `method url`. */
export function requestFailureCases(method: string, url: string): FailureCase[] {
  return [
    ['401 wrong key', errorResponse(401, 'Incorrect API key provided: sk-test***cdef. You can find your API key at https://platform.openai.com/account/api-keys.', 'invalid_request_error', 'invalid_api_key'), 'OpenAI API: HTTP 401: Incorrect API key provided: sk-test***cdef. You can find your API key at https://platform.openai.com/account/api-keys.'],
    ['401 echoing the whole key', errorResponse(401, `Incorrect API key provided: ${API_KEY}`), 'OpenAI API: HTTP 401: Incorrect API key provided: [API key]'],
    ['429 rate limit', errorResponse(429, 'Rate limit reached for requests', 'requests', 'rate_limit_exceeded'), 'OpenAI API: HTTP 429: Rate limit reached for requests'],
    ['500 server error', errorResponse(500, 'The server had an error while processing your request.', 'server_error'), 'OpenAI API: HTTP 500: The server had an error while processing your request.'],
    ['502 with an HTML page', httpClient.createHttpResponse(502, 'text/html', '<html><body><h1>502 Bad Gateway</h1></body></html>'), 'OpenAI API: HTTP 502, answered with text/html that is not JSON (a proxy or gateway page?); see the process log'],
    ['500 JSON without a message', jsonResponse(500, { detail: 'oops' }), 'OpenAI API: HTTP 500, answered without an error message; see the process log'],
    ['200 that is not JSON', httpClient.createHttpResponse(200, 'text/html', '<html>ok</html>'), 'OpenAI API: answered HTTP 200, but not with JSON; see the process log'],
    ['network failure', null, `OpenAI API: no answer to ${method} ${url} (network failure): connection reset`],
  ];
}

/** The failure classes any FtJob request can meet: those of any request, and answers that are not a job. */
export function commonFailureCases(method: string, url: string): FailureCase[] {
  return [
    ...requestFailureCases(method, url),
    ['200 that is not a job', jsonResponse(200, { object: 'list', data: [] }), 'OpenAI API: answered HTTP 200, but not with a fine-tuning job (its "object" is "list", not "fine_tuning.job"); see the process log'],
    ['200 job without id', jsonResponse(200, { object: 'fine_tuning.job', status: 'queued' }), 'OpenAI API: answered HTTP 200, but not with a fine-tuning job (it has no job "id"); see the process log'],
    ['200 job without status', jsonResponse(200, { object: 'fine_tuning.job', id: 'ftjob-abc123' }), 'OpenAI API: answered HTTP 200, but not with a fine-tuning job (it has no job "status"); see the process log'],
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
      const requests = recordRequests(() => answerWith(response));
      assertStepError(expected);
      expect(requests.length).toEqual(1);
      assertUnchanged();
    });
  }
}

//// == Hostile answers: the key echoed in every encoding, answers that are not what was asked ==

/** How the steps replace the key (the secrets gate's mark). */
export const KEY_MARK = '[API key]';

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Base64 of an ASCII text (written here again, independent of the step's gate). */
export function base64Of(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i += 3) {
    const a = text.charCodeAt(i);
    const b = i + 1 < text.length ? text.charCodeAt(i + 1) : -1;
    const c = i + 2 < text.length ? text.charCodeAt(i + 2) : -1;
    out += B64.charAt(a >> 2) + B64.charAt(((a & 3) << 4) | (b < 0 ? 0 : b >> 4));
    out += b < 0 ? '=' : B64.charAt(((b & 15) << 2) | (c < 0 ? 0 : c >> 6));
    out += c < 0 ? '=' : B64.charAt(c & 63);
  }
  return out;
}

function hex2(code: number): string {
  return (code < 16 ? '0' : '') + code.toString(16);
}

/** Every character as a JSON `\\uXXXX` escape (what JSON.parse turns back into the key). */
export function jsonEscaped(text: string): string {
  return text.split('').map((char) => `\\u00${hex2(char.charCodeAt(0))}`).join('');
}

/** Every character percent-encoded, upper-case hex. */
export function urlEncoded(text: string): string {
  return text.split('').map((char) => `%${hex2(char.charCodeAt(0)).toUpperCase()}`).join('');
}

/** Every character as an HTML character reference: decimal (`&#115;`) or hex (`&#x73;`). */
export function htmlReferences(text: string, hex: boolean): string {
  return text.split('').map((char) => (hex ? `&#x${hex2(char.charCodeAt(0))};` : `&#${char.charCodeAt(0)};`)).join('');
}

export function hexOf(text: string): string {
  return text.split('').map((char) => hex2(char.charCodeAt(0))).join('');
}

/**
 * The key as an answer could echo it: [name, the text carrying it, a piece of that text which
 * only the key decides (so it must not survive the step's gate)].
 */
export function keyEchoes(key: string = API_KEY): [string, string, string][] {
  const echoes: [string, string, string][] = [
    ['raw', key, key],
    ['upper case', key.toUpperCase(), key.toUpperCase()],
    ['lower case', key.toLowerCase(), key.toLowerCase()],
    ['URL-encoded', urlEncoded(key), urlEncoded(key)],
    ['URL-encoded, lower-case hex', urlEncoded(key).toLowerCase(), urlEncoded(key).toLowerCase()],
    ['hex', hexOf(key), hexOf(key)],
    ['as HTML decimal references', htmlReferences(key, false), htmlReferences(key, false)],
    ['as HTML hex references', htmlReferences(key, true), htmlReferences(key, true)],
  ];
  for (const prefix of ['', 'x', 'xy']) {
    const encoded = base64Of(`${prefix}${key}!`);
    // Characters 2 past the key's start to 2 before its end depend on the key alone.
    const start = Math.ceil((prefix.length * 4) / 3) + 2;
    const end = Math.floor(((prefix.length + key.length) * 4) / 3) - 2;
    echoes.push([`base64 at offset ${prefix.length}`, encoded, encoded.slice(start, end)]);
    const url = encoded.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    echoes.push([`base64url at offset ${prefix.length}`, url, url.slice(start, end)]);
  }
  return echoes;
}

/** `text` holds no form of the key: raw in any case, JSON-escaped, URL-encoded, HTML references, hex, base64. */
export function expectNoKey(text: string, key: string = API_KEY): void {
  const lower = text.toLowerCase();
  for (const [name, , piece] of keyEchoes(key)) {
    const found = name.indexOf('base64') === 0 ? text.indexOf(piece) >= 0 : lower.indexOf(piece.toLowerCase()) >= 0;
    if (found) fail(`the key (${name}) is in: ${text.slice(0, 200)}`);
  }
  if (lower.indexOf(jsonEscaped(key).toLowerCase()) >= 0) fail(`the key (JSON-escaped) is in: ${text.slice(0, 200)}`);
}

/** A field for a 2xx answer that echoes the key raw, upper-case, base64 (Basic auth), URL-encoded and JSON-escaped. */
export function keyEchoingField(): Record<string, unknown> {
  return {
    headers: { 'api-key': API_KEY, authorization: `Basic ${base64Of(`x:${API_KEY}`)}` },
    url: `?key=${urlEncoded(API_KEY)}`,
    escaped: jsonEscaped(API_KEY),
    shout: API_KEY.toUpperCase(),
  };
}

/**
 * `json`, what the step wrote from an answer whose `debug` field was keyEchoingField(), holds no
 * form of the key, and the raw and upper-case echoes read KEY_MARK; returns it parsed.
 */
export function assertEchoesConcealed(json: string): Record<string, unknown> {
  expectNoKey(json);
  const written = JSON.parse(json) as { debug: { headers: Record<string, string>; shout: string } };
  expect([written.debug.headers['api-key'], written.debug.shout]).toEqual([KEY_MARK, KEY_MARK]);
  return written;
}

/** A check that the step's error starts with `start`, hides the key and is one line of at most 1,000 characters. */
export function concealedError(start: string, mustHoldMark = true): (message: string) => void {
  return (message) => {
    expect(message.slice(0, start.length)).toEqual(start);
    expectNoKey(message);
    if (mustHoldMark) expect(message.indexOf(KEY_MARK) >= 0).toEqual(true);
    expect(/[\r\n]/.test(message)).toEqual(false);
    expect(message.length <= 1000).toEqual(true);
  };
}

/** The check of the step's error when its value for `key` (like `B2`) is too long for a data item: none was written. */
export function tooLongForItem(key: string): (message: string) => void {
  return (message) => {
    expect(new RegExp(`^${key}: the value has \\d+ characters; a data item holds at most 1000000; no data item was changed$`).test(message)).toEqual(true);
  };
}

/** `text` wrapped so deeply that no job can be that nested: `depth` arrays. */
export function nested(depth: number, inner = '1'): string {
  let open = '';
  let close = '';
  for (let i = 0; i < depth; i += 1) {
    open += '[';
    close += ']';
  }
  return open + inner + close;
}

/** A JSON job body (as text) with `extra` (raw JSON text) as the value of its `debug` field. */
export function jobBodyWith(extra: string, changes: Record<string, unknown> = {}): string {
  const job = JSON.stringify(jobObject(changes));
  return `${job.slice(0, -1)},"debug":${extra}}`;
}

/**
 * Answers no step may accept or pass on as they are, for a step whose first request is
 * `method url` to OpenAI and whose job is ftjob-abc123: the key echoed in every encoding (in an
 * error message, a body cut near 4,000 characters, a Content-Type, a network failure), 2xx
 * answers that are not a usable job, error envelopes in a 2xx, unbounded messages.
 */
/** How a step's error ends for a job whose status is none of a job's statuses. */
export const NOT_A_STATUS = 'is not a status of a fine-tuning job (validating_files, queued, running, succeeded, failed, cancelled, paused, pending, created)';

export function hostileAnswerCases(method: string, url: string): FailureCase[] {
  const notAJob = (problem: string): string => `OpenAI API: answered HTTP 200, but not with a fine-tuning job (${problem}); see the process log`;
  const echoCases = keyEchoes().map(([name, echo]): FailureCase => [
    `401 echoing the key ${name}`,
    errorResponse(401, `Incorrect API key provided: ${echo}.`),
    concealedError('OpenAI API: HTTP 401: Incorrect API key provided: '),
  ]);
  // The platform's response.getContentType() is the media type without parameters: the long and
  // the hostile types are media types, so that they reach the step.
  const longType = `text/x-${'a'.repeat(10000)}`;
  const huge = 'x'.repeat(1000000);
  return [
    ...echoCases,
    ['401 echoing the key JSON-escaped in the body', httpClient.createHttpResponse(401, 'application/json', `{"error":{"message":"Incorrect API key provided: ${jsonEscaped(API_KEY)}","type":"invalid_request_error"}}`), `OpenAI API: HTTP 401: Incorrect API key provided: ${KEY_MARK}`],
    ['401 echoing the key as literal \\u escapes', errorResponse(401, `key ${jsonEscaped(API_KEY)}`), `OpenAI API: HTTP 401: key ${KEY_MARK}`],
    ['401 echoing the key in a Basic header', errorResponse(401, `bad header Authorization: Basic ${base64Of(`user:${API_KEY}`)}`), concealedError('OpenAI API: HTTP 401: bad header Authorization: Basic ')],
    ['500 body of 3,975 characters, then the key (not JSON)', httpClient.createHttpResponse(500, 'text/plain', `${'x'.repeat(3975)}${API_KEY}`), 'OpenAI API: HTTP 500, answered with text/plain that is not JSON (a proxy or gateway page?); see the process log'],
    ['400 message of 3,975 characters, then the key', errorResponse(400, `${'x'.repeat(3975)}${API_KEY}`), concealedError('OpenAI API: HTTP 400: xxxxxxxxxx', false)],
    ['400 message of 980 characters, then the key', errorResponse(400, `${'x'.repeat(970)}${API_KEY}`), concealedError(`OpenAI API: HTTP 400: ${'x'.repeat(970)}`, false)],
    ['400 message of 1 MB: one line of 1,000 characters', errorResponse(400, huge), (message) => {
      expect(message).toEqual(`OpenAI API: HTTP 400: ${'x'.repeat(977)}…`);
    }],
    ['400 message with line breaks: one line', errorResponse(400, 'Bad request\r\nX-Injected: 1\n\nmore'), 'OpenAI API: HTTP 400: Bad request X-Injected: 1 more'],
    ['502 with a Content-Type of 10 kB', httpClient.createHttpResponse(502, longType, '<html>bad gateway</html>'), `OpenAI API: HTTP 502, answered with ${longType.slice(0, 79)}… that is not JSON (a proxy or gateway page?); see the process log`],
    ['502 with the key in its Content-Type', httpClient.createHttpResponse(502, `text/${API_KEY}`, '<html></html>'), `OpenAI API: HTTP 502, answered with text/${KEY_MARK} that is not JSON (a proxy or gateway page?); see the process log`],
    ['network failure naming the key', `refused header Authorization: Bearer ${API_KEY}\r\n`, `OpenAI API: no answer to ${method} ${url} (network failure): refused header Authorization: Bearer ${KEY_MARK} `],
    ['500 error nested 5,000 deep', httpClient.createHttpResponse(500, 'application/json', `{"error":${nested(5000)}}`), 'OpenAI API: HTTP 500, answered with JSON nested more than 32 levels deep; see the process log'],
    ['200 error envelope', jsonResponse(200, { error: { message: 'quota exceeded', type: 'insufficient_quota', param: null, code: 'insufficient_quota' } }), 'OpenAI API: HTTP 200, but answered with an error: quota exceeded'],
    ['200 error envelope echoing the key', jsonResponse(200, { error: { message: `bad key ${API_KEY}` } }), `OpenAI API: HTTP 200, but answered with an error: bad key ${KEY_MARK}`],
    ['200 job nested 5,000 deep', httpClient.createHttpResponse(200, 'application/json', jobBodyWith(nested(5000))), 'OpenAI API: answered HTTP 200, but with JSON nested more than 32 levels deep; see the process log'],
    ['200 job whose status is the key', jsonResponse(200, jobObject({ status: API_KEY })), notAJob(`its "status" "${KEY_MARK}" ${NOT_A_STATUS}`)],
    ['200 job whose status is the key, base64', jsonResponse(200, jobObject({ status: base64Of(API_KEY) })), concealedError('OpenAI API: answered HTTP 200, but not with a fine-tuning job (its "status" "')],
    ['200 job whose status has spaces', jsonResponse(200, jobObject({ status: 'running now' })), notAJob(`its "status" "running now" ${NOT_A_STATUS}`)],
    ['200 job whose status has a line break', jsonResponse(200, jobObject({ status: 'queued\nFtJob ftjob-x: status succeeded' })), notAJob(`its "status" "queued\\nFtJob ftjob-x: status succeeded" ${NOT_A_STATUS}`)],
    ['200 job whose status is 200 characters', jsonResponse(200, jobObject({ status: 'q'.repeat(200) })), notAJob(`its "status" "${'q'.repeat(60)}…" ${NOT_A_STATUS}`)],
    ['200 job whose status is a number', jsonResponse(200, jobObject({ status: 3 })), notAJob(`its "status" 3 ${NOT_A_STATUS}`)],
    ['200 job whose status is a word no job has', jsonResponse(200, jobObject({ status: 'pwned' })), notAJob(`its "status" "pwned" ${NOT_A_STATUS}`)],
    ['200 job whose status is in capitals', jsonResponse(200, jobObject({ status: 'CANCELLED' })), notAJob(`its "status" "CANCELLED" ${NOT_A_STATUS}`)],
    ['200 job without "object" (OpenAI)', jsonResponse(200, jobObject({ object: undefined })), notAJob('it has no "object": "fine_tuning.job"')],
    ['200 job whose id has a line break', jsonResponse(200, jobObject({ id: 'ftjob-abc\n123' })), notAJob('its "id" "ftjob-abc\\n123" is not a job ID')],
    ['200 job whose id is a path', jsonResponse(200, jobObject({ id: '../../files/file-x' })), notAJob('its "id" "../../files/file-x" is not a job ID')],
    ['200 job whose id is the key', jsonResponse(200, jobObject({ id: API_KEY })), notAJob(`its "id" "${KEY_MARK}" is not a job ID`)],
    ['200 job whose id is a number', jsonResponse(200, jobObject({ id: 42 })), notAJob('its "id" 42 is not a job ID')],
    ['200 job whose id is a file ID', jsonResponse(200, jobObject({ id: 'file-abc123' })), notAJob('its "id" "file-abc123" is not a job ID')],
    ['200 that is a JSON array', jsonResponse(200, [jobObject({})]), notAJob('it is not a JSON object')],
  ];
}

/** Tokens U1 must refuse before any request, with the exact error. */
export const INVALID_TOKEN_CASES: [string, string, string][] = [
  ['U1 token with a line break inside', 'sk-abc123\r\nX-Evil: 1', 'U1: the token of the HTTP authorization setting "OpenAI API key" has spaces, line breaks or non-ASCII characters inside; set the API key alone, as one word'],
  ['U1 token with a space inside', 'sk-abc 123456789', 'U1: the token of the HTTP authorization setting "OpenAI API key" has spaces, line breaks or non-ASCII characters inside; set the API key alone, as one word'],
  ['U1 token with a tab inside', 'sk-abc\t123456789', 'U1: the token of the HTTP authorization setting "OpenAI API key" has spaces, line breaks or non-ASCII characters inside; set the API key alone, as one word'],
  ['U1 token not ASCII', 'sk-ｔｅｓｔ-0123456789', 'U1: the token of the HTTP authorization setting "OpenAI API key" has spaces, line breaks or non-ASCII characters inside; set the API key alone, as one word'],
  ['U1 token of 7 characters', ' sk-1234\n', 'U1: the token of the HTTP authorization setting "OpenAI API key" has 7 characters; an API key has at least 8'],
];

/**
 * One test per case, named `invalid config: <case>` (and `… (Azure)`): U1 holds the case's
 * token; main() must throw its exact error without any request; `arrange` as in
 * testInvalidConfigCases.
 */
export function testInvalidTokenCases(arrange: (changes: Record<string, string>) => () => void): void {
  for (const [name, token, expected] of INVALID_TOKEN_CASES) {
    const variants: Record<string, string>[] = [{}, { StrConfU4: 'https://my-resource.openai.azure.com' }];
    for (const changes of variants) {
      test(`invalid config: ${name}${'StrConfU4' in changes ? ' (Azure)' : ''}`, () => {
        const assertUnchanged = arrange(changes);
        prepareAuth(token);
        assertRefusedBeforeSending(expected);
        assertUnchanged();
      });
    }
  }
}

/**
 * `invalid config: U1 not chosen`: only the step's `required` string configs are set, no
 * authorization setting; main() must name U1 without sending any request.
 */
export function testU1NotChosen(required: Record<string, string>): void {
  test('invalid config: U1 not chosen', () => {
    putConfigs(required);
    assertRefusedBeforeSending('U1: no HTTP authorization setting is chosen; choose a "Token fixed value" setting that holds the API key');
  });
}

/** U4 values that are refused, each with the problem its error names. */
const ENDPOINT_PROBLEMS: [string, string, string][] = [
  ['U4 metadata IP address', 'https://169.254.169.254/latest', 'is an IP address, not a host name'],
  ['U4 loopback IP with a port', 'https://127.0.0.1:8443', 'is an IP address, not a host name'],
  ['U4 IPv6 address', 'https://[::1]/v1', 'is an IP address, not a host name'],
  ['U4 IPv4 in hex', 'https://0x7f.1/v1', 'is an IP address, not a host name'],
  ['U4 IPv4 as one number', 'https://2130706433', 'is an IP address, not a host name'],
  ['U4 only dots', 'https://...', 'has a host name with an empty label (".." or a dot at the start)'],
  ['U4 empty label', 'https://gateway..example.com/v1', 'has a host name with an empty label (".." or a dot at the start)'],
  ['U4 label "-"', 'https://-/', 'has the host-name label "-"; a label has 1 to 63 letters, digits or inner hyphens'],
  ['U4 label of 64 characters', `https://${'a'.repeat(64)}.example.com`, `has the host-name label "${'a'.repeat(60)}…"; a label has 1 to 63 letters, digits or inner hyphens`],
  ['U4 localhost', 'https://localhost/v1', 'points to the server itself (localhost)'],
  ['U4 a .localhost name', 'https://api.localhost', 'points to the server itself (localhost)'],
  ['U4 a host without domain', 'https://gateway/v1', 'has no domain in its host name (like example.com)'],
  ['U4 a numeric top-level label', 'https://gateway.example.123', 'has a host name whose last label is not a top-level domain'],
  ['U4 Azure with a trailing dot', 'https://my.openai.azure.com.', 'has a host name ending in a dot; remove the dot'],
];

const ENDPOINT_HOST_HINT = 'set the https address of the API, like https://my-resource.openai.azure.com or https://gateway.example.com/v1';
const AZURE_LOOKALIKE_HINT = 'looks like Azure but is not an Azure OpenAI endpoint; set https://<resource>.openai.azure.com or https://<resource>.cognitiveservices.azure.com (the key is not sent elsewhere as if to a gateway)';
const PATH_HINT = 'has an empty, "." or ".." path segment; write the path plainly, like https://gateway.example.com/openai/v1';

/** Invalid endpoints (U4), U2/U3 of 100,000 characters: each refused before any request. */
export const INVALID_ENDPOINT_CASES: InvalidConfigCase[] = [
  ...ENDPOINT_PROBLEMS.map(([name, value, problem]): InvalidConfigCase => [name, { StrConfU4: value }, `U4: ${JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value)} ${problem}; ${ENDPOINT_HOST_HINT}`]),
  ['U4 port 99999', { StrConfU4: 'https://gateway.example.com:99999/v1' }, 'U4: "https://gateway.example.com:99999/v1" has the port "99999"; a port is a number from 1 to 65535 (or leave it out)'],
  ['U4 port 0', { StrConfU4: 'https://gateway.example.com:0' }, 'U4: "https://gateway.example.com:0" has the port "0"; a port is a number from 1 to 65535 (or leave it out)'],
  ['U4 empty port', { StrConfU4: 'https://gateway.example.com:/v1' }, 'U4: "https://gateway.example.com:/v1" has the port ""; a port is a number from 1 to 65535 (or leave it out)'],
  ['U4 "/../" in the path', { StrConfU4: 'https://gateway.example.com/v1/../files' }, `U4: "https://gateway.example.com/v1/../files" ${PATH_HINT}`],
  ['U4 "/./" in the path', { StrConfU4: 'https://gateway.example.com/./v1' }, `U4: "https://gateway.example.com/./v1" ${PATH_HINT}`],
  ['U4 "//evil.example" in the path', { StrConfU4: 'https://gateway.example.com//evil.example' }, `U4: "https://gateway.example.com//evil.example" ${PATH_HINT}`],
  ['U4 Azure look-alike with a domain after it', { StrConfU4: 'https://my.openai.azure.com.evil.example' }, `U4: "https://my.openai.azure.com.evil.example" ${AZURE_LOOKALIKE_HINT}`],
  ['U4 Azure look-alike with two labels', { StrConfU4: 'https://a.b.openai.azure.com' }, `U4: "https://a.b.openai.azure.com" ${AZURE_LOOKALIKE_HINT}`],
  ['U4 Azure without a resource', { StrConfU4: 'https://openai.azure.com' }, `U4: "https://openai.azure.com" ${AZURE_LOOKALIKE_HINT}`],
  ['U4 another Azure service', { StrConfU4: 'https://my-resource.services.ai.azure.com' }, `U4: "https://my-resource.services.ai.azure.com" ${AZURE_LOOKALIKE_HINT}`],
  ['U4 with user info', { StrConfU4: 'https://user@gateway.example.com/v1' }, `U4: "https://user@gateway.example.com/v1" ${ENDPOINT_HINT}`],
  ['U4 with a fragment', { StrConfU4: 'https://gateway.example.com/v1#x' }, `U4: "https://gateway.example.com/v1#x" ${ENDPOINT_HINT}`],
  ['U4 with percent-escapes', { StrConfU4: 'https://gateway.example.com/v1/%2e%2e/files' }, `U4: "https://gateway.example.com/v1/%2e%2e/files" ${ENDPOINT_HINT}`],
  ['U4 of 513 characters', { StrConfU4: `https://gateway.example.com/${'v'.repeat(485)}` }, 'U4: the endpoint has 513 characters; an endpoint has at most 512 (leave it blank for OpenAI)'],
  ['U4 of 100,000 characters', { StrConfU4: `https://gateway.example.com/${'v'.repeat(99972)}` }, 'U4: the endpoint has 100000 characters; an endpoint has at most 512 (leave it blank for OpenAI)'],
  ['U2 of 100,000 characters', { StrConfU2: `org-${'a'.repeat(99996)}` }, 'U2: the OpenAI Organization ID has 100000 characters; an ID like org-abc123 has at most 64, or leave it blank'],
  ['U3 of 100,000 characters', { StrConfU3: `proj_${'a'.repeat(99995)}` }, 'U3: the OpenAI Project ID has 100000 characters; an ID like proj_abc123 has at most 64, or leave it blank'],
  ['U2 holding the key', { StrConfU2: `org-${API_KEY} x` }, `U2: the OpenAI Organization ID "org-${KEY_MARK} x" has spaces, line breaks or non-ASCII characters; it looks like org-abc123`],
  ['U4 holding the key', { StrConfU4: `https://gateway.example.com/${API_KEY}?` }, `U4: "https://gateway.example.com/${KEY_MARK}?" ${ENDPOINT_HINT}`],
];

/** Endpoints (U4) that are accepted: [name, U4, the base URL requests go to, whether it is Azure]. */
export const VALID_ENDPOINT_CASES: [string, string, string, boolean][] = [
  ['Azure host in capitals, normalized', 'https://MY-RESOURCE.OpenAI.Azure.com', 'https://my-resource.openai.azure.com', true],
  ['Azure cognitiveservices host with a slash', 'https://my-resource.cognitiveservices.azure.com/', 'https://my-resource.cognitiveservices.azure.com', true],
  ['Azure with port 443', 'https://my-resource.openai.azure.com:443/openai', 'https://my-resource.openai.azure.com:443', true],
  ['gateway with a port and a path', 'https://gateway.example.com:8443/openai/v1/', 'https://gateway.example.com:8443/openai/v1', false],
  ['gateway port with a leading zero', 'https://gateway.example.com:0443/v1', 'https://gateway.example.com:443/v1', false],
  ['gateway whose name has "azure" in it', 'https://azure.mycompany.example/v1', 'https://azure.mycompany.example/v1', false],
  ['gateway on Azure API Management', 'https://my-apim.azure-api.net/openai-proxy', 'https://my-apim.azure-api.net/openai-proxy', false],
  ['OpenAI host without path', 'https://API.OpenAI.com', 'https://api.openai.com/v1', false],
  ['scheme in capitals, normalized', 'HTTPS://api.openai.com/v1', 'https://api.openai.com/v1', false],
  ['Azure with the scheme in mixed case, normalized', 'Https://my-resource.openai.azure.com', 'https://my-resource.openai.azure.com', true],
];

/** The URL of `path` (like `/files`) below an API base: Azure's `/openai` prefix and api-version, or as it is. */
function urlBelow(base: string, path: string, azure: boolean): string {
  return azure ? `${base}/openai${path}?api-version=2024-10-21` : `${base}${path}`;
}

/** Checks the one request of a case: it went to `url` with `headers` (and whatever else the step's check adds). */
export type RequestCheck = (request: TestHttpRequest | undefined, url: string, headers: Record<string, string | null>) => void;

/**
 * One test per case, named `valid endpoint: <case>`: the one request goes to `path` (like
 * `/fine_tuning/jobs/ftjob-abc123/cancel` or `/files`) below the case's base URL, with the key
 * in the provider's header; `arrange` sets configs and items up and `answer` is the 2xx answer.
 * `check` looks at the request (default: method, URL and headers).
 */
export function testValidEndpointCases(
  method: string,
  path: string,
  arrange: (changes: Record<string, string>) => void,
  answer: TestHttpResponse,
  check: RequestCheck = (request, url, headers) => assertRequest(request, method, url, headers),
): void {
  for (const [name, endpoint, base, azure] of VALID_ENDPOINT_CASES) {
    test(`valid endpoint: ${name}`, () => {
      arrange({ StrConfU4: endpoint });
      const requests = recordRequests(() => answer);
      main();
      expect(requests.length).toEqual(1);
      check(requests[0], urlBelow(base, path, azure), azure ? AZURE_HEADERS : OPENAI_HEADERS);
    });
  }
}

/**
 * The key pasted with surrounding spaces and a line break: sent trimmed, in the one header of
 * the provider, to `path` below the API base; the server's echo of the trimmed key is
 * concealed in the error.
 */
export function testPastedKeyCases(method: string, path: string, arrange: (changes: Record<string, string>) => () => void): void {
  const azureBase = 'https://my-resource.openai.azure.com';
  for (const azure of [false, true]) {
    test(`U1 key pasted with a line break: sent trimmed, its echo concealed${azure ? ' (Azure)' : ''}`, () => {
      const assertUnchanged = arrange(azure ? { StrConfU4: azureBase } : {});
      prepareAuth(`  ${API_KEY}\r\n`);
      const requests = recordRequests(() => errorResponse(401, `Incorrect API key provided: ${API_KEY}`));
      assertStepError(`${azure ? 'Azure OpenAI' : 'OpenAI API'}: HTTP 401: Incorrect API key provided: ${KEY_MARK}`);
      expect(requests.length).toEqual(1);
      const url = urlBelow(azure ? azureBase : 'https://api.openai.com/v1', path, azure);
      assertRequest(requests[0], method, url, azure ? AZURE_HEADERS : OPENAI_HEADERS);
      assertUnchanged();
    });
  }
}
