/**
 * The <test> block of "OpenAI #FtJob: Create": every validation rule at and beyond its bounds,
 * the exact request body for supervised and DPO jobs (every option set, and none), OpenAI and
 * Azure OpenAI, every failure class, and the data items written. Each case checks the requests
 * sent and the data items afterwards.
 */
import {
  API_KEY, AZURE_HEADERS, INVALID_CONNECTION_CASES, INVALID_ENDPOINT_CASES, KEY_MARK, commonFailureCases, hostileAnswerCases, testFailureCases, testInvalidConfigCases, testInvalidTokenCases, testU1NotChosen,
  testPastedKeyCases, testValidEndpointCases, type FailureCase, OPENAI_HEADERS, type InvalidConfigCase, assertRequest, assertStepError, errorResponse, jobObject, jsonResponse, prepareAuth, prepareStringItem,
  putConfigs, recordRequests, keyEchoingField, assertEchoesConcealed, tooLongForItem, assertRefusedBeforeSending,
} from '../../lib/test-support';

const TRAINING_FILE = 'file-abc123';
const VALIDATION_FILE = 'file-def456';
const MODEL = 'gpt-4o-mini-2024-07-18';
const JOB_ID = 'ftjob-abc123';
const CREATE_URL = 'https://api.openai.com/v1/fine_tuning/jobs';
const AZURE = 'https://my-resource.openai.azure.com';
const AZURE_CREATE_URL = `${AZURE}/openai/fine_tuning/jobs?api-version=2024-10-21`;
const NEW_JOB = jobObject({ id: JOB_ID, status: 'validating_files' });

/** The new job as the API answers `request`: NEW_JOB on the training and validation files sent. */
function newJobFor(request: TestHttpRequest): Record<string, unknown> {
  const body = JSON.parse(request.body ?? '{}') as { training_file?: string; validation_file?: string };
  return jobObject({ id: JOB_ID, status: 'validating_files', training_file: body.training_file, validation_file: body.validation_file ?? null });
}

/** The answer to every create request: the job asked for (newJobFor). */
function answerNewJob(request: TestHttpRequest): TestHttpResponse {
  return jsonResponse(200, newJobFor(request));
}

/** The body when only the required configs (A1, A2) are set. */
const MINIMAL_BODY = { model: MODEL, training_file: TRAINING_FILE };

type Body = Record<string, unknown>;

/** Data items B1, B2 and B3, holding values that a failed run must leave as they are. */
interface Items {
  status: DataDefinitionView;
  id: DataDefinitionView;
  json: DataDefinitionView;
}

/** U1, A1 and A2 set, B1–B3 chosen; `changes` overrides or adds string configs. */
function prepare(changes: Record<string, string> = {}): Items {
  prepareAuth();
  putConfigs({ StrConfA1: TRAINING_FILE, StrConfA2: MODEL, ...changes });
  return {
    status: prepareStringItem('SelectConfB1', 1, 'STRING_TEXTFIELD', 'before'),
    id: prepareStringItem('SelectConfB2', 2, 'STRING_TEXTFIELD', 'before id'),
    json: prepareStringItem('SelectConfB3', 3, 'STRING_TEXTAREA', 'before json'),
  };
}

function assertUnchanged(items: Items): void {
  expect(engine.findData(items.status)).toEqual('before');
  expect(engine.findData(items.id)).toEqual('before id');
  expect(engine.findData(items.json)).toEqual('before json');
}

function assertWritten(items: Items, job: Record<string, unknown>): void {
  expect(engine.findData(items.status)).toEqual(job['status']);
  expect(engine.findData(items.id)).toEqual(job['id']);
  expect(JSON.parse(String(engine.findData(items.json)))).toEqual(job);
}

/** The parsed JSON body of `request`, which must be sent as application/json. */
function bodyOf(request: TestHttpRequest | undefined): unknown {
  expect(request?.contentType ?? null).toEqual('application/json');
  return JSON.parse(request?.body ?? 'null');
}

/** Runs main() with `changes` (answered with a new job) and returns the one body sent. */
function bodySent(changes: Record<string, string>): unknown {
  prepare(changes);
  const requests = recordRequests(answerNewJob);
  main();
  expect(requests.length).toEqual(1);
  return bodyOf(requests[0]);
}

/** The minimal body with `changes`, and supervised hyperparameters when given. */
function supervisedBody(hyperparameters: Body | null, changes: Body = {}): Body {
  if (hyperparameters === null) return { ...MINIMAL_BODY, ...changes };
  return { ...MINIMAL_BODY, ...changes, method: { type: 'supervised', supervised: { hyperparameters } } };
}

/** The minimal body with `changes`, method dpo, and DPO hyperparameters when given. */
function dpoBody(hyperparameters: Body | null, changes: Body = {}): Body {
  const method = hyperparameters === null ? { type: 'dpo' } : { type: 'dpo', dpo: { hyperparameters } };
  return { ...MINIMAL_BODY, ...changes, method };
}

/** `count` lines `k1=v1`, `k2=v2`, … */
function metadataLines(count: number): string {
  const lines: string[] = [];
  for (let i = 1; i <= count; i += 1) lines.push(`k${i}=v${i}`);
  return lines.join('\n');
}

function metadataPairs(count: number): Record<string, string> {
  const pairs: Record<string, string> = {};
  for (let i = 1; i <= count; i += 1) pairs[`k${i}`] = `v${i}`;
  return pairs;
}

