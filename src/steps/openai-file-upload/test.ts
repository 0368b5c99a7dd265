/**
 * The <test> block of "OpenAI #File: Upload": every config error, none or several files, every
 * problem the training-file check finds (with its line number), the multipart body sent to
 * OpenAI and to Azure OpenAI (content type with boundary, part names, file name, file content
 * type and size), the answer checks, and every failure class. Each case checks the requests sent
 * and the data items afterwards.
 */
import {
  API_KEY, AZURE_HEADERS, INVALID_CONNECTION_CASES, INVALID_ENDPOINT_CASES, hostileAnswerCases, testFailureCases, testInvalidConfigCases, testInvalidTokenCases, testPastedKeyCases, testValidEndpointCases,
  type FailureCase, type InvalidConfigCase, OPENAI_HEADERS, assertRequest, assertStepError, errorResponse, jsonResponse, prepareAuth, prepareStringItem, putConfigs, recordRequests, keyEchoingField,
  assertEchoesConcealed, tooLongForItem, requestFailureCases, assertRefusedBeforeSending,
} from '../../lib/test-support';

const FILES_URL = 'https://api.openai.com/v1/files';
const AZURE = 'https://my-resource.openai.azure.com';
const AZURE_FILES_URL = `${AZURE}/openai/files?api-version=2024-10-21`;
const FILE_NAME = 'train.jsonl';
const JSONL = 'application/jsonl';
const FILE_ID = 'file-abc123';

const CHAT = JSON.stringify({ messages: [{ role: 'system', content: 'You answer in one line.' }, { role: 'user', content: 'Capital of France?' }, { role: 'assistant', content: 'Paris.' }] });
const PREFERENCE = JSON.stringify({
  input: { messages: [{ role: 'user', content: 'Capital of France?' }] },
  preferred_output: [{ role: 'assistant', content: 'Paris.' }],
  non_preferred_output: [{ role: 'assistant', content: 'Lyon, I think.' }],
});
const PROMPT_COMPLETION = JSON.stringify({ prompt: 'Capital of France? ->', completion: ' Paris.' });

/** `count` copies of `line`, one a line, with a final line break. */
function lines(line: string, count = 10): string {
  const all: string[] = [];
  for (let i = 0; i < count; i += 1) all.push(line);
  return `${all.join('\n')}\n`;
}

/** Ten good chat lines with `line` put in as line `at` (1-based). */
function withLine(at: number, line: string): string {
  const all = lines(CHAT).split('\n');
  all.splice(at - 1, 0, line);
  return all.join('\n');
}

/** The bytes of `text` in UTF-8. */
function utf8Length(text: string): number {
  return encodeURIComponent(text).replace(/%[0-9A-F]{2}/g, 'x').length;
}

/** OpenAI's file object for an upload of `bytes` bytes named `filename`. */
function fileObject(changes: Record<string, unknown> = {}): Record<string, unknown> {
  const file: Record<string, unknown> = {
    object: 'file',
    id: FILE_ID,
    purpose: 'fine-tune',
    filename: FILE_NAME,
    bytes: utf8Length(lines(CHAT)),
    created_at: 1721764800,
    status: 'processed',
  };
  for (const key of Object.keys(changes)) file[key] = changes[key];
  return file;
}

/** The FILE item of A1, holding `files`; data items B1 and B2 holding values a failure must keep. */
interface Items {
  files: DataDefinitionView;
  id: DataDefinitionView;
  json: DataDefinitionView;
}

/** A FILE data item's value: a Java list of files, as the engine holds it. */
function fileList(files: QfileView[]): JavaList<QfileView> {
  const list = new java.util.ArrayList<QfileView>();
  for (const file of files) list.add(file);
  return list;
}

/** U1 set, A1 holding `files` (default: one good training file), B1 and B2 chosen; `changes` sets string configs. */
function prepare(changes: Record<string, string> = {}, files: QfileView[] | null = [engine.createQfile(FILE_NAME, JSONL, lines(CHAT))]): Items {
  prepareAuth();
  putConfigs(changes);
  const fileItem = engine.createDataDefinition('training data', 1, 'q_training', 'FILE');
  if (files !== null) engine.setData(fileItem, fileList(files));
  configs.putObject('SelectConfA1', fileItem);
  return {
    files: fileItem,
    id: prepareStringItem('SelectConfB1', 2, 'STRING_TEXTFIELD', 'before id'),
    json: prepareStringItem('SelectConfB2', 3, 'STRING_TEXTAREA', 'before json'),
  };
}

