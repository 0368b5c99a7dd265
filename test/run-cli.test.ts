/**
 * `qaddon run` and `qaddon demo` as a user runs them (the compiled command line, a process of
 * its own), against the embedded server in this process: the done-when cases (cancel a
 * running job, and a finished one), the wait loop of a long-running step, an upload, Azure's
 * URL form rerouted, the command line refused before anything is sent, and the whole demo.
 */
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { maskedKey } from '../src/cli/run.js';
import { tempFolder } from './support/addons.js';
import { startRecorder } from './support/recorder.js';
import { compileCli, type Cli, type CliRun } from './support/cli.js';
import { AZURE_VERSION, chatJsonl, client, startTestServer, TEST_KEY, uploadForm, type TestServer } from './support/server.js';

let cli: Cli;

beforeAll(async () => {
  cli = await compileCli();
}, 60_000);

afterAll(async () => {
  await cli.remove();
});

const MASKED = maskedKey(TEST_KEY);

/** A job on a fresh training file: created at the server's "now". */
async function createJob(server: TestServer, provider: 'openai' | 'azure' = 'openai'): Promise<string> {
  const call = client(server, provider);
  const file = await call('POST', '/files', { form: uploadForm(chatJsonl(10)) });
  const job = await call('POST', '/fine_tuning/jobs', { json: { model: 'gpt-4o-mini-2024-07-18', training_file: file.body.id } });
  expect(job.status).toBe(200);
  return job.body.id as string;
}

function runCancel(server: { url: string }, jobId: string, extra: string[] = []): Promise<CliRun> {
  return cli.run(['run', 'addons/openai-ftjob-cancel.xml', '--config', `StrConfA1=${jobId}`, '--item', 'SelectConfB1', '--token-env', 'K', '--server', server.url, ...extra], { K: TEST_KEY });
}

/** Nothing the run printed holds the key. */
function expectNoKey(run: CliRun): void {
  expect(run.stdout).not.toContain(TEST_KEY);
  expect(run.stderr).not.toContain(TEST_KEY);
}

