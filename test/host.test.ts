/**
 * The local Questetra host (Node tier), seen through small synthetic add-ons: what a script can
 * reach, how the host objects check their arguments, the test API, isolation between tests,
 * and how load errors and results are reported.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AddonModel } from '../src/addon/model.js';
import { formatResults, tally, testAddonFiles, type AddonResult } from '../src/host/test-addons.js';
import { config, tempFolder, validModel, writeAddonFile } from './support/addons.js';
import { outcome, runSynthetic, runTests } from './support/host.js';

const MAIN = 'function main() {}\n';

describe('the sandbox', () => {
  it('has no Node globals, in the script and in the test block', async () => {
    const probe = "[typeof require, typeof process, typeof console, typeof setTimeout, typeof setImmediate, typeof Buffer, typeof module, typeof global, typeof fetch, typeof TextEncoder, typeof URL].join(',')";
    const tests = await runTests(
      `var fromScript = ${probe};\n${MAIN}`,
      `test('probe', function () {
        engine.log(fromScript);
        engine.log(${probe});
        engine.log(configs.constructor.constructor('return typeof process')());
        engine.log(engine.log.constructor('return typeof require + "," + typeof console')());
        engine.log(typeof (function () { return this; })().process);
      });`,
    );
    const none = Array(11).fill('undefined').join(',');
    expect(outcome(tests, 'probe')).toMatchObject({ passed: true, logs: [none, none, 'undefined', 'undefined,undefined', 'undefined'] });
  });

  it('has the ES2020 built-ins and the host objects', async () => {
    const tests = await runTests(
      MAIN,
      `test('probe', function () {
        engine.log([typeof JSON, typeof Math, typeof Map, typeof RegExp, typeof BigInt].join(','));
        engine.log([typeof configs, typeof engine, typeof httpClient, typeof processInstance].join(','));
      });`,
    );
    expect(outcome(tests, 'probe').logs).toEqual(['object,object,function,function,function', 'object,object,object,object']);
  });
});

describe('the host objects check arguments like Java methods', () => {
  it('a String parameter refuses a number', async () => {
    const tests = await runTests(
      MAIN,
      `function attempt(what, fn) {
        try { fn(); engine.log(what + ' returned'); } catch (e) { engine.log(what + ' threw ' + e.name + ': ' + e.message); }
      }
      test('numbers', function () {
        attempt('engine.log(1)', function () { engine.log(1); });
        attempt("header('X', 1)", function () { httpClient.begin().header('X', 1); });
        attempt("header('X', '1')", function () { httpClient.begin().header('X', '1'); });
        attempt("configs.put('A', 1)", function () { configs.put('A', 1); });
      });`,
    );
    const logs = outcome(tests, 'numbers').logs;
    expect(logs).toHaveLength(4);
    expect(logs[0]).toMatch(/^engine\.log\(1\) threw TypeError: engine\.log: message must be a java\.lang\.String, but got number 1/);
    expect(logs[1]).toMatch(/^header\('X', 1\) threw TypeError: request\.header: value must be a java\.lang\.String, but got number 1/);
    expect(logs[2]).toBe("header('X', '1') returned");
    expect(logs[3]).toMatch(/^configs\.put\('A', 1\) threw TypeError: configs\.put: value must be a java\.lang\.String/);
  });

  it('engine.findData of a string item never set is null, and "" once set to ""', async () => {
    const tests = await runTests(
      MAIN,
      `test('empty', function () {
        var item = engine.createDataDefinition('Item', 1, 'q_item', 'STRING_TEXTFIELD');
        engine.log(JSON.stringify(engine.findData(item)));
        engine.setData(item, 'x');
        engine.log(JSON.stringify(engine.findData(item)));
        engine.setData(item, '');
        engine.log(JSON.stringify(engine.findData(item)));
      });`,
    );
    expect(outcome(tests, 'empty').logs).toEqual(['null', '"x"', '""']);
  });
});

describe('httpClient', () => {
  it('fails the requests beyond httpClient.getRequestingLimit()', async () => {
    const tests = await runTests(
      MAIN,
      `test('limit', function () {
        httpClient.setRequestHandler(function () { return httpClient.createHttpResponse(200, 'text/plain', 'ok'); });
        var limit = httpClient.getRequestingLimit();
        engine.log(String(limit));
        for (var i = 0; i < limit; i++) httpClient.begin().get('https://example.com/' + i);
        engine.log('sent ' + limit);
        try {
          httpClient.begin().get('https://example.com/one-too-many');
          engine.log('one too many: sent');
        } catch (e) {
          engine.log('one too many: ' + e.message);
        }
      });`,
    );
    const limitTest = outcome(tests, 'limit');
    const limit = Number(limitTest.logs[0]);
    expect(limit).toBeGreaterThan(0);
    expect(limitTest.logs.slice(1)).toEqual([
      `sent ${limit}`,
      `one too many: the step may send at most ${limit} requests per execution (httpClient.getRequestingLimit())`,
    ]);
    expect(limitTest.requests.map((request) => request.url)).toEqual(Array.from({ length: limit }, (_, i) => `https://example.com/${i}`));
  });

  it("lets the handler read request.headers['X'] and request.headers.get('x')", async () => {
    const tests = await runTests(
      MAIN,
      `test('headers', function () {
        httpClient.setRequestHandler(function (request) {
          engine.log(request.headers['X-Custom']);
          engine.log(request.headers.get('x-custom'));
          engine.log(request.headers.get('X-CUSTOM'));
          engine.log(String(request.headers.get('X-Missing')));
          engine.log(request.method + ' ' + request.url + ' ' + request.contentType + ' ' + request.body);
          return httpClient.createHttpResponse(201, 'application/json', '{"ok":true}');
        });
        var response = httpClient.begin().header('X-Custom', 'v1').queryParam('q', "a b~!'()*").body('{}', 'application/json').post('https://example.com/x');
        engine.log(response.getStatusCode() + ' ' + response.getResponseAsString());
      });`,
    );
    const headersTest = outcome(tests, 'headers');
    // Query values are encoded as Java's URLEncoder does: space as +, ~ ! ' ( ) escaped, * kept.
    const url = 'https://example.com/x?q=a+b%7E%21%27%28%29*';
    expect(headersTest.logs).toEqual(['v1', 'v1', 'v1', 'null', `POST ${url} application/json {}`, '201 {"ok":true}']);
    expect(headersTest.requests).toEqual([{ method: 'POST', url, contentType: 'application/json', headers: { 'X-Custom': 'v1' }, body: '{}' }]);
  });

  it('sends the token of an auth setting as a bearer header and reports it as a secret', async () => {
    const tests = await runTests(
      MAIN,
      `test('auth', function () {
        httpClient.setRequestHandler(function () { return httpClient.createHttpResponse(200, 'text/plain', ''); });
        var auth = httpClient.createAuthSettingToken('Key', 'tok-0123456789');
        httpClient.begin().authSetting(auth).get('https://example.com/');
      });`,
    );
    const authTest = outcome(tests, 'auth');
    expect(authTest.requests[0]?.headers).toEqual({ Authorization: 'Bearer tok-0123456789' });
    expect(authTest.secrets).toEqual(['tok-0123456789']);
  });

  it('refuses to send when no handler is set: a test never reaches the network', async () => {
    const tests = await runTests(MAIN, "test('no handler', function () { httpClient.begin().get('https://example.com/'); });");
    expect(outcome(tests, 'no handler').error).toBe('no request handler set: GET https://example.com/ cannot reach the network in a test');
  });
});

describe('the test API', () => {
  let tests: Awaited<ReturnType<typeof runTests>>;

  beforeAll(async () => {
    tests = await runTests(
      MAIN,
      `test('toEqual mismatch', function () { expect(1).toEqual(2); });
      test('toEqual deep match', function () { expect({ a: [1, { b: 'x' }], n: null }).toEqual({ a: [1, { b: 'x' }], n: null }); });
      test('toEqual deep mismatch', function () { expect({ a: [1] }).toEqual({ a: [1, 2] }); });
      test('toEqual array is no object', function () { expect([1]).toEqual({ 0: 1 }); });
      test('toEqual string is no number', function () { expect('1').toEqual(1); });
      test('toThrow, fn throws', function () { expect(function () { throw new Error('boom'); }).toThrow(); });
      test('toThrow, fn returns', function () { expect(function () { return 1; }).toThrow(); });
      test('fail', function () { fail('m'); });
      test('passes', function () {});`,
    );
  });

  it('runs every test, in order, even after failures', () => {
    expect(tests.map((test) => test.name)).toEqual([
      'toEqual mismatch', 'toEqual deep match', 'toEqual deep mismatch', 'toEqual array is no object',
      'toEqual string is no number', 'toThrow, fn throws', 'toThrow, fn returns', 'fail', 'passes',
    ]);
    expect(outcome(tests, 'passes')).toMatchObject({ passed: true, error: null });
  });

  it('expect(1).toEqual(2) fails with a readable message', () => {
    expect(outcome(tests, 'toEqual mismatch')).toMatchObject({ passed: false, error: 'expected 2, but got 1' });
  });

  it('toEqual compares deeply', () => {
    expect(outcome(tests, 'toEqual deep match').passed).toBe(true);
    expect(outcome(tests, 'toEqual deep mismatch')).toMatchObject({ passed: false, error: 'expected {"a":[1,2]}, but got {"a":[1]}' });
    expect(outcome(tests, 'toEqual array is no object').passed).toBe(false);
    expect(outcome(tests, 'toEqual string is no number')).toMatchObject({ passed: false, error: 'expected 1, but got "1"' });
  });

  it('expect(fn).toThrow() passes when fn throws and fails when it returns', () => {
    expect(outcome(tests, 'toThrow, fn throws')).toMatchObject({ passed: true, error: null });
    expect(outcome(tests, 'toThrow, fn returns')).toMatchObject({ passed: false, error: 'expected the function to throw, but it returned normally' });
  });

  it("fail('m') fails with 'm'", () => {
    expect(outcome(tests, 'fail')).toMatchObject({ passed: false, error: 'm' });
  });
});

describe('isolation and declared configs', () => {
  const CONFIGS = [config('StrConfA1'), config('SelectConfB1', { formType: 'SELECT', selectDataType: 'STRING_TEXTFIELD' })];

  it('configs, data, handler, auth settings, temporary data and logs of one test are gone in the next', async () => {
    const tests = await runTests(
      MAIN,
      `test('first', function () {
        configs.put('StrConfA1', 'from the first test');
        var item = engine.createDataDefinition('Item', 1, 'q_item', 'STRING_TEXTFIELD');
        engine.setData(item, 'first');
        configs.putObject('SelectConfB1', item);
        httpClient.setRequestHandler(function () { return httpClient.createHttpResponse(200, 'text/plain', 'ok'); });
        httpClient.createAuthSettingToken('Key', 'token-of-the-first-test');
        engine.saveTemporaryData('temp');
        engine.log('first');
        httpClient.begin().get('https://example.com/first');
      });
      test('second', function () {
        engine.log('A1=' + JSON.stringify(configs.get('StrConfA1')));
        engine.log('B1=' + JSON.stringify(configs.getObject('SelectConfB1')));
        engine.log('temp=' + JSON.stringify(engine.restoreTemporaryData()));
        try { httpClient.begin().get('https://example.com/second'); } catch (e) { engine.log(e.message); }
      });`,
      CONFIGS,
    );
    expect(outcome(tests, 'first')).toMatchObject({
      passed: true,
      logs: ['first'],
      data: [{ name: 'Item', varName: 'q_item', value: 'first' }],
      secrets: ['token-of-the-first-test'],
    });
    const second = outcome(tests, 'second');
    expect(second).toMatchObject({ passed: true, data: [], secrets: [], stepErrors: [] });
    expect(second.logs).toEqual([
      'A1=""',
      'B1=null',
      'temp=null',
      'no request handler set: GET https://example.com/second cannot reach the network in a test',
    ]);
    expect(second.requests.map((request) => request.url)).toEqual(['https://example.com/second']);
  });

  it('configs.get of a config the add-on does not declare throws; a test may still set one, as on the platform', async () => {
    const tests = await runTests(
      MAIN,
      `test('typo', function () {
        try { configs.get('StrConfA9'); engine.log('read'); } catch (e) { engine.log(e.message); }
        try { configs.put('StrConfA9', 'x'); engine.log('put'); } catch (e) { engine.log(e.message); }
        engine.log(JSON.stringify(configs.get('StrConfA1')));
      });`,
      CONFIGS,
    );
    expect(outcome(tests, 'typo').logs).toEqual(["configs.get: the add-on declares no config named 'StrConfA9'", 'put', '""']);
  });

  it('an add-on that declares no configs reads any name as blank', async () => {
    const tests = await runTests(MAIN, "test('any', function () { engine.log(JSON.stringify(configs.get('Whatever'))); });");
    expect(outcome(tests, 'any').logs).toEqual(['""']);
  });

  it('records what main() threw, even when the test caught it', async () => {
    const tests = await runTests(
      "function main() { throw new Error('A1: the ID is blank'); }",
      "test('caught', function () { try { main(); } catch (e) { engine.log('caught'); } });",
    );
    expect(outcome(tests, 'caught')).toMatchObject({ passed: true, stepErrors: ['A1: the ID is blank'], logs: ['caught'] });
  });
});

describe('where a test failed', () => {
  it("is the first frame of the stack in the add-on's own code, <script> or <test>, with line and column", async () => {
    const tests = await runTests(
      'function main() {\n  return readDeeper({});\n}\nfunction readDeeper(value) {\n  return value.nothing.deeper;\n}\n',
      "test('deep', function () {\n  main();\n});\ntest('wrong', function () {\n  expect(1).toEqual(2);\n});\ntest('fine', function () {});\n",
    );
    expect(outcome(tests, 'deep')).toMatchObject({ passed: false, where: '<script>:5:24' });
    expect(outcome(tests, 'wrong')).toMatchObject({ passed: false, where: '<test>:5:13' });
    expect(outcome(tests, 'fine')).toMatchObject({ passed: true, where: null });
  });

  it('is nothing for a thrown value without a stack, and never what a forged stack puts outside the form', async () => {
    const tests = await runTests(
      MAIN,
      [
        "test('a string', function () { throw 'no stack'; });",
        "test('escapes', function () { throw { stack: '    at x (a.xml <script>:1:1)\\u001b[2K\\n' }; });",
        "test('long digits', function () { throw { stack: '    at x (a.xml <script>:12345678901:1)' }; });",
        "test('forged but well-formed', function () { throw { stack: 'Error\\n    at x (a.xml <test>:7:3)' }; });",
        "test('a throwing getter', function () { throw Object.defineProperty({}, 'stack', { get: function () { throw new Error('no'); } }); });",
      ].join('\n'),
    );
    for (const name of ['a string', 'escapes', 'long digits', 'a throwing getter']) expect(outcome(tests, name), name).toMatchObject({ passed: false, where: null });
    // The add-on's own lie about its own lines: still only a part, a line and a column.
    expect(outcome(tests, 'forged but well-formed').where).toBe('<test>:7:3');
  });
});

describe('load errors, tally and the printed results', () => {
  let folder: { path: string; remove: () => Promise<void> };
  let results: AddonResult[];
  const files: Record<string, string> = {};

  const addons: Record<string, Partial<AddonModel>> = {
    passing: { test: "test('one', function () {});\ntest('two', function () { expect(1).toEqual(1); });" },
    failing: { test: "test('ok', function () {});\ntest('wrong', function () { expect('a').toEqual('b'); });" },
    'syntax-error': { script: 'function main() {\n' },
    'reference-error': { script: 'function main() {}\nnotDefinedAnywhere.x = 1;\n' },
    'test-throws': { test: "throw new Error('the block itself failed');" },
    'no-test': { test: undefined },
  };

  beforeAll(async () => {
    folder = await tempFolder('host');
    for (const [name, changes] of Object.entries(addons)) {
      files[name] = await writeAddonFile(folder.path, name, validModel({ configs: [], ...changes }));
    }
    files['missing'] = `${folder.path}/missing.xml`;
    results = await testAddonFiles(Object.values(files), { engine: 'node' });
  });

  afterAll(async () => {
    await folder.remove();
  });

  function result(name: string): AddonResult {
    const found = results.find((candidate) => candidate.name === name);
    if (!found) throw new Error(`no result for ${name}`);
    return found;
  }

  it('keeps the order of the files', () => {
    expect(results.map((r) => r.file)).toEqual(Object.values(files));
  });

  it('runs add-ons that load', () => {
    expect(result('passing')).toMatchObject({ loadError: null, tests: [{ name: 'one', passed: true }, { name: 'two', passed: true }] });
    expect(result('failing').tests.map((t) => [t.name, t.passed, t.error])).toEqual([['ok', true, null], ['wrong', false, 'expected "b", but got "a"']]);
  });

  it('reports a syntax error in the script as a load error', () => {
    expect(result('syntax-error')).toMatchObject({ tests: [] });
    expect(result('syntax-error').loadError).toMatch(/^syntax-error <script>: not valid ECMAScript 2020/);
  });

  it('reports a ReferenceError at top level as a load error, with where it happened', () => {
    expect(result('reference-error').loadError).toBe('ReferenceError: notDefinedAnywhere is not defined (reference-error.xml <script>:2:1)');
  });

  it('reports a test block that throws, one without <test>, and a missing file as load errors', () => {
    expect(result('test-throws').loadError).toMatch(/^Error: the block itself failed \(test-throws\.xml <test>:1:\d+\)$/);
    expect(result('no-test').loadError).toBe('the add-on has no <test> block');
    expect(result('missing')).toMatchObject({ loadError: 'no such file or folder', unreadable: true });
  });

  it('tally counts each load error as one failed test', () => {
    expect(tally(results)).toEqual({ passed: 3, failed: 1 + 5 });
    expect(tally([result('reference-error')])).toEqual({ passed: 0, failed: 1 });
  });

  it('formatResults prints a line per test, a per-file table, and ends with "N passed, M failed"', () => {
    const lines = formatResults(results, 'Node');
    expect(lines.at(-1)).toBe('3 passed, 6 failed');
    expect(lines).toContain('  ✓ one');
    expect(lines).toContain(`  ✗ wrong: expected "b", but got "a" (at <test>:2:${"test('wrong', function () { expect('a').".length + 1})`);
    const header = lines.findIndex((line) => /^file\s+passed\s+failed$/.test(line));
    expect(header).toBeGreaterThan(0);
    const table = lines.slice(header + 1, -1).map((line) => line.split(/\s+/));
    expect(table).toEqual(Object.values(files).map((file) => [file, ...Object.values(tally(results.filter((r) => r.file === file))).map(String)]));
    expect(table.find((row) => row[0] === files['failing'])).toEqual([files['failing'], '1', '1']);
    expect(lines).toContain('  ✗ could not load: ReferenceError: notDefinedAnywhere is not defined (reference-error.xml <script>:2:1)');
    expect(lines.filter((line) => /^ {2}[✓✗] /.test(line))).toHaveLength(4 + 4);
    // A file that cannot be read is one line of its own.
    expect(lines).toContain(`${files['missing']}: no such file or folder`);
  });

  it('formatResults of nothing is "0 passed, 0 failed"', () => {
    expect(formatResults([], 'Node')).toEqual(['0 passed, 0 failed']);
  });
});

describe('a run that cannot finish', () => {
  it('is reported as the add-on failing at its time limit, with the test that was running and those before it', async () => {
    const run = await runSynthetic(MAIN, "test('quick', function () {});\ntest('endless', function () { for (;;) {} });\ntest('never reached', function () {});", [], {
      timeLimitMs: 500,
    });
    expect(run.loadError).toBe('did not finish within the time limit of 0.5 s (test "endless" was running)');
    expect(run.ranBefore?.map((test) => [test.name, test.passed])).toEqual([['quick', true]]);
  });
});

describe('the report cannot be changed from inside', () => {
  it('a block that replaces JSON.stringify and adds toJSON to every object gets its real verdicts and evidence', async () => {
    const tests = await runTests(
      MAIN,
      `test('logs', function () { engine.log('real'); });
test('fails', function () { expect(1).toEqual(2); });
JSON.stringify = function () { throw new Error('broken'); };
Object.prototype.toJSON = function () { return { logs: ['forged'] }; };`,
    );
    expect(tests.map((test) => [test.name, test.passed, test.logs])).toEqual([
      ['logs', true, ['real']],
      ['fails', false, []],
    ]);
  });

  it('tests registered after Array.prototype.push was replaced still run, as registered', async () => {
    const tests = await runTests(
      MAIN,
      `Array.prototype.push = function () { return 0; };
test('passes', function () {});
test('fails', function () { expect(1).toEqual(2); });`,
    );
    expect(tests.map((test) => [test.name, test.passed])).toEqual([
      ['passes', true],
      ['fails', false],
    ]);
  });
});