/** Like prepare, with one file of `name`, `contentType` and `content`. */
function prepareFile(name: string, content: string, changes: Record<string, string> = {}, contentType = JSONL): Items {
  return prepare(changes, [engine.createQfile(name, contentType, content)]);
}

function assertUnchanged(items: Items): void {
  expect(engine.findData(items.id)).toEqual('before id');
  expect(engine.findData(items.json)).toEqual('before json');
}

function assertWritten(items: Items, file: Record<string, unknown>): void {
  expect(engine.findData(items.id)).toEqual(file['id']);
  expect(JSON.parse(String(engine.findData(items.json)))).toEqual(file);
}

/**
 * The request is a multipart/form-data POST (the platform writes the boundary) with exactly the
 * parts `purpose` (a string) and `file` (the file itself: its name, content type and size).
 */
function assertUpload(request: TestHttpRequest | undefined, url: string, headers: Record<string, string | null>, purpose: string, name: string, contentType: string, bytes: number): void {
  assertRequest(request, 'POST', url, headers);
  const type = String(request?.contentType);
  expect(type.indexOf('multipart/form-data; boundary=')).toEqual(0);
  expect(type.length > 'multipart/form-data; boundary='.length).toEqual(true);
  const body = request?.body as unknown as MultipartBody;
  expect(body.size()).toEqual(2);
  expect(body.get('purpose')?.size()).toEqual(1);
  expect(body.get('purpose')?.get(0)).toEqual(purpose);
  expect(body.get('file')?.size()).toEqual(1);
  const file = body.get('file')?.get(0) as QfileView;
  expect([file.getName(), file.getContentType(), file.getLength()]).toEqual([name, contentType, bytes]);
}

/** prepare() with `changes` (the `arrange` of the shared cases); returns the check that B1 and B2 are as they were. */
function arrangeUnchanged(changes: Record<string, string> = {}): () => void {
  const items = prepare(changes);
  return () => assertUnchanged(items);
}

//// == Validation: each error names its config, and nothing is sent ==

const invalidConfigs: InvalidConfigCase[] = [
  ['A2 not a purpose', { StrConfA2: 'fine_tune' }, 'A2: "fine_tune" is not a purpose this step offers; choose one of fine-tune, batch, assistants, user_data, evals, vision (blank: fine-tune)'],
  ...INVALID_CONNECTION_CASES,
  ...INVALID_ENDPOINT_CASES,
];

testInvalidConfigCases(invalidConfigs, arrangeUnchanged);

testInvalidTokenCases(arrangeUnchanged);

test('invalid config: U1 not chosen', () => {
  const items = prepare();
  configs.putObject('AuthzConfU1', null);
  assertRefusedBeforeSending('U1: no HTTP authorization setting is chosen; choose a "Token fixed value" setting that holds the API key');
  assertUnchanged(items);
});