/** prepare() with `changes` (the `arrange` of the shared cases); returns the check that B1–B3 are as they were. */
function arrangeUnchanged(changes: Record<string, string> = {}): () => void {
  const items = prepare(changes);
  return () => assertUnchanged(items);
}

//// == Validation: each error names its config and what is valid, and nothing is sent ==

const FILE_ID_HINT = 'looks like file-abc123 ("file-", then letters, digits, "-" and "_" only)';
const N_EPOCHS_HINT = 'set an integer from 1 to 50, or auto (blank: auto)';
const BATCH_SIZE_HINT = 'set an integer from 1 to 256, or auto (blank: auto)';
const LRM_HINT = 'set a number greater than 0, or auto (blank: auto)';
const BETA_HINT = 'set a number greater than 0 and at most 2, or auto (blank: auto)';
const SEED_HINT = 'set an integer from 0 to 2147483647, or leave it blank (OpenAI picks one)';
const NOT_PLAIN = 'is not a number in plain decimal notation (like 3 or 0.5)';
const DPO = { StrConfA5: 'dpo' };
/** A 400-digit integer, beyond what a number holds; and a positive number that rounds to 0. */
const BIG = '9'.repeat(400);
const TINY = `0.${'0'.repeat(400)}1`;

function fileIdCases(configName: string, key: string, what: string, values: string[]): InvalidConfigCase[] {
  return values.map((value): InvalidConfigCase => [
    `${key} ${JSON.stringify(value)}`,
    { [configName]: value },
    `${key}: ${JSON.stringify(value)} is not a file ID; ${what} ${FILE_ID_HINT}`,
  ]);
}

function numberCases(key: string, what: string, hint: string, base: Record<string, string>, cases: [string, string][]): InvalidConfigCase[] {
  const method = base['StrConfA5'] === undefined ? '' : ` (${base['StrConfA5']})`;
  return cases.map(([value, problem]): InvalidConfigCase => [
    `${key} ${JSON.stringify(value)}${method}`,
    { ...base, [`StrConf${key}`]: value },
    `${key}: ${what} ${JSON.stringify(value)} ${problem}; ${hint}`,
  ]);
}

