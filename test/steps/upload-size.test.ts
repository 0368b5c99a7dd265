/**
 * Upload's size refusal through the built step (addons/openai-file-upload.xml): a training file
 * over OpenAI's 512 MB limit for one upload is refused as an A1 error before anything is sent,
 * and nothing is written. A `<test>` case cannot hold such a file: the test API makes files from
 * text it has in memory (`engine.createQfile`), so the step's own `<test>` block stops below the
 * limit. Here the built script runs in the local host (Node tier) with a `<test>` block of our
 * own whose file reports 536,870,913 bytes (the limit and one) through `getLength()`, the only
 * way the step learns a file's size, without that much memory being taken.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, test } from 'vitest';
import { readAddonXml } from '../../src/addon/xml-read.js';
import { UPLOAD_SIZE_LIMIT } from '../../src/lib/training-file.js';
import { outcome, runTests } from '../support/host.js';

const LIMIT = 536_870_912;

/**
 * A `<test>` block (plain JavaScript, as the host runs it): A1 holds one file `train.jsonl` with
 * ten good chat lines whose `getLength()` says `bytes`; A2 is `fine-tune`; A3 is `a3`; B1 and B2
 * hold values a failure must keep. Every request is answered with a file object and recorded.
 * The step's error (or "no error") goes to the log, for the vitest side to read.
 */
function sizeTest(name: string, bytes: number, a3: boolean): string {
  return `
test(${JSON.stringify(name)}, function () {
  configs.putObject('AuthzConfU1', httpClient.createAuthSettingToken('OpenAI API key', 'sk-test-QADDON-size-0123456789'));
  configs.put('StrConfA2', 'fine-tune');
  configs.putObject('StrConfA3', ${a3});
  var line = JSON.stringify({ messages: [{ role: 'user', content: 'Capital of France?' }, { role: 'assistant', content: 'Paris.' }] });
  var text = '';
  for (var i = 0; i < 10; i += 1) text += line + '\\n';
  var file = engine.createQfile('train.jsonl', 'application/jsonl', text);
  file.getLength = function () { return ${bytes}; };
  var list = new java.util.ArrayList();
  list.add(file);
  var fileItem = engine.createDataDefinition('training data', 1, 'q_training', 'FILE');
  engine.setData(fileItem, list);
  configs.putObject('SelectConfA1', fileItem);
  var id = engine.createDataDefinition('file id', 2, 'q_id', 'STRING_TEXTFIELD');
  engine.setData(id, 'before id');
  configs.putObject('SelectConfB1', id);
  var json = engine.createDataDefinition('file json', 3, 'q_json', 'STRING_TEXTAREA');
  engine.setData(json, 'before json');
  configs.putObject('SelectConfB2', json);
  httpClient.setRequestHandler(function () {
    return httpClient.createHttpResponse(200, 'application/json', JSON.stringify({ object: 'file', id: 'file-abc123', purpose: 'fine-tune', filename: 'train.jsonl', bytes: ${bytes}, created_at: 1721764800, status: 'processed' }));
  });
  var message = 'no error';
  try {
    main();
  } catch (e) {
    message = String(e && e.message);
  }
  engine.log('step error: ' + message);
});
`;
}

async function run(bytes: number, a3: boolean) {
  const model = readAddonXml(await readFile('addons/openai-file-upload.xml'));
  if (model.script === undefined) throw new Error('addons/openai-file-upload.xml has no <script>');
  const name = `${bytes} bytes, A3 ${a3 ? 'on' : 'off'}`;
  const tests = await runTests(model.script, sizeTest(name, bytes, a3), model.configs);
  const result = outcome(tests, name);
  expect(result.error).toBeNull();
  const stepError = result.logs.filter((line) => line.startsWith('step error: ')).map((line) => line.slice('step error: '.length));
  const items = Object.fromEntries(result.data.filter((item) => item.name !== 'training data').map((item) => [item.varName, item.value]));
  return { stepError, requests: result.requests, items };
}

describe('Upload: a training file over 512 MB, through the built step', () => {
  test('the limit is the one the step counts with', () => {
    expect(UPLOAD_SIZE_LIMIT).toBe(LIMIT);
  });

  test.each([
    ['off', false],
    ['on', true],
  ])('one byte over the limit, A3 %s: an A1 error that says the limit; no request, nothing written', async (_shown, a3) => {
    const { stepError, requests, items } = await run(LIMIT + 1, a3);
    expect(stepError).toEqual([`A1: the file "train.jsonl" has ${LIMIT + 1} bytes; one upload takes at most ${LIMIT} bytes (512 MB)`]);
    expect(requests).toEqual([]);
    expect(items).toEqual({ q_id: 'before id', q_json: 'before json' });
  }, 30_000);

  test('exactly the limit: uploaded (the refusal is not the test file\'s doing)', async () => {
    const { stepError, requests, items } = await run(LIMIT, false);
    expect(stepError).toEqual(['no error']);
    expect(requests).toHaveLength(1);
    expect(items).toEqual({ q_id: 'file-abc123', q_json: expect.stringContaining('"id": "file-abc123"') as unknown });
  }, 30_000);
});