/** [name, how A1 is set up, the exact error] */
const fileItemCases: [string, () => Items, string][] = [
  ['A1 no data item chosen', () => {
    const items = prepare();
    configs.putObject('SelectConfA1', null);
    return items;
  }, 'A1: no data item is chosen; choose a FILE data item'],
  ['A1 a string item', () => {
    const items = prepare();
    configs.putObject('SelectConfA1', engine.createDataDefinition('file name', 9, 'q_name', 'STRING_TEXTFIELD'));
    return items;
  }, 'A1: the data item "file name" is not a FILE item; choose a FILE data item'],
  ['A1 holds no file (never set)', () => prepare({}, null), 'A1: the data item "training data" holds no file; it must hold exactly one (the file to upload)'],
  ['A1 holds no file (an empty list)', () => prepare({}, []), 'A1: the data item "training data" holds no file; it must hold exactly one (the file to upload)'],
  ['A1 holds two files', () => prepare({}, [engine.createQfile('a.jsonl', JSONL, lines(CHAT)), engine.createQfile('b.jsonl', JSONL, lines(CHAT))]), 'A1: the data item "training data" holds 2 files; it must hold exactly one (the file to upload)'],
  ['A1 holds three files', () => prepare({}, [engine.createQfile('a.jsonl', JSONL, lines(CHAT)), engine.createQfile('b.jsonl', JSONL, lines(CHAT)), engine.createQfile('c.jsonl', JSONL, lines(CHAT))]), 'A1: the data item "training data" holds 3 files; it must hold exactly one (the file to upload)'],
  ['B1 a multi-line item', () => {
    const items = prepare();
    configs.putObject('SelectConfB1', engine.createDataDefinition('item 9', 9, 'q_item9', 'STRING_TEXTAREA'));
    return items;
  }, 'B1: the data item "item 9" is not a single-line string item; choose a single-line string data item'],
  ['B2 a single-line item', () => {
    const items = prepare();
    configs.putObject('SelectConfB2', engine.createDataDefinition('item 9', 9, 'q_item9', 'STRING_TEXTFIELD'));
    return items;
  }, 'B2: the data item "item 9" is not a multi-line string item; choose a multi-line string data item'],
];

for (const [name, arrange, expected] of fileItemCases) {
  test(`invalid config: ${name}`, () => {
    const items = arrange();
    assertRefusedBeforeSending(expected);
    expect(engine.findData(items.json)).toEqual('before json');
  });
}

//// == The training-file check (purpose fine-tune): the first problem, with its line number ==

const UNCHECKED = '(A3 on: upload it unchecked)';

/** [name, file name, content, the problem after `the training file "<name>"`] */
const contentCases: [string, string, string, string][] = [
  ['not JSON', FILE_NAME, withLine(3, '{"messages": [{"role": "user"'), 'line 3 is not valid JSON: "{\\"messages\\": [{\\"role\\": \\"user\\""; each line holds one JSON object'],
  ['a JSON array', FILE_NAME, withLine(2, '["Capital of France?", "Paris."]'), 'line 2 is JSON, but not an object: "[\\"Capital of France?\\", \\"Paris.\\"]"; each line holds one JSON object'],
  ['a line in no format', FILE_NAME, withLine(5, '{"question": "Capital of France?", "answer": "Paris."}'), 'line 5 is in none of the fine-tuning formats: the chat format ("messages"), the preference format ("input", "preferred_output", "non_preferred_output"), or the prompt/completion format ("prompt", "completion")'],
  ['a second format', FILE_NAME, withLine(11, PROMPT_COMPLETION), 'line 11 is in the prompt/completion format ("prompt", "completion"), but line 1 is in the chat format ("messages"); a file holds one format'],
  ['a preference line among chat lines', FILE_NAME, withLine(4, PREFERENCE), 'line 4 is in the preference format ("input", "preferred_output", "non_preferred_output"), but line 1 is in the chat format ("messages"); a file holds one format'],
  ['chat: messages empty', FILE_NAME, withLine(1, '{"messages": []}'), 'line 1 (chat): "messages" is not a non-empty list of messages'],
  ['chat: a message without role', FILE_NAME, withLine(6, '{"messages": [{"content": "Hi"}, {"role": "assistant", "content": "Hello."}]}'), 'line 6 (chat): message 1 has no "role"'],
  ['chat: an unknown role', FILE_NAME, withLine(2, '{"messages": [{"role": "human", "content": "Hi"}, {"role": "assistant", "content": "Hello."}]}'), 'line 2 (chat): message 1 has the role "human"; a role is one of system, developer, user, assistant, tool, function'],
  ['chat: a message without content', FILE_NAME, withLine(2, '{"messages": [{"role": "user"}, {"role": "assistant", "content": "Hello."}]}'), 'line 2 (chat): message 1 ("user") has no "content" (a string or a list of parts)'],
  ['chat: no assistant message', FILE_NAME, withLine(8, '{"messages": [{"role": "user", "content": "Hi"}]}'), 'line 8 (chat): has no assistant message; each example needs one for the model to learn from'],
  ['preference: no non_preferred_output', FILE_NAME, `${PREFERENCE}\n{"input": {"messages": [{"role": "user", "content": "Hi"}]}, "preferred_output": [{"role": "assistant", "content": "Hello."}]}\n${lines(PREFERENCE, 9)}`, 'line 2 (preference): has no "non_preferred_output"; a preference example has "input", "preferred_output" and "non_preferred_output"'],
  ['preference: an output from the user', FILE_NAME, `${lines(PREFERENCE, 2)}{"input": {"messages": [{"role": "user", "content": "Hi"}]}, "preferred_output": [{"role": "assistant", "content": "Hello."}], "non_preferred_output": [{"role": "user", "content": "Go away."}]}\n`, 'line 3 (preference): non_preferred_output message 1 has the role "user"; an output message is an assistant message'],
  ['prompt/completion: completion not a string', FILE_NAME, `${lines(PROMPT_COMPLETION, 9)}{"prompt": "2+2 ->", "completion": 4}\n`, 'line 10 (prompt-completion): "completion" is missing or not a string'],
  ['9 examples', FILE_NAME, lines(CHAT, 9), 'has 9 training examples; OpenAI needs at least 10'],
  ['9 examples and blank lines', FILE_NAME, `\n${lines(CHAT, 9)}\n\n`, 'has 9 training examples; OpenAI needs at least 10'],
  ['an empty file', FILE_NAME, '', 'has 0 training examples; OpenAI needs at least 10'],
  ['a byte order mark in line 2', FILE_NAME, withLine(2, `\uFEFF${CHAT}`), 'line 2 starts with a byte order mark (U+FEFF); only the start of the file may have one'],
];