const invalidConfigs: InvalidConfigCase[] = [
  ['A1 blank', { StrConfA1: '' }, 'A1: the training file ID is blank; set one, for example file-abc123'],
  ['A1 only spaces', { StrConfA1: ' \n ' }, 'A1: the training file ID is blank; set one, for example file-abc123'],
  ...fileIdCases('StrConfA1', 'A1', 'the training file ID', [
    'file-abc 123', 'file-abc\n123', 'file-abc\t123', 'file-abc\u0000', 'file-abc\u007f', 'file-abc/../x', 'file-abc?x=1', 'file-', 'abc123', 'ftjob-abc123', 'file-ａｂｃ',
  ]),
  ['A2 blank', { StrConfA2: '' }, 'A2: the base model is blank; set one, for example gpt-4o-mini-2024-07-18'],
  ...['gpt 4o', 'gpt-4o\nmini', 'gpt-4o\tmini', 'gpt-4o-mini\u0007', 'gpt-4o-ミニ'].map((value): InvalidConfigCase => [
    `A2 ${JSON.stringify(value)}`,
    { StrConfA2: value },
    `A2: the base model ${JSON.stringify(value)} has spaces, line breaks or non-ASCII characters; it looks like gpt-4o-mini-2024-07-18 or ft:gpt-4o-mini-2024-07-18:my-org::abc123`,
  ]),
  ...fileIdCases('StrConfA3', 'A3', 'the validation file ID', ['file abc', 'file-abc\r\nX: 1', 'file-abc\u0001', 'validation.jsonl']),
  ['A4 65 characters', { StrConfA4: 'x'.repeat(65) }, 'A4: the suffix has 65 characters; OpenAI allows 1 to 64'],
  ['A4 65 characters, not ASCII', { StrConfA4: 'あ'.repeat(65) }, 'A4: the suffix has 65 characters; OpenAI allows 1 to 64'],
  ['A4 Azure, 41 characters', { StrConfU4: AZURE, StrConfA4: 'x'.repeat(41) }, 'A4: the suffix has 41 characters; Azure OpenAI allows 1 to 40 (OpenAI 64)'],
  ['A4 with a line break', { StrConfA4: 'my\nmodel' }, 'A4: the suffix "my\\nmodel" has a line break or control character; set one line of 1 to 64 characters'],
  ['A4 with a control character, Azure', { StrConfU4: AZURE, StrConfA4: 'my\u0000model' }, 'A4: the suffix "my\\u0000model" has a line break or control character; set one line of 1 to 40 characters'],
  ['A5 reinforcement', { StrConfA5: 'reinforcement' }, 'A5: "reinforcement" is not a fine-tuning method this step offers; choose supervised or dpo (blank: supervised)'],
  ['A5 DPO in capitals', { StrConfA5: 'DPO' }, 'A5: "DPO" is not a fine-tuning method this step offers; choose supervised or dpo (blank: supervised)'],
  ...numberCases('A6', 'n_epochs', N_EPOCHS_HINT, {}, [
    ['0', 'is out of range'], ['51', 'is out of range'], ['-1', 'is out of range'], ['1.5', 'is not a whole number'],
    ['abc', NOT_PLAIN], ['1e1', NOT_PLAIN], ['0x10', NOT_PLAIN], ['+3', NOT_PLAIN], ['3,0', NOT_PLAIN], ['Infinity', NOT_PLAIN],
    ['3 epochs', NOT_PLAIN], ['auto3', NOT_PLAIN], ['３', NOT_PLAIN], ['.', NOT_PLAIN],
  ]),
  ...numberCases('A6', 'n_epochs', N_EPOCHS_HINT, DPO, [['51', 'is out of range']]),
  ...numberCases('A7', 'batch_size', BATCH_SIZE_HINT, {}, [
    ['0', 'is out of range'], ['257', 'is out of range'], ['2.5', 'is not a whole number'], ['8 examples', NOT_PLAIN],
  ]),
  ...numberCases('A7', 'batch_size', BATCH_SIZE_HINT, DPO, [['1e2', NOT_PLAIN]]),
  ...numberCases('A8', 'learning_rate_multiplier', LRM_HINT, {}, [
    ['0', 'is out of range'], ['0.0', 'is out of range'], ['-1', 'is out of range'], ['-0.1', 'is out of range'], ['1e-3', NOT_PLAIN], ['abc', NOT_PLAIN],
  ]),
  ...numberCases('A9', 'beta', BETA_HINT, DPO, [
    ['0', 'is out of range'], ['2.01', 'is out of range'], ['3', 'is out of range'], ['-0.5', 'is out of range'], ['x', NOT_PLAIN],
  ]),
  ['A9 with method supervised', { StrConfA5: 'supervised', StrConfA9: '0.1' }, 'A9: beta is a DPO hyperparameter; choose dpo in A5, or leave A9 blank'],
  ['A9 auto with A5 blank (supervised)', { StrConfA9: 'auto' }, 'A9: beta is a DPO hyperparameter; choose dpo in A5, or leave A9 blank'],
  ...numberCases('A10', 'the seed', SEED_HINT, {}, [
    ['1.5', 'is not a whole number'], ['-1', 'is out of range'], ['2147483648', 'is out of range'], ['abc', NOT_PLAIN], ['4e2', NOT_PLAIN],
  ]),
  ['A11 17 pairs', { StrConfA11: metadataLines(17) }, 'A11: has 17 key=value pairs; at most 16 are allowed'],
  ['A11 key of 65 characters', { StrConfA11: `${'k'.repeat(65)}=v` }, `A11: the key "${'k'.repeat(60)}…" (line 1) has 65 characters; a key may have at most 64`],
  ['A11 value of 513 characters', { StrConfA11: `a=1\nnote=${'v'.repeat(513)}` }, 'A11: the value of "note" (line 2) has 513 characters; a value may have at most 512'],
  ['A11 duplicate keys', { StrConfA11: 'team=ml\nticket=42\n team = ops' }, 'A11: the key "team" appears twice (lines 1 and 3); each key may appear once'],
  ['A11 line without "="', { StrConfA11: 'team=ml\n\nreviewed by Alice' }, 'A11: line 3 "reviewed by Alice" has no "="; write one key=value per line'],
  ['A11 line without a key', { StrConfA11: 'team=ml\n=orphan' }, 'A11: line 2 "=orphan" has no key before "="; write one key=value per line'],
  ['A6 an integer of 400 digits', { StrConfA6: BIG }, `A6: n_epochs "${BIG.slice(0, 60)}…" has 400 digits, far beyond any value allowed; ${N_EPOCHS_HINT}`],
  ['A8 an integer of 400 digits', { StrConfA8: BIG }, `A8: learning_rate_multiplier "${BIG.slice(0, 60)}…" has 400 digits, far beyond any value allowed; ${LRM_HINT}`],
  ['A8 a number that rounds to 0', { StrConfA8: TINY }, `A8: learning_rate_multiplier "${TINY.slice(0, 60)}…" is too small to send as a number (it rounds to 0); ${LRM_HINT}`],
  ['A10 an integer of 400 digits', { StrConfA10: BIG }, `A10: the seed "${BIG.slice(0, 60)}…" has 400 digits, far beyond any value allowed; ${SEED_HINT}`],
  ['A10 a negative integer of 400 digits', { StrConfA10: `-${BIG}` }, `A10: the seed "-${BIG.slice(0, 59)}…" has 400 digits, far beyond any value allowed; ${SEED_HINT}`],
  ...INVALID_CONNECTION_CASES,
  ...INVALID_ENDPOINT_CASES,
];

testInvalidConfigCases(invalidConfigs, arrangeUnchanged);

testInvalidTokenCases(arrangeUnchanged);

testU1NotChosen({ StrConfA1: TRAINING_FILE, StrConfA2: MODEL });

test('invalid config: the first invalid config in panel order is reported (A6 before A10)', () => {
  const items = prepare({ StrConfA6: '0', StrConfA10: 'x' });
  assertRefusedBeforeSending(`A6: n_epochs "0" is out of range; ${N_EPOCHS_HINT}`);
  assertUnchanged(items);
});

test('invalid config: B1 is a multi-line item', () => {
  prepare();
  prepareStringItem('SelectConfB1', 4, 'STRING_TEXTAREA', 'x');
  assertRefusedBeforeSending('B1: the data item "item 4" is not a single-line string item; choose a single-line string data item');
});

test('invalid config: B2 is a multi-line item', () => {
  prepare();
  prepareStringItem('SelectConfB2', 4, 'STRING_TEXTAREA', 'x');
  assertRefusedBeforeSending('B2: the data item "item 4" is not a single-line string item; choose a single-line string data item');
});

