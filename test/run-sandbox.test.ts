/**
 * `qaddon run` runs add-ons others wrote: what the sandbox of a run guarantees, with add-ons
 * written to try it. The script sees the platform's objects and no `<test>` API; nothing of
 * qaddon's realm reaches it (not even through an error at the stack's edge during a request);
 * real HTTP never goes to this machine or its network; the key is masked wherever it is
 * printed; a call that does not end is stopped, and so is one that fills memory outside the
 * JavaScript heap; Ctrl-C stops a run.
 */
import { writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { maskedKey, runWithArgs, type RunLimits, type RunReport } from '../src/cli/run.js';
import { isPublicAddress } from '../src/host/run-http.js';
import { config, tempFolder, validModel, writeAddonFile } from './support/addons.js';
import { startTestServer, TEST_KEY } from './support/server.js';

let folder: { path: string; remove: () => Promise<void> };

beforeAll(async () => {
  folder = await tempFolder('run-sandbox');
});

afterAll(async () => {
  await folder.remove();
});

interface Run extends RunReport {
  lines: string[];
  errors: string[];
}

/** An add-on with a token config (U1), a text config (A1) and a string item config (B1), running `script`. */
async function addon(name: string, script: string, addonVersion: string | undefined = '2'): Promise<string> {
  return writeAddonFile(
    folder.path,
    name,
    validModel({
      addonVersion,
      configs: [
        config('AuthzConfU1', { formType: 'OAUTH2', authType: 'TOKEN' }),
        config('StrConfA1'),
        config('SelectConfB1', { formType: 'SELECT', selectDataType: 'STRING_TEXTAREA' }),
        config('SelectConfB2', { formType: 'SELECT', selectDataType: 'DECIMAL' }),
      ],
      script,
    }),
  );
}

async function run(args: string[], signal?: AbortSignal, limits: RunLimits = {}): Promise<Run> {
  const lines: string[] = [];
  const errors: string[] = [];
  const report = await runWithArgs(args, { env: { K: TEST_KEY }, print: (line) => lines.push(line), printError: (line) => errors.push(line), ...(signal ? { signal } : {}) }, limits);
  return { ...report, lines, errors };
}

function logs(result: Run): string[] {
  return result.lines.filter((line) => line.startsWith('  log  ')).map((line) => line.slice('  log  '.length));
}

describe('what the script sees', () => {
  test('the platform objects, and neither the <test> API nor anything of Node', async () => {
    const file = await addon(
      'globals',
      `function main() {
        var names = ['test', 'expect', 'fail', 'execute', 'process', 'require', 'console', 'Buffer', 'setTimeout', 'fetch', 'WebAssembly'];
        var global = Function('return this')();
        engine.log(names.map(function (n) { return n + ':' + typeof global[n]; }).join(' '));
        engine.log([configs.put, configs.putObject, engine.createDataDefinition, engine.createQfile, engine.createItem, engine.setTimeZoneOffsetInMinutes,
          httpClient.setRequestHandler, httpClient.createHttpResponse, httpClient.createAuthSettingToken, feedService.setPostHandler,
          engine.findDataDefinitionByNumber(1).addSubDataDefinition].map(function (f) { return typeof f; }).join(' '));
        engine.log([configs.get, configs.getObject, engine.log, engine.setData, httpClient.begin, fileRepository.readFile, base64.encodeToString].map(function (f) { return typeof f; }).join(' '));
        engine.log(configs.get('StrConfA1') + ' / ' + configs.getObject('AuthzConfU1').getName() + ' / item ' + configs.get('SelectConfB1'));
        try { configs.get('StrConfZ9'); } catch (e) { engine.log(e.message); }
      }`,
    );
    const result = await run([file, '--config', 'StrConfA1=hello', '--token-env', 'K', '--item', 'SelectConfB1']);
    expect(result.errors).toEqual([]);
    expect(logs(result)).toEqual([
      'test:undefined expect:undefined fail:undefined execute:undefined process:undefined require:undefined console:undefined Buffer:undefined setTimeout:undefined fetch:undefined WebAssembly:object',
      Array(11).fill('undefined').join(' '),
      Array(7).fill('function').join(' '),
      'hello / K / item 1',
      "configs.get: the add-on declares no config named 'StrConfZ9'",
    ]);
  }, 30_000);

  test('data items start with the values given, typed as their items; files are the FILE item\'s; a script without addon-version 2 runs as main()', async () => {
    const file = await writeAddonFile(
      folder.path,
      'values',
      validModel({
        addonVersion: undefined,
        configs: [
          config('SelectConfA1', { formType: 'SELECT', selectDataType: 'FILE' }),
          config('SelectConfA2', { formType: 'SELECT', selectDataType: 'DECIMAL' }),
          config('SelectConfA3', { formType: 'SELECT', selectDataType: 'DATE' }),
        ],
        script: `var files = engine.findData(configs.getObject('SelectConfA1'));
          var amount = engine.findData(configs.getObject('SelectConfA2'));
          engine.log(files.size() + ' files: ' + files.get(0).getName() + ' ' + files.get(0).getContentType() + ' ' + fileRepository.readFile(files.get(1), 'UTF-8'));
          engine.log(amount.add(new java.math.BigDecimal('0.25')).toPlainString() + ' ' + engine.findData(configs.getObject('SelectConfA3')).toString());
          engine.setData(configs.getObject('SelectConfA2'), amount.multiply(new java.math.BigDecimal('2')));`,
      }),
    );
    const csv = join(folder.path, 'a.csv');
    const text = join(folder.path, 'b.txt');
    await writeFile(csv, 'a,b\n');
    await writeFile(text, 'second file ✓');
    const result = await run([file, '--file', `SelectConfA1=${csv}`, '--file', `SelectConfA1=${text}`, '--item', 'SelectConfA2=12.5', '--item', 'SelectConfA3=2026-04-01']);
    expect(result.errors).toEqual([]);
    expect(logs(result)).toEqual(['2 files: a.csv text/csv second file ✓', '12.75 2026-04-01']);
    expect(result.lines).toContain('  SelectConfA2 = 25.0');
    expect(result.lines.some((line) => /^── main\(\) returned undefined: the step has ended \(\d+\.\d s\)$/.test(line))).toBe(true);
  }, 30_000);
});

describe("nothing of qaddon's realm reaches the script", () => {
  test('constructors lead nowhere; the channel is taken before the script runs', async () => {
    const file = await addon(
      'constructors',
      `function main() {
        var found = [];
        var tries = [
          function () { return this.constructor.constructor('return typeof process')(); },
          function () { return __qaddonHost.call.constructor('return typeof process')(); },
          function () { return Object.getPrototypeOf(__qaddonHost).constructor.constructor('return typeof process')(); },
          function () { return httpClient.begin().constructor.constructor('return typeof process')(); },
          function () { return String(__qaddonHost.transportBuffer()); },
          function () { return __qaddonHost.setUp('{}'); },
        ];
        tries.forEach(function (t) { try { found.push(t()); } catch (e) { found.push('threw ' + e.constructor.constructor('return typeof process')()); } });
        engine.log(found.join(' '));
      }`,
    );
    const result = await run([file, '--token-env', 'K']);
    expect(logs(result)).toEqual(['undefined undefined undefined undefined null the run is set up already']);
  }, 30_000);

  test("an error at the stack's edge while a request is on its way is the script's own", async () => {
    const server = await startTestServer();
    const file = await addon(
      'stack-edge',
      `function main() {
        var url = 'https://api.openai.com/v1/fine_tuning/jobs/ftjob-edge';
        var token = configs.getObject('AuthzConfU1').getToken();
        var seen = { edge: 0, other: 0, foreign: 0, answered: 0, probes: 0 };
        function probe() {
          seen.probes += 1;
          try {
            httpClient.begin().header('Authorization', 'Bearer ' + token).get(url);
            seen.answered += 1;
          } catch (e) {
            var realm;
            try { realm = e.constructor.constructor('return typeof process')(); } catch (x) { realm = 'unknown'; }
            if (realm !== 'undefined') seen.foreign += 1;
            else if (e instanceof RangeError) seen.edge += 1;
            else seen.other += 1;
          }
        }
        // Down to the stack's edge, then a request from every frame on the way back up: the first
        // ones overflow somewhere inside the host's request code, the later ones get through.
        function deeper(n) {
          try { deeper(n + 1); } catch (e) { /* the edge */ }
          if (seen.answered < 3) probe();
        }
        deeper(0);
        engine.log('foreign ' + seen.foreign + ', at the edge ' + seen.edge + ', answered ' + seen.answered);
      }`,
    );
    const result = await run([file, '--token-env', 'K', '--server', server.url, '--time-limit', '30']);
    const line = logs(result).find((text) => text.startsWith('foreign '));
    const [, foreign, edge, answered] = /^foreign (\d+), at the edge (\d+), answered (\d+)$/.exec(line ?? '') ?? [];
    expect(Number(foreign)).toBe(0);
    // Not vacuous: stack overflows were caught from inside requests, and requests went out.
    expect(Number(edge)).toBeGreaterThan(0);
    expect(Number(answered)).toBeGreaterThan(0);
    // (A request can overflow after it was sent, while its answer is read: more reach the server.)
    expect(server.requests.length).toBeGreaterThanOrEqual(Number(answered));
  }, 60_000);
});

describe('real HTTP (no --server)', () => {
  test('never goes to this machine or its network, however the host is written', async () => {
    const server = await startTestServer();
    const port = new URL(server.url).port;
    const targets = [`http://127.0.0.1:${port}/v1/files`, `http://localhost:${port}/v1/files`, `http://[::1]:${port}/v1/files`, `http://2130706433:${port}/v1/files`, `http://0x7f.1:${port}/v1/files`, 'http://169.254.169.254/latest/meta-data/', `http://[::ffff:127.0.0.1]:${port}/`, 'file:///etc/passwd'];
    const file = await addon(
      'loopback',
      `function main() {
        ${JSON.stringify(targets)}.forEach(function (url) {
          try { engine.log('answered ' + httpClient.begin().get(url).getStatusCode()); } catch (e) { engine.log('refused: ' + e.message); }
        });
      }`,
    );
    const result = await run([file, '--token-env', 'K']);
    const lines = logs(result);
    expect(lines).toHaveLength(targets.length);
    for (const line of lines) expect(line).toMatch(/^refused: .*(this machine or its network|only http and https)/);
    expect(server.requests).toEqual([]);
  }, 30_000);

  test('public addresses only: the ranges of this machine, private networks, link-local and the rest are not', () => {
    for (const address of ['127.0.0.1', '10.1.2.3', '172.16.0.1', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '224.0.0.1', '::1', '::', 'fe80::1', 'fd00::1', '::ffff:127.0.0.1', '::ffff:7f00:1', '::ffff:10.0.0.1', '64:ff9b::7f00:1']) {
      expect(isPublicAddress(address), address).toBe(false);
    }
    for (const address of ['8.8.8.8', '104.18.6.192', '2606:4700::6812:6c0', '::ffff:8.8.8.8']) expect(isPublicAddress(address), address).toBe(true);
    expect(isPublicAddress('api.openai.com')).toBe(false);
  });
});

describe('what is printed', () => {
  test('the key is masked wherever it would appear: headers, log lines, data items, the step\'s error', async () => {
    const server = await startTestServer();
    const file = await addon(
      'leaky',
      `function main() {
        var token = configs.getObject('AuthzConfU1').getToken();
        engine.log('the key is ' + token);
        engine.setData(configs.getObject('SelectConfB1'), 'stored ' + token);
        httpClient.begin().header('X-Echo', token).body('{"key":"' + token + '"}', 'application/json').post('https://api.openai.com/v1/files');
        throw new Error('failed with ' + token);
      }`,
    );
    const result = await run([file, '--token-env', 'K', '--item', 'SelectConfB1', '--server', server.url]);
    const all = [...result.lines, ...result.errors].join('\n');
    expect(all).not.toContain(TEST_KEY);
    const masked = maskedKey(TEST_KEY);
    expect(result.lines).toContain(`  log  the key is ${masked}`);
    expect(result.lines).toContain(`         X-Echo: ${masked}`);
    expect(result.lines).toContain(`         {"key":"${masked}"}`);
    expect(result.lines).toContain(`  SelectConfB1 = stored ${masked}`);
    expect(result.errors).toEqual([`qaddon run: the step failed: failed with ${masked}`]);
    expect(result.status).toBe(1);
  }, 30_000);

  test('control characters from the add-on are escaped; a fault in the code is shown with its place', async () => {
    const file = await addon('faulty', 'function main() {\n  engine.log("fake\\n── main() returned true\\u001b[2J");\n  undefinedFunction();\n}\n');
    const result = await run([file, '--token-env', 'K']);
    expect(logs(result)).toEqual(['fake', '── main() returned true\\u001b[2J']);
    expect(result.lines.some((line) => /^── main\(\) failed \(\d+\.\d s\): undefinedFunction is not defined \(at faulty\.xml <script>:3:3\)$/.test(line))).toBe(true);
    expect(result.status).toBe(1);
  }, 30_000);
});

describe('a run that does not end', () => {
  test('a call past its time limit is stopped, also while it waits on shared memory', async () => {
    for (const body of ['for (;;) {}', 'Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);']) {
      const file = await addon('endless', `function main() { engine.log('start'); ${body} }`);
      const started = performance.now();
      const result = await run([file, '--token-env', 'K', '--time-limit', '1']);
      expect(performance.now() - started).toBeLessThan(8_000);
      expect(result.status).toBe(1);
      expect(logs(result)).toEqual(['start']);
      expect(result.errors).toEqual(['qaddon run: did not finish within the time limit of 1 s (main() was running)']);
    }
  }, 30_000);

  test('--max-calls ends a wait that goes on; Ctrl-C (the abort signal) stops a run', async () => {
    const waiting = await addon('waiting', 'function main() { return false; }\nfunction proceed() { engine.log("again"); return false; }');
    const limited = await run([waiting, '--token-env', 'K', '--interval', '0', '--max-calls', '3']);
    expect(logs(limited)).toEqual(['again', 'again']);
    expect(limited.errors).toEqual(['qaddon run: the step had not ended after 3 calls (--max-calls 3)']);
    const controller = new AbortController();
    const started = performance.now();
    setTimeout(() => controller.abort(), 1_500);
    const stopped = await run([waiting, '--token-env', 'K', '--interval', '60'], controller.signal);
    expect(performance.now() - started).toBeLessThan(6_000);
    expect(stopped.status).toBe(130);
    expect(stopped.errors).toEqual(['qaddon run: stopped by the user']);
  }, 30_000);
});

describe('memory', () => {
  /**
   * The sandbox process's memory, lowered from its 1 GiB default (as test/sandbox.test.ts does
   * for `qaddon test`) so that the case costs the machine little: typed arrays live outside the
   * JavaScript heap and its cap; the watch on the process's resident size (Linux) stops them.
   */
  const MEMORY_LIMIT_BYTES = 160 * 1024 * 1024;
  const fill = (mebibytes: number): string =>
    `var keep = []; for (var i = 0; i < ${mebibytes / 16}; i += 1) { var bytes = new Uint8Array(16 * 1024 * 1024); bytes.fill(1); keep.push(bytes); }`;

  test.runIf(process.platform === 'linux')('a call that fills memory outside the heap is stopped at the limit, as qaddon test stops it; one that stays below runs', async () => {
    const below = await addon('memory-below', `function main() { ${fill(32)} engine.log('held ' + keep.length * 16 + ' MiB'); }`);
    const fine = await run([below, '--token-env', 'K'], undefined, { memoryLimitBytes: MEMORY_LIMIT_BYTES });
    expect(fine.errors).toEqual([]);
    expect(logs(fine)).toEqual(['held 32 MiB']);
    expect(fine.status).toBe(0);

    const file = await addon('memory-outside-heap', `function main() { engine.log('start'); ${fill(256)} for (;;) {} }`);
    const started = performance.now();
    const result = await run([file, '--token-env', 'K', '--time-limit', '15'], undefined, { memoryLimitBytes: MEMORY_LIMIT_BYTES });
    // Stopped by the memory watch, long before the time limit.
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(logs(result)).toEqual(['start']);
    expect(result.errors).toEqual(['qaddon run: used more than 160 MiB of memory (the sandbox process was stopped; its JavaScript heap is capped at 512 MB, and buffers outside it count too)']);
    expect(result.status).toBe(1);
    expect(result.outcome?.kind).toBe('stopped');
  }, 30_000);
});

describe('large requests and answers', () => {
  test('a body and an answer of many chunks of the channel (6 MB of UTF-8 each way) arrive whole', async () => {
    // An echo server: answers each request with its own body.
    const echo = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        response.writeHead(200, { 'content-type': 'text/plain; charset=UTF-8' });
        response.end(Buffer.concat(chunks));
      });
    });
    await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
    try {
      const file = await addon(
        'echo',
        `function main() {
          var text = '';
          for (var i = 0; i < 30000; i += 1) text += 'line ' + i + ' ' + 'é✓'.repeat(40) + '\\n';
          var answer = httpClient.begin().body(text, 'text/plain; charset=UTF-8').post('https://echo.example.com/echo').getResponseAsString();
          engine.log('sent ' + text.length + ', got back ' + answer.length + ', same: ' + (answer === text));
        }`,
      );
      const result = await run([file, '--token-env', 'K', '--server', `http://127.0.0.1:${(echo.address() as AddressInfo).port}`]);
      expect(result.errors).toEqual([]);
      expect(logs(result)).toEqual(['sent 2748890, got back 2748890, same: true']);
    } finally {
      await new Promise<void>((resolve) => echo.close(() => resolve()));
    }
  }, 30_000);
});