for (const [name, fileName, content, problem] of contentCases) {
  test(`training file: ${name}`, () => {
    const items = prepareFile(fileName, content);
    assertRefusedBeforeSending(`A1: the training file "${fileName}" ${problem} ${UNCHECKED}`);
    assertUnchanged(items);
  });
}

test('training file: not UTF-8 (a Latin-1 file), found at its line and byte', () => {
  const items = prepare({}, [engine.createQfile(FILE_NAME, 'application/jsonl; charset=ISO-8859-1', withLine(4, '{"prompt": "Caf\u00e9?", "completion": " Oui."}'))]);
  const at = 3 * (CHAT.length + 1) + '{"prompt": "Caf'.length + 1;
  assertRefusedBeforeSending(`A1: the training file "${FILE_NAME}" line 4 is not valid UTF-8 (byte ${at} of the file is not UTF-8); save the file as UTF-8 ${UNCHECKED}`);
  assertUnchanged(items);
});

/** Chat lines holding U+FFFD, the replacement character, as a character of the text. */
const REPLACEMENT_CHAT = JSON.stringify({ messages: [{ role: 'user', content: 'What is \uFFFD?' }, { role: 'assistant', content: 'U+FFFD, the replacement character.' }] });

test('training file: a real U+FFFD in a UTF-8 file, then a byte that is not UTF-8: the byte\'s line', () => {
  // Two lines of UTF-8 with U+FFFD, padded to a multiple of 3 bytes so that the base64 of the Latin-1 rest follows on.
  let head = lines(REPLACEMENT_CHAT, 2);
  while (utf8Length(head) % 3 !== 0) head = ` ${head}`;
  const rest = engine.createQfile('rest.jsonl', 'application/jsonl; charset=ISO-8859-1', `${lines(CHAT, 2)}{"prompt": "Caf\u00e9?", "completion": " Oui."}\n${lines(CHAT, 8)}`);
  const bytes = base64.decodeFromStringToByteArray(base64.encodeToString(head) + base64.encodeToString(rest));
  const items = prepare({}, [new com.questetra.bpms.core.event.scripttask.NewQfile(FILE_NAME, JSONL, bytes)]);
  const at = utf8Length(head) + 2 * (CHAT.length + 1) + '{"prompt": "Caf'.length + 1;
  assertRefusedBeforeSending(`A1: the training file "${FILE_NAME}" line 5 is not valid UTF-8 (byte ${at} of the file is not UTF-8); save the file as UTF-8 ${UNCHECKED}`);
  assertUnchanged(items);
});