test('invalid config: B3 is a single-line item', () => {
  prepare();
  prepareStringItem('SelectConfB3', 4, 'STRING_TEXTFIELD', 'x');
  assertRefusedBeforeSending('B3: the data item "item 4" is not a multi-line string item; choose a multi-line string data item');
});

//// == Valid values at the bounds: the exact body sent ==

/** [name, configs changed, the body expected] */
const validConfigs: [string, Record<string, string>, Body][] = [
  ['A1 from EL, trimmed', { StrConfA1: `  ${TRAINING_FILE}\n` }, MINIMAL_BODY],
  ['A1 Azure-style file ID', { StrConfA1: 'file-181a1cbdcdcf4677ada87f63a0928099' }, { ...MINIMAL_BODY, training_file: 'file-181a1cbdcdcf4677ada87f63a0928099' }],
  ['A1 with "_" and "-"', { StrConfA1: 'file-AbC_12-z' }, { ...MINIMAL_BODY, training_file: 'file-AbC_12-z' }],
  ['A2 an earlier fine-tuned model', { StrConfA2: 'ft:gpt-4o-mini-2024-07-18:my-org:custom:abc123' }, { ...MINIMAL_BODY, model: 'ft:gpt-4o-mini-2024-07-18:my-org:custom:abc123' }],
  ['A2 a listed model', { StrConfA2: 'gpt-4.1-nano-2025-04-14' }, { ...MINIMAL_BODY, model: 'gpt-4.1-nano-2025-04-14' }],
  ['A3 set', { StrConfA3: VALIDATION_FILE }, { ...MINIMAL_BODY, validation_file: VALIDATION_FILE }],
  ['A3 only spaces: left out', { StrConfA3: ' \n' }, MINIMAL_BODY],
  ['A4 1 character', { StrConfA4: 'x' }, { ...MINIMAL_BODY, suffix: 'x' }],
  ['A4 64 characters', { StrConfA4: 'x'.repeat(64) }, { ...MINIMAL_BODY, suffix: 'x'.repeat(64) }],
  ['A4 64 characters, not ASCII', { StrConfA4: 'あ'.repeat(63) + '😀' }, { ...MINIMAL_BODY, suffix: 'あ'.repeat(63) + '😀' }],
  ['A4 only spaces: left out', { StrConfA4: '   ' }, MINIMAL_BODY],
  ['A5 supervised', { StrConfA5: 'supervised' }, MINIMAL_BODY],
  ['A5 dpo, no hyperparameter', DPO, dpoBody(null)],
  ['A6 1', { StrConfA6: '1' }, supervisedBody({ n_epochs: 1 })],
  ['A6 50', { StrConfA6: '50' }, supervisedBody({ n_epochs: 50 })],
  ['A6 auto', { StrConfA6: 'auto' }, supervisedBody({ n_epochs: 'auto' })],
  ['A6 AUTO', { StrConfA6: ' AUTO\n' }, supervisedBody({ n_epochs: 'auto' })],
  ['A6 3.0 from a decimal item', { StrConfA6: '3.0' }, supervisedBody({ n_epochs: 3 })],
  ['A6 007', { StrConfA6: '007' }, supervisedBody({ n_epochs: 7 })],
  ['A7 1', { StrConfA7: '1' }, supervisedBody({ batch_size: 1 })],
  ['A7 256', { StrConfA7: '256' }, supervisedBody({ batch_size: 256 })],
  ['A7 auto', { StrConfA7: 'Auto' }, supervisedBody({ batch_size: 'auto' })],
  ['A8 0.1', { StrConfA8: '0.1' }, supervisedBody({ learning_rate_multiplier: 0.1 })],
  ['A8 .5', { StrConfA8: '.5' }, supervisedBody({ learning_rate_multiplier: 0.5 })],
  ['A8 0.0001', { StrConfA8: '0.0001' }, supervisedBody({ learning_rate_multiplier: 0.0001 })],
  ['A8 10', { StrConfA8: '10' }, supervisedBody({ learning_rate_multiplier: 10 })],
  ['A8 auto', { StrConfA8: 'auto' }, supervisedBody({ learning_rate_multiplier: 'auto' })],
  ['A9 2 (dpo)', { ...DPO, StrConfA9: '2' }, dpoBody({ beta: 2 })],
  ['A9 0.01 (dpo)', { ...DPO, StrConfA9: '0.01' }, dpoBody({ beta: 0.01 })],
  ['A9 auto (dpo)', { ...DPO, StrConfA9: 'auto' }, dpoBody({ beta: 'auto' })],
  ['A6-A8 with dpo', { ...DPO, StrConfA6: '2', StrConfA7: '4', StrConfA8: 'auto' }, dpoBody({ n_epochs: 2, batch_size: 4, learning_rate_multiplier: 'auto' })],
  ['A10 0', { StrConfA10: '0' }, { ...MINIMAL_BODY, seed: 0 }],
  ['A10 2147483647', { StrConfA10: '2147483647' }, { ...MINIMAL_BODY, seed: 2147483647 }],
  ['A10 42.0', { StrConfA10: '42.0' }, { ...MINIMAL_BODY, seed: 42 }],
  ['A11 16 pairs', { StrConfA11: metadataLines(16) }, { ...MINIMAL_BODY, metadata: metadataPairs(16) }],
  ['A11 key of 64 and value of 512 characters', { StrConfA11: `${'k'.repeat(64)}=${'v'.repeat(512)}` }, { ...MINIMAL_BODY, metadata: { ['k'.repeat(64)]: 'v'.repeat(512) } }],
  ['A11 split at the first "=", trimmed, empty value, blank and CRLF lines', { StrConfA11: '\r\n team = ml ops \r\n\r\nurl=https://example.com/?a=b\r\nnote=\n' }, { ...MINIMAL_BODY, metadata: { team: 'ml ops', url: 'https://example.com/?a=b', note: '' } }],
  ['A11 Japanese text', { StrConfA11: '承認者=山田\n部署=AI推進' }, { ...MINIMAL_BODY, metadata: { 承認者: '山田', 部署: 'AI推進' } }],
  ['A11 only blank lines: left out', { StrConfA11: '\n \n' }, MINIMAL_BODY],
];