describe('qaddon run: the done-when cases of issue 13', () => {
  test('cancelling a running job prints the request (key masked), the log and "SelectConfB1 = cancelled"', async () => {
    const server = await startTestServer();
    const job = await createJob(server);
    server.manualClock.advance(6_000);
    const run = await runCancel(server, job);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const url = `https://api.openai.com/v1/fine_tuning/jobs/${job}/cancel`;
    // The request as the step built it (the URL is the step's own, not the server's), its header masked.
    expect(run.lines).toContain(`  →    POST ${url}`);
    expect(run.lines).toContain(`         Authorization: Bearer ${MASKED}`);
    expect(run.lines.some((line) => /^ {2}← {4}HTTP 200 application\/json, [\d,]+ bytes, \d+ ms$/.test(line))).toBe(true);
    // The process log as the step wrote it, in order.
    const logs = run.lines.filter((line) => line.startsWith('  log  '));
    expect(logs).toEqual([
      '  log  U1: HTTP authorization setting: K',
      '  log  U4: endpoint: https://api.openai.com/v1',
      `  log  A1: FtJob ID: ${job}`,
      `  log  OpenAI API request: POST ${url}`,
      '  log  OpenAI API response: HTTP 200',
      `  log  FtJob ${job}: status cancelled`,
    ]);
    expect(run.lines).toContain('  SelectConfB1 = cancelled');
    expectNoKey(run);
    // The server got exactly that one request.
    expect(server.requests.slice(-1)).toEqual([{ provider: 'openai', method: 'POST', path: `/v1/fine_tuning/jobs/${job}/cancel`, status: 200 }]);
  }, 30_000);

  test('cancelling a finished job exits 1 with "HTTP 400: Job has already completed: …"; the item stays empty', async () => {
    const server = await startTestServer();
    const job = await createJob(server);
    server.manualClock.advance(60_000);
    const run = await runCancel(server, job);
    expect(run.status).toBe(1);
    expect(run.stderr.trim()).toBe(`qaddon run: the step failed: OpenAI API: HTTP 400: Job has already completed: ${job}`);
    expect(run.lines.some((line) => /^── main\(\) failed \(\d+\.\d s\): /.test(line) && line.endsWith(`: OpenAI API: HTTP 400: Job has already completed: ${job}`))).toBe(true);
    expect(run.lines).toContain('  SelectConfB1 = (empty)');
    expectNoKey(run);
  }, 30_000);

  test('the same against `qaddon serve` started from the command line', async () => {
    const serve = spawn(process.execPath, [cli.file, 'serve', '--port', '0', '--key-env', 'K', '--job-seconds', '0,0,600'], { env: { ...process.env, K: TEST_KEY }, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      let banner = '';
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no banner: ${banner}`)), 20_000);
        serve.stdout.on('data', (chunk: Buffer) => {
          banner += chunk.toString('utf8');
          const found = /OpenAI form: +(http:\/\/127\.0\.0\.1:\d+)\/v1/.exec(banner);
          if (found) {
            clearTimeout(timer);
            resolve(found[1] as string);
          }
        });
      });
      const served = { url, apiKey: TEST_KEY, openaiBaseUrl: `${url}/v1` };
      const call = client(served as never);
      const file = await call('POST', '/files', { form: uploadForm(chatJsonl(10)) });
      const job = (await call('POST', '/fine_tuning/jobs', { json: { model: 'gpt-4o-mini-2024-07-18', training_file: file.body.id } })).body.id as string;
      const running = await runCancel(served, job);
      expect(running.status).toBe(0);
      expect(running.lines).toContain('  SelectConfB1 = cancelled');
      const again = await runCancel(served, job);
      expect(again.status).toBe(1);
      // Cancelled is ended too: OpenAI refuses it the same way.
      expect(again.stderr).toContain(`HTTP 400: Job has already completed: ${job}`);
    } finally {
      serve.kill('SIGINT');
    }
  }, 40_000);
});

describe('qaddon run: steps and options', () => {
  test('Wait: main(), then proceed() after a visible wait while it returns false, until the job has succeeded', async () => {
    let server: TestServer | undefined;
    // Each poll answered moves the server's clock on 3 s: every poll sees the job further on.
    server = await startTestServer({ onRequest: (request) => (request.method === 'GET' ? server?.manualClock.advance(3_000) : undefined) });
    const job = await createJob(server);
    const run = await cli.run(
      ['run', 'addons/openai-ftjob-wait.xml', '--config', `StrConfA1=${job}`, '--item', 'SelectConfB1', '--item', 'SelectConfB2', '--item', 'SelectConfB3', '--token-env', 'K', '--server', server.url, '--interval', '0.05'],
      { K: TEST_KEY },
    );
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const calls = run.lines.filter((line) => /^── (main|proceed)\(\)( #\d+)? ──$/.test(line));
    expect(calls[0]).toBe('── main() ──');
    expect(calls.slice(1)).toEqual(calls.slice(1).map((_, i) => `── proceed() #${i + 2} ──`));
    const waits = run.lines.filter((line) => line.startsWith('   … waiting 0.05 s, then proceed() #'));
    expect(waits).toHaveLength(calls.length - 1);
    // The progress lines name the status each call stored.
    expect(run.lines.some((line) => /^── main\(\) returned false: the step has not ended \(\d+\.\d s\); now SelectConfB1 = validating_files$/.test(line))).toBe(true);
    expect(run.lines.some((line) => line.endsWith('now SelectConfB1 = running'))).toBe(true);
    expect(run.lines.some((line) => /^── proceed\(\) returned true: the step has ended/.test(line))).toBe(true);
    expect(run.lines).toContain('  SelectConfB1 = succeeded');
    expect(run.lines.some((line) => /^ {2}SelectConfB2 = ft:gpt-4o-mini-2024-07-18:qaddon::\w{8}$/.test(line))).toBe(true);
    expect(run.lines.some((line) => /^ {2}SelectConfB3 = \d+$/.test(line))).toBe(true);
    const polls = server.requests.filter((request) => request.method === 'GET' && request.path === `/v1/fine_tuning/jobs/${job}`);
    expect(polls).toHaveLength(calls.length);
    expectNoKey(run);
  }, 30_000);

  test('Upload: --file puts the file into the FILE item; the Content-Type as sent (its boundary) and the multipart parts are printed; the file ID lands in B1', async () => {
    const server = await startTestServer();
    const recorder = await startRecorder(server.url);
    const folder = await tempFolder('run-upload');
    try {
      const path = join(folder.path, 'train.jsonl');
      await writeFile(path, chatJsonl(12));
      const run = await cli.run(['run', 'addons/openai-file-upload.xml', '--file', `SelectConfA1=${path}`, '--item', 'SelectConfB1', '--token-env', 'K', '--server', recorder.url], { K: TEST_KEY });
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      expect(run.lines).toContain('  →    POST https://api.openai.com/v1/files');
      const sentType = recorder.captured.map((request) => request.headers['content-type']);
      expect(sentType).toEqual([expect.stringMatching(/^multipart\/form-data; boundary=\S+$/) as unknown]);
      expect(run.lines).toContain(`         Content-Type: ${String(sentType[0])}`);
      expect(run.lines).toContain('         part "purpose": fine-tune');
      expect(run.lines).toContain(`         part "file": file "train.jsonl" (application/octet-stream, ${Buffer.byteLength(chatJsonl(12)).toLocaleString('en')} bytes)`);
      expect(run.lines).toContain('  log  A1: "train.jsonl": 12 examples in the chat format');
      const id = [...run.lines].reverse().find((line) => line.startsWith('  SelectConfB1 = '))?.slice('  SelectConfB1 = '.length) ?? '';
      const stored = await client(server)('GET', `/files/${id}`);
      expect([stored.status, stored.body.filename, stored.body.bytes]).toEqual([200, 'train.jsonl', Buffer.byteLength(chatJsonl(12))]);
    } finally {
      await recorder.close();
      await folder.remove();
    }
  }, 30_000);

  test('Azure: the step builds its Azure URL (printed as such) with the key in api-key; --server reroutes it to the Azure form', async () => {
    const server = await startTestServer();
    const job = await createJob(server, 'azure');
    server.manualClock.advance(6_000);
    const run = await runCancel(server, job, ['--config', 'StrConfU4=https://qaddon-test.openai.azure.com']);
    expect(run.status).toBe(0);
    expect(run.lines).toContain(`  →    POST https://qaddon-test.openai.azure.com/openai/fine_tuning/jobs/${job}/cancel?api-version=${AZURE_VERSION}`);
    expect(run.lines).toContain(`         api-key: ${MASKED}`);
    expect(run.lines).toContain('  SelectConfB1 = cancelled');
    expect(server.requests.slice(-1)).toEqual([{ provider: 'azure', method: 'POST', path: `/openai/fine_tuning/jobs/${job}/cancel`, status: 200 }]);
    expectNoKey(run);
  }, 30_000);
});

describe('qaddon run: the command line is checked before anything runs', () => {
  test('a config the add-on does not declare is refused by name; nothing is sent', async () => {
    const server = await startTestServer();
    const run = await runCancel(server, 'ftjob-abc', ['--config', 'StrConfA9=x']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('qaddon run: --config StrConfA9: the add-on declares no config named "StrConfA9" (it declares AuthzConfU1, StrConfU2, StrConfU3, StrConfU4, StrConfU5, StrConfA1, StrConfA2, SelectConfB1, SelectConfB2)');
    expect(run.stdout).toBe('');
    expect(server.requests).toEqual([]);
  }, 30_000);

  test('required configs left out are named, with the option that gives each', async () => {
    const run = await cli.run(['run', 'addons/openai-ftjob-create.xml', '--item', 'SelectConfB1']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('qaddon run: required configs not given: AuthzConfU1 (--token-env VAR), StrConfA1 (--config StrConfA1=VALUE), StrConfA2 (--config StrConfA2=VALUE)');
    const upload = await cli.run(['run', 'addons/openai-file-upload.xml', '--token-env', 'K'], { K: TEST_KEY });
    expect(upload.stderr).toContain('required config not given: SelectConfA1 (--file SelectConfA1=PATH)');
  }, 30_000);

  test('the key comes only from a set environment variable, never from the command line', async () => {
    const unset = await cli.run(['run', 'addons/openai-ftjob-cancel.xml', '--config', 'StrConfA1=ftjob-abc', '--token-env', 'QADDON_TEST_UNSET_VARIABLE']);
    expect(unset.status).toBe(2);
    expect(unset.stderr).toContain('the environment variable QADDON_TEST_UNSET_VARIABLE is not set');
    const pasted = await cli.run(['run', 'addons/openai-ftjob-cancel.xml', '--config', 'StrConfA1=ftjob-abc', '--token-env', 'sk-proj-abc123']);
    expect(pasted.status).toBe(2);
    expect(pasted.stderr).toContain('--token-env: "sk-proj-abc123" is not an environment variable name (the key itself never goes on the command line)');
  }, 30_000);

  test('a data item of a type the config does not take, a config given the wrong way, --help', async () => {
    const wrongType = await cli.run(['run', 'addons/openai-ftjob-cancel.xml', '--item', 'SelectConfB1:DECIMAL']);
    expect(wrongType.stderr).toContain('--item SelectConfB1:DECIMAL: the config takes STRING_TEXTFIELD data items');
    const asText = await cli.run(['run', 'addons/openai-ftjob-cancel.xml', '--config', 'SelectConfB1=x']);
    expect(asText.stderr).toContain('--config SelectConfB1: the config chooses a data item; give it with --item SelectConfB1[=VALUE]');
    const toggle = await cli.run(['run', 'addons/openai-ftjob-cancel.xml', '--config', 'StrConfA2=yes']);
    expect(toggle.stderr).toContain('--config StrConfA2=yes: a toggle is true or false');
    const help = await cli.run(['run', '--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^Usage: qaddon run <file\.xml> \[--config NAME=VALUE\]\.\.\. /m);
  }, 30_000);
});

describe('qaddon demo (npm start)', () => {
  test('runs the whole workflow against the embedded server and lists each step\'s data items', async () => {
    const started = performance.now();
    const run = await cli.run(['demo']);
    const seconds = (performance.now() - started) / 1000;
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const summary = run.lines.slice(run.lines.indexOf('━━ Each step\'s data items ━━'));
    expect(summary.filter((line) => /^\d\. /.test(line)).map((line) => line.replace(/ — .*/, ''))).toEqual([
      '1. OpenAI #File: Upload: uploads the file, stores its ID',
      '2. OpenAI #FtJob: Create: starts a job, stores its status and ID',
      '3. OpenAI #FtJob: Wait: waits, stores status, model and trained tokens',
      '4. OpenAI #FtJob: Create (a second job): starts a second job',
      '5. OpenAI #FtJob: Cancel: cancels it, stores "cancelled"',
      '6. OpenAI #FtJob: Cancel (the finished job): fails with the API\'s refusal, writes nothing',
    ]);
    expect(summary.filter((line) => line.endsWith('— as expected'))).toHaveLength(6);
    expect(summary).toContain('     SelectConfB1 = succeeded');
    expect(summary).toContain('     SelectConfB1 = cancelled');
    expect(summary.some((line) => /^ {5}the step's error: OpenAI API: HTTP 400: Job has already completed: ftjob-\w+$/.test(line))).toBe(true);
    expect(run.lines.some((line) => /^qaddon demo: all 6 runs went as expected in \d+\.\d s, with no network and no key of yours\.$/.test(line))).toBe(true);
    // "A few seconds": the job's phases take 4 s, polled every second.
    expect(seconds).toBeLessThan(25);
  }, 60_000);
});