test('training file: a sequence cut short at the end of the file is not UTF-8', () => {
  const head = lines(CHAT);
  const padded = `${head}${' '.repeat((3 - (utf8Length(head) % 3)) % 3)}`;
  // "4pyT" is E2 9C 93 (U+2713); "4pw=" is its first two bytes only.
  const bytes = base64.decodeFromStringToByteArray(`${base64.encodeToString(padded)}4pw=`);
  const items = prepare({}, [new com.questetra.bpms.core.event.scripttask.NewQfile(FILE_NAME, JSONL, bytes)]);
  assertRefusedBeforeSending(`A1: the training file "${FILE_NAME}" line 11 is not valid UTF-8 (byte ${utf8Length(padded) + 1} of the file is not UTF-8); save the file as UTF-8 ${UNCHECKED}`);
  assertUnchanged(items);
});

test('training file: the name must end in .jsonl (A3 does not change that)', () => {
  for (const name of ['train.json', 'train.jsonl.txt', 'train']) {
    const items = prepareFile(name, lines(CHAT));
    configs.putObject('StrConfA3', true);
    assertRefusedBeforeSending(`A1: the file ${JSON.stringify(name)} is not a JSON Lines file; fine-tuning takes a file whose name ends in .jsonl`);
    assertUnchanged(items);
  }
});

test('training file: A3 on: a file the check would refuse is uploaded as it is', () => {
  const content = lines('{"messages": [{"role": "user", "content": "Grade this."}], "reference_answer": "A"}', 3);
  const items = prepareFile(FILE_NAME, content);
  configs.putObject('StrConfA3', true);
  const answer = fileObject({ bytes: utf8Length(content) });
  const requests = recordRequests(() => jsonResponse(200, answer));
  main();
  expect(requests.length).toEqual(1);
  assertUpload(requests[0], FILES_URL, OPENAI_HEADERS, 'fine-tune', FILE_NAME, JSONL, utf8Length(content));
  assertWritten(items, answer);
});

test('training file: another purpose (batch) is not checked as training data', () => {
  const content = `${JSON.stringify({ custom_id: 'r1', method: 'POST', url: '/v1/chat/completions', body: { model: 'gpt-4o-mini', messages: [] } })}\n`;
  const items = prepareFile('requests.jsonl', content, { StrConfA2: 'batch' });
  const answer = fileObject({ purpose: 'batch', filename: 'requests.jsonl', bytes: utf8Length(content) });
  const requests = recordRequests(() => jsonResponse(200, answer));
  main();
  assertUpload(requests[0], FILES_URL, OPENAI_HEADERS, 'batch', 'requests.jsonl', JSONL, utf8Length(content));
  assertWritten(items, answer);
});

//// == Success: the multipart body, OpenAI and Azure OpenAI, the data items ==

test('OpenAI: one multipart POST to /files (purpose, file); B1 and B2 written', () => {
  const items = prepare();
  const requests = recordRequests(() => jsonResponse(200, fileObject()));
  main();
  expect(requests.length).toEqual(1);
  assertUpload(requests[0], FILES_URL, OPENAI_HEADERS, 'fine-tune', FILE_NAME, JSONL, utf8Length(lines(CHAT)));
  assertWritten(items, fileObject());
});

test('OpenAI: A2 fine-tune chosen explicitly; organization and project sent as headers', () => {
  const items = prepare({ StrConfA2: 'fine-tune', StrConfU2: 'org-abc123', StrConfU3: 'proj_abc123' });
  const requests = recordRequests(() => jsonResponse(200, fileObject()));
  main();
  assertUpload(requests[0], FILES_URL, { Authorization: `Bearer ${API_KEY}`, 'OpenAI-Organization': 'org-abc123', 'OpenAI-Project': 'proj_abc123' }, 'fine-tune', FILE_NAME, JSONL, utf8Length(lines(CHAT)));
  assertWritten(items, fileObject());
});