for (const [name, changes, expected] of validConfigs) {
  test(`valid config: ${name}`, () => {
    expect(bodySent(changes)).toEqual(expected);
  });
}

test('valid config: Azure accepts a suffix of 40 characters', () => {
  expect(bodySent({ StrConfU4: AZURE, StrConfA4: 'x'.repeat(40) })).toEqual({ ...MINIMAL_BODY, suffix: 'x'.repeat(40) });
});

//// == The exact body: supervised and DPO, every option set and none ==

const EVERY_OPTION = {
  StrConfA1: TRAINING_FILE,
  StrConfA2: 'gpt-4.1-mini-2025-04-14',
  StrConfA3: VALIDATION_FILE,
  StrConfA4: 'support-bot',
  StrConfA6: '3',
  StrConfA7: '8',
  StrConfA8: '0.5',
  StrConfA10: '42',
  StrConfA11: 'team=support\nticket=T-123',
};

const EVERY_OPTION_BODY = {
  model: 'gpt-4.1-mini-2025-04-14',
  training_file: TRAINING_FILE,
  validation_file: VALIDATION_FILE,
  suffix: 'support-bot',
  seed: 42,
  metadata: { team: 'support', ticket: 'T-123' },
};

test('body: supervised, only the required configs: no method (the default)', () => {
  expect(bodySent({})).toEqual({ model: MODEL, training_file: TRAINING_FILE });
});

test('body: supervised, every option set; numbers sent as JSON numbers', () => {
  prepare({ ...EVERY_OPTION, StrConfA5: 'supervised' });
  const requests = recordRequests(answerNewJob);
  main();
  expect(bodyOf(requests[0])).toEqual({
    ...EVERY_OPTION_BODY,
    method: { type: 'supervised', supervised: { hyperparameters: { n_epochs: 3, batch_size: 8, learning_rate_multiplier: 0.5 } } },
  });
  const text = requests[0]?.body ?? '';
  expect(text.indexOf('"n_epochs":3,') >= 0 && text.indexOf('"seed":42') >= 0 && text.indexOf('"hyperparameters":{"n_epochs"') >= 0).toEqual(true);
});

test('body: dpo, only the required configs', () => {
  expect(bodySent(DPO)).toEqual({ model: MODEL, training_file: TRAINING_FILE, method: { type: 'dpo' } });
});

test('body: dpo, every option set', () => {
  expect(bodySent({ ...EVERY_OPTION, ...DPO, StrConfA9: '0.1' })).toEqual({
    ...EVERY_OPTION_BODY,
    method: { type: 'dpo', dpo: { hyperparameters: { n_epochs: 3, batch_size: 8, learning_rate_multiplier: 0.5, beta: 0.1 } } },
  });
});

test('body: every hyperparameter auto (dpo)', () => {
  const auto = { StrConfA6: 'auto', StrConfA7: 'auto', StrConfA8: 'auto', StrConfA9: 'auto' };
  expect(bodySent({ ...DPO, ...auto })).toEqual(
    dpoBody({ n_epochs: 'auto', batch_size: 'auto', learning_rate_multiplier: 'auto', beta: 'auto' }),
  );
});

test('body: no top-level hyperparameters, no integrations, no null', () => {
  prepare({ ...EVERY_OPTION, ...DPO, StrConfA9: '0.1' });
  const requests = recordRequests(answerNewJob);
  main();
  const text = requests[0]?.body ?? '';
  const body = JSON.parse(text) as Body;
  expect(Object.keys(body).sort()).toEqual(['metadata', 'method', 'model', 'seed', 'suffix', 'training_file', 'validation_file']);
  expect(text.indexOf('null')).toEqual(-1);
});

//// == Success: URLs, headers, data items ==

test('OpenAI: one POST to /fine_tuning/jobs; B1, B2 and B3 written', () => {
  const items = prepare();
  const requests = recordRequests(() => jsonResponse(200, NEW_JOB));
  main();
  expect(requests.length).toEqual(1);
  assertRequest(requests[0], 'POST', CREATE_URL, OPENAI_HEADERS);
  expect(bodyOf(requests[0])).toEqual(MINIMAL_BODY);
  assertWritten(items, NEW_JOB);
  expect(engine.findData(items.id)).toEqual(JOB_ID);
  expect(engine.findData(items.status)).toEqual('validating_files');
});

test('OpenAI: the API key is in the Authorization header only, not in the body', () => {
  prepare({ ...EVERY_OPTION });
  const requests = recordRequests(answerNewJob);
  main();
  expect((requests[0]?.body ?? '').indexOf(API_KEY)).toEqual(-1);
  expect(requests[0]?.url.indexOf(API_KEY)).toEqual(-1);
});