/** [name, file name, content type, content] of files the check accepts. */
const goodFiles: [string, string, string, string][] = [
  ['preference (DPO) examples', 'dpo.jsonl', JSONL, lines(PREFERENCE)],
  ['prompt/completion examples', 'legacy.jsonl', 'application/octet-stream', lines(PROMPT_COMPLETION, 12)],
  ['CRLF line ends, blank lines, a byte order mark', 'windows.JSONL', 'text/plain; charset=UTF-8', `\uFEFF${lines(CHAT).split('\n').join('\r\n')}\r\n\r\n`],
  ['U+FFFD, the replacement character, in the text of a UTF-8 file', FILE_NAME, JSONL, lines(REPLACEMENT_CHAT)],
  ['a Japanese file name and text', '学習データ.jsonl', JSONL, lines(JSON.stringify({ messages: [{ role: 'user', content: '日本の首都は?' }, { role: 'assistant', content: '東京です。' }] }))],
];

for (const [name, fileName, contentType, content] of goodFiles) {
  test(`OpenAI: ${name}`, () => {
    const items = prepareFile(fileName, content, {}, contentType);
    const answer = fileObject({ filename: fileName, bytes: utf8Length(content) });
    const requests = recordRequests(() => jsonResponse(200, answer));
    main();
    assertUpload(requests[0], FILES_URL, OPENAI_HEADERS, 'fine-tune', fileName, contentType, utf8Length(content));
    assertWritten(items, answer);
  });
}

test('OpenAI: no data item chosen: the file is uploaded, nothing written', () => {
  prepare();
  configs.putObject('SelectConfB1', null);
  configs.putObject('SelectConfB2', null);
  const requests = recordRequests(() => jsonResponse(200, fileObject()));
  main();
  expect(requests.length).toEqual(1);
});

test('OpenAI: an answer with bytes null (allowed by OpenAI since contract 2.3.0) is accepted', () => {
  const items = prepare();
  const answer = fileObject({ bytes: null });
  recordRequests(() => jsonResponse(200, answer));
  main();
  assertWritten(items, answer);
});

test('OpenAI-compatible gateway in U4', () => {
  prepare({ StrConfU4: 'https://gateway.example.com/openai/v1/' });
  const requests = recordRequests(() => jsonResponse(200, fileObject()));
  main();
  assertUpload(requests[0], 'https://gateway.example.com/openai/v1/files', OPENAI_HEADERS, 'fine-tune', FILE_NAME, JSONL, utf8Length(lines(CHAT)));
});

test('Azure OpenAI: /openai/files with api-version, api-key header, the same parts; 201 Created', () => {
  const items = prepare({ StrConfU4: AZURE, StrConfU2: 'org-abc123' });
  const answer = { status: 'pending', bytes: utf8Length(lines(CHAT)), purpose: 'fine-tune', filename: FILE_NAME, id: 'file-181a1cbdcdcf4677ada87f63a0928099', created_at: 1721764800, object: 'file' };
  const requests = recordRequests(() => jsonResponse(201, answer));
  main();
  expect(requests.length).toEqual(1);
  assertUpload(requests[0], AZURE_FILES_URL, AZURE_HEADERS, 'fine-tune', FILE_NAME, JSONL, utf8Length(lines(CHAT)));
  assertWritten(items, answer);
});

test('Azure OpenAI: endpoint with /openai/ and an API version from U5', () => {
  prepare({ StrConfU4: `${AZURE}/openai/`, StrConfU5: '2025-04-01-preview' });
  const requests = recordRequests(() => jsonResponse(200, fileObject()));
  main();
  assertUpload(requests[0], `${AZURE}/openai/files?api-version=2025-04-01-preview`, AZURE_HEADERS, 'fine-tune', FILE_NAME, JSONL, utf8Length(lines(CHAT)));
});

//// == Failures: status and the API's message in the error; data items unchanged ==

const ANSWER_HINT = `but not with the file object of "${FILE_NAME}"`;