test('OpenAI: organization and project sent as headers', () => {
  const items = prepare({ StrConfU2: 'org-abc123', StrConfU3: 'proj_abc123' });
  const requests = recordRequests(() => jsonResponse(200, NEW_JOB));
  main();
  assertRequest(requests[0], 'POST', CREATE_URL, {
    Authorization: `Bearer ${API_KEY}`,
    'OpenAI-Organization': 'org-abc123',
    'OpenAI-Project': 'proj_abc123',
  });
  assertWritten(items, NEW_JOB);
});

test('OpenAI: a queued job with every option is written as answered', () => {
  const items = prepare({ ...EVERY_OPTION, ...DPO, StrConfA9: '0.1' });
  const job = jobObject({
    id: 'ftjob-xyz789', status: 'queued', model: 'gpt-4.1-mini-2025-04-14', suffix: 'support-bot', validation_file: VALIDATION_FILE,
    metadata: { team: 'support', ticket: 'T-123' },
    method: { type: 'dpo', dpo: { hyperparameters: { n_epochs: 3, batch_size: 8, learning_rate_multiplier: 0.5, beta: 0.1 } } },
  });
  recordRequests(() => jsonResponse(200, job));
  main();
  assertWritten(items, job);
});

test('OpenAI: no data item chosen: the job is created, nothing written', () => {
  prepareAuth();
  putConfigs({ StrConfA1: TRAINING_FILE, StrConfA2: MODEL });
  const requests = recordRequests(() => jsonResponse(200, NEW_JOB));
  main();
  expect(requests.length).toEqual(1);
});

test('OpenAI: only B2 chosen', () => {
  prepareAuth();
  putConfigs({ StrConfA1: TRAINING_FILE, StrConfA2: MODEL });
  const id = prepareStringItem('SelectConfB2', 2, 'STRING_TEXTFIELD', 'before id');
  recordRequests(() => jsonResponse(200, NEW_JOB));
  main();
  expect(engine.findData(id)).toEqual(JOB_ID);
});

test('OpenAI-compatible gateway in U4', () => {
  prepare({ StrConfU4: 'https://gateway.example.com/openai/v1/' });
  const requests = recordRequests(() => jsonResponse(200, NEW_JOB));
  main();
  assertRequest(requests[0], 'POST', 'https://gateway.example.com/openai/v1/fine_tuning/jobs', OPENAI_HEADERS);
});

test('Azure OpenAI: api-key header, default api-version, the same body; U2/U3 not sent', () => {
  const items = prepare({ StrConfU4: AZURE, StrConfU2: 'org-abc123', StrConfU3: 'proj_abc123', ...EVERY_OPTION, StrConfA2: 'gpt-4o-mini-2024-07-18' });
  const job = jobObject({ id: 'ftjob-181a1cbdcdcf4677ada87f63a0928099', status: 'pending', validation_file: VALIDATION_FILE });
  const requests = recordRequests(() => jsonResponse(201, job));
  main();
  expect(requests.length).toEqual(1);
  assertRequest(requests[0], 'POST', AZURE_CREATE_URL, AZURE_HEADERS);
  expect(bodyOf(requests[0])).toEqual({
    ...EVERY_OPTION_BODY,
    model: 'gpt-4o-mini-2024-07-18',
    method: { type: 'supervised', supervised: { hyperparameters: { n_epochs: 3, batch_size: 8, learning_rate_multiplier: 0.5 } } },
  });
  assertWritten(items, job);
});

test('Azure OpenAI: minimal dpo body, API version from U5', () => {
  prepare({ StrConfU4: `${AZURE}/openai/`, StrConfU5: '2025-04-01-preview', ...DPO });
  const requests = recordRequests(() => jsonResponse(200, NEW_JOB));
  main();
  assertRequest(requests[0], 'POST', `${AZURE}/openai/fine_tuning/jobs?api-version=2025-04-01-preview`, AZURE_HEADERS);
  expect(bodyOf(requests[0])).toEqual(dpoBody(null));
});

//// == Failures: status and the API's message in the error; data items unchanged ==

const failures: FailureCase[] = [
  ['400 invalid training file', errorResponse(400, `invalid training_file: ${TRAINING_FILE}`, 'invalid_request_error', 'invalid_training_file'), `OpenAI API: HTTP 400: invalid training_file: ${TRAINING_FILE}`],
  ['400 model not available', errorResponse(400, 'Model gpt-4o-mini-2024-07-18 is not available for fine-tuning or does not exist.', 'invalid_request_error', 'model_not_available'), 'OpenAI API: HTTP 400: Model gpt-4o-mini-2024-07-18 is not available for fine-tuning or does not exist.'],
  ['404 unknown file', errorResponse(404, `No such File object: ${TRAINING_FILE}`), `OpenAI API: HTTP 404: No such File object: ${TRAINING_FILE}`],
  ['429 quota', errorResponse(429, 'You exceeded your current quota, please check your plan and billing details.', 'insufficient_quota', 'insufficient_quota'), 'OpenAI API: HTTP 429: You exceeded your current quota, please check your plan and billing details.'],
  ...commonFailureCases('POST', CREATE_URL),
  ...hostileAnswerCases('POST', CREATE_URL),
];

testFailureCases(failures, () => {
  const items = prepare({ ...EVERY_OPTION });
  return () => assertUnchanged(items);
});

test('failure: Azure OpenAI error envelope', () => {
  const items = prepare({ StrConfU4: AZURE });
  const requests = recordRequests(() => jsonResponse(400, { error: { code: 'invalidPayload', message: 'The specified base model does not support fine-tuning.' } }));
  assertStepError('Azure OpenAI: HTTP 400: The specified base model does not support fine-tuning.');
  expect(requests.length).toEqual(1);
  assertUnchanged(items);
});

test('failure: Azure OpenAI network failure names the Azure URL', () => {
  const items = prepare({ StrConfU4: AZURE });
  recordRequests(() => {
    throw new Error('connection refused');
  });
  assertStepError(`Azure OpenAI: no answer to POST ${AZURE_CREATE_URL} (network failure): connection refused`);
  assertUnchanged(items);
});

//// == The answer must be the job asked for: its files, a model name (issue 9: trust no answer) ==

const ANOTHER_JOB = 'OpenAI API: answered HTTP 200, but with another job than the one asked for';

/** [name, configs changed, the job answered, the exact error] */
const otherJobs: [string, Record<string, string>, Record<string, unknown>, string][] = [
  ['another training_file', {}, { training_file: 'file-zzz999' }, `${ANOTHER_JOB} (its "training_file" is "file-zzz999", but ${TRAINING_FILE} was sent); see the process log`],
  ['no training_file', {}, { training_file: undefined }, `${ANOTHER_JOB} (its "training_file" is null, but ${TRAINING_FILE} was sent); see the process log`],
  ['the training_file in capitals', {}, { training_file: TRAINING_FILE.toUpperCase() }, `${ANOTHER_JOB} (its "training_file" is "FILE-ABC123", but ${TRAINING_FILE} was sent); see the process log`],
  ['another validation_file', { StrConfA3: VALIDATION_FILE }, { validation_file: 'file-zzz999' }, `${ANOTHER_JOB} (its "validation_file" is "file-zzz999", but ${VALIDATION_FILE} was sent); see the process log`],
  ['no validation_file, though one was sent', { StrConfA3: VALIDATION_FILE }, { validation_file: null }, `${ANOTHER_JOB} (its "validation_file" is null, but ${VALIDATION_FILE} was sent); see the process log`],
  ['a validation_file, though none was sent', {}, { validation_file: VALIDATION_FILE }, `${ANOTHER_JOB} (its "validation_file" is "${VALIDATION_FILE}", but none was sent); see the process log`],
  ['the key as its training_file', {}, { training_file: API_KEY }, `${ANOTHER_JOB} (its "training_file" is "${KEY_MARK}", but ${TRAINING_FILE} was sent); see the process log`],
  ['an empty model', {}, { model: '' }, `${ANOTHER_JOB} (its "model" "" is not a model name); see the process log`],
  ['no model', {}, { model: undefined }, `${ANOTHER_JOB} (its "model" null is not a model name); see the process log`],
  ['a model that is a number', {}, { model: 4 }, `${ANOTHER_JOB} (its "model" 4 is not a model name); see the process log`],
];

for (const [name, changes, fields, expected] of otherJobs) {
  test(`failure: 200 job with ${name}: nothing written`, () => {
    const items = prepare(changes);
    const requests = recordRequests(() => jsonResponse(200, jobObject({ id: JOB_ID, status: 'queued', ...fields })));
    assertStepError(expected);
    expect(requests.length).toEqual(1);
    assertUnchanged(items);
  });
}

test('success: a model alias answered with its dated snapshot name is the job asked for', () => {
  const items = prepare({ StrConfA2: 'gpt-4o-mini' });
  const job = jobObject({ id: JOB_ID, status: 'validating_files', model: 'gpt-4o-mini-2024-07-18' });
  const requests = recordRequests(() => jsonResponse(200, job));
  main();
  expect(bodyOf(requests[0])).toEqual({ ...MINIMAL_BODY, model: 'gpt-4o-mini' });
  assertWritten(items, job);
});

test('Azure OpenAI: a job without "object", status created, is taken', () => {
  const items = prepare({ StrConfU4: AZURE });
  const job = jobObject({ id: 'ftjob-181a1cbdcdcf4677ada87f63a0928099', status: 'created', object: undefined });
  recordRequests(() => jsonResponse(201, job));
  main();
  assertWritten(items, JSON.parse(JSON.stringify(job)) as Record<string, unknown>);
});

test('failure: Azure OpenAI job whose "object" is another', () => {
  const items = prepare({ StrConfU4: AZURE });
  recordRequests(() => jsonResponse(201, jobObject({ object: 'file' })));
  assertStepError('Azure OpenAI: answered HTTP 201, but not with a fine-tuning job (its "object" is "file", not "fine_tuning.job"); see the process log');
  assertUnchanged(items);
});

//// == Endpoints, and the key as pasted ==

testValidEndpointCases('POST', '/fine_tuning/jobs', prepare, jsonResponse(200, NEW_JOB));

testPastedKeyCases('POST', '/fine_tuning/jobs', arrangeUnchanged);

//// == The key echoed in a 2xx job, and writing all items or none ==

test('success: the key echoed in a job field is concealed in B3, in every encoding', () => {
  const items = prepare();
  const job = jobObject({ id: JOB_ID, status: 'queued', debug: keyEchoingField() });
  recordRequests(() => jsonResponse(200, job));
  main();
  expect(engine.findData(items.status)).toEqual('queued');
  expect(engine.findData(items.id)).toEqual(JOB_ID);
  expect(assertEchoesConcealed(String(engine.findData(items.json)))['id']).toEqual(JOB_ID);
});