const failures: FailureCase[] = [
  ['400 invalid file format', errorResponse(400, 'Invalid file format for Fine-Tuning API. Must be .jsonl', 'invalid_request_error', 'invalid_file_format'), 'OpenAI API: HTTP 400: Invalid file format for Fine-Tuning API. Must be .jsonl'],
  ['413 too large', errorResponse(413, 'File exceeds the maximum size of 512 MB'), 'OpenAI API: HTTP 413: File exceeds the maximum size of 512 MB'],
  ...requestFailureCases('POST', FILES_URL),
  ['200 that is not a file', jsonResponse(200, { object: 'list', data: [] }), `OpenAI API: answered HTTP 200, ${ANSWER_HINT} (its "object" is "list", not "file"); see the process log`],
  ['200 a job, not a file', jsonResponse(200, { object: 'fine_tuning.job', id: 'ftjob-abc123' }), `OpenAI API: answered HTTP 200, ${ANSWER_HINT} (its "object" is "fine_tuning.job", not "file"); see the process log`],
  ['200 file without id', jsonResponse(200, fileObject({ id: undefined })), `OpenAI API: answered HTTP 200, ${ANSWER_HINT} (it has no file "id" like file-abc123); see the process log`],
  ['200 file id with a path', jsonResponse(200, fileObject({ id: 'file-abc/../x' })), `OpenAI API: answered HTTP 200, ${ANSWER_HINT} (it has no file "id" like file-abc123); see the process log`],
  ['200 another size', jsonResponse(200, fileObject({ bytes: 1 })), `OpenAI API: answered HTTP 200, ${ANSWER_HINT} (its "bytes" is 1, but ${utf8Length(lines(CHAT))} were sent); see the process log`],
  ['200 another purpose', jsonResponse(200, fileObject({ purpose: 'assistants' })), `OpenAI API: answered HTTP 200, ${ANSWER_HINT} (its "purpose" is "assistants", but "fine-tune" was sent); see the process log`],
];

testFailureCases(failures, arrangeUnchanged);

// Issue 9's hostile answers, but those about job objects (a file upload answers with a file).
const hostile = hostileAnswerCases('POST', FILES_URL).filter(([name]) => name.indexOf('200 job') !== 0 && name !== '200 that is a JSON array');

testFailureCases(hostile.map(([name, answer, expected]): FailureCase => [`hostile: ${name}`, answer, expected]), arrangeUnchanged);

test('failure: Azure OpenAI error envelope', () => {
  const items = prepare({ StrConfU4: AZURE });
  const requests = recordRequests(() => jsonResponse(400, { error: { code: 'invalidPayload', message: 'The file is not valid JSONL.' } }));
  assertStepError('Azure OpenAI: HTTP 400: The file is not valid JSONL.');
  expect(requests.length).toEqual(1);
  assertUnchanged(items);
});

test('failure: an answer echoing the key in its object field: no key in the error', () => {
  const items = prepare();
  recordRequests(() => jsonResponse(200, fileObject({ object: API_KEY })));
  assertStepError(`OpenAI API: answered HTTP 200, ${ANSWER_HINT} (its "object" is "[API key]", not "file"); see the process log`);
  assertUnchanged(items);
});

test('key: a file object echoing the key is written without it', () => {
  const items = prepare();
  recordRequests(() => jsonResponse(200, fileObject({ status_details: `debug ${API_KEY}` })));
  main();
  expect(engine.findData(items.id)).toEqual(FILE_ID);
  expect(String(engine.findData(items.json)).indexOf(API_KEY)).toEqual(-1);
  expect(JSON.parse(String(engine.findData(items.json)))['status_details']).toEqual('debug [API key]');
});

//// == Endpoints, the key as pasted, and writing all items or none (issue 9) ==

testValidEndpointCases('POST', '/files', prepare, jsonResponse(200, fileObject()), (request, url, headers) => {
  assertUpload(request, url, headers, 'fine-tune', FILE_NAME, JSONL, utf8Length(lines(CHAT)));
});

testPastedKeyCases('POST', '/files', arrangeUnchanged);

test('key: a file object echoing the key in every encoding: concealed in B2; B1 written', () => {
  const items = prepare();
  const file = fileObject({ debug: keyEchoingField() });
  recordRequests(() => jsonResponse(200, file));
  main();
  expect(engine.findData(items.id)).toEqual(FILE_ID);
  assertEchoesConcealed(String(engine.findData(items.json)));
});

test('failure: B2 would exceed 1,000,000 characters: neither B1 nor B2 written', () => {
  const items = prepare();
  recordRequests(() => jsonResponse(200, fileObject({ note: 'n'.repeat(1000000) })));
  assertStepError(tooLongForItem('B2'));
  assertUnchanged(items);
});