test('success: the key echoed as the model: concealed in B3', () => {
  const items = prepare();
  recordRequests(() => jsonResponse(200, jobObject({ id: JOB_ID, status: 'queued', model: API_KEY })));
  main();
  expect(engine.findData(items.id)).toEqual(JOB_ID);
  expect((JSON.parse(String(engine.findData(items.json))) as { model: string }).model).toEqual(KEY_MARK);
});

test('failure: B3 would exceed 1,000,000 characters: none of B1, B2, B3 written', () => {
  const items = prepare();
  recordRequests(() => jsonResponse(200, jobObject({ id: JOB_ID, status: 'queued', note: 'n'.repeat(1000000) })));
  assertStepError(tooLongForItem('B3'));
  assertUnchanged(items);
});

test('success: the same big job with B3 not chosen: B1 and B2 written', () => {
  prepareAuth();
  putConfigs({ StrConfA1: TRAINING_FILE, StrConfA2: MODEL });
  const status = prepareStringItem('SelectConfB1', 1, 'STRING_TEXTFIELD', 'before');
  const id = prepareStringItem('SelectConfB2', 2, 'STRING_TEXTFIELD', 'before id');
  recordRequests(() => jsonResponse(200, jobObject({ id: JOB_ID, status: 'queued', note: 'n'.repeat(1000000) })));
  main();
  expect([engine.findData(status), engine.findData(id)]).toEqual(['queued', JOB_ID]);
});

test('failure: an id with a line break fails before B1 is written', () => {
  const items = prepare();
  recordRequests(() => jsonResponse(200, jobObject({ id: 'ftjob-abc\r\n123', status: 'queued' })));
  assertStepError('OpenAI API: answered HTTP 200, but not with a fine-tuning job (its "id" "ftjob-abc\\r\\n123" is not a job ID); see the process log');
  assertUnchanged(items);
});

//// == A12: the base model from data, in place of A2 ==

const FT_MODEL = 'ft:gpt-4o-mini-2024-07-18:my-org:support:abc123';
const MODEL_HINT = 'gpt-4o-mini-2024-07-18 or ft:gpt-4o-mini-2024-07-18:my-org::abc123';

test('A12: set (from EL, trimmed): used instead of A2', () => {
  expect(bodySent({ StrConfA12: `${FT_MODEL}\n` })).toEqual({ ...MINIMAL_BODY, model: FT_MODEL });
});

test('A12: set and A2 blank: A12 is the model', () => {
  expect(bodySent({ StrConfA2: '', StrConfA12: FT_MODEL })).toEqual({ ...MINIMAL_BODY, model: FT_MODEL });
});

test('A12: an invalid A2 is not checked when A12 takes its place', () => {
  expect(bodySent({ StrConfA2: 'gpt 4o', StrConfA12: FT_MODEL })).toEqual({ ...MINIMAL_BODY, model: FT_MODEL });
});

test('A12: blank EL result (a first training round): A2 is the model', () => {
  expect(bodySent({ StrConfA2: 'gpt-4.1-mini-2025-04-14', StrConfA12: ' \n' })).toEqual({ ...MINIMAL_BODY, model: 'gpt-4.1-mini-2025-04-14' });
});

test('A12: a model name of 256 characters is sent', () => {
  expect(bodySent({ StrConfA12: `ft:${'m'.repeat(253)}` })).toEqual({ ...MINIMAL_BODY, model: `ft:${'m'.repeat(253)}` });
});

test('A2: a model name of 256 characters is sent', () => {
  expect(bodySent({ StrConfA2: 'm'.repeat(256) })).toEqual({ ...MINIMAL_BODY, model: 'm'.repeat(256) });
});

test('A12: Azure OpenAI takes it too', () => {
  expect(bodySent({ StrConfU4: AZURE, StrConfA12: 'gpt-4o-mini-2024-07-18.ft-0123456789abcdef' })).toEqual({ ...MINIMAL_BODY, model: 'gpt-4o-mini-2024-07-18.ft-0123456789abcdef' });
});

testInvalidConfigCases(
  [
    ...['ft:gpt-4o-mini 2024', 'ft:gpt-4o-mini\nX-Evil: 1', 'ft:モデル'].map((value): InvalidConfigCase => [
      `A12 ${JSON.stringify(value)}`,
      { StrConfA12: value },
      `A12: the base model ${JSON.stringify(value)} has spaces, line breaks or non-ASCII characters; it looks like gpt-4o-mini-2024-07-18 or ft:gpt-4o-mini-2024-07-18:my-org::abc123`,
    ]),
    ['A2 and A12 both blank', { StrConfA2: '', StrConfA12: '  ' }, 'A2: the base model is blank; set one, for example gpt-4o-mini-2024-07-18'],
    ['A2 of 257 characters', { StrConfA2: `ft:${'m'.repeat(254)}` }, `A2: the base model has 257 characters; a model name has at most 256, like ${MODEL_HINT}`],
    ['A2 of 100,000 characters', { StrConfA2: 'm'.repeat(100000) }, `A2: the base model has 100000 characters; a model name has at most 256, like ${MODEL_HINT}`],
    ['A12 of 100,000 characters', { StrConfA12: `ft:${'m'.repeat(99997)}` }, `A12: the base model has 100000 characters; a model name has at most 256, like ${MODEL_HINT}`],
    ['A12 of 100,000 characters with spaces (an EL result gone wrong)', { StrConfA12: 'word '.repeat(20000) }, `A12: the base model has 99999 characters; a model name has at most 256, like ${MODEL_HINT}`],
  ],
  arrangeUnchanged,
);
