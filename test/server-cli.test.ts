/**
 * `qaddon serve`: starts the embedded server, prints where it answers and the key, logs one line
 * per request without the key, stops on Ctrl-C (SIGINT) with status 0; refuses bad options.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startServer } from '../src/server/index.js';
import { compileCli, type Cli } from './support/cli.js';

let cli: Cli;

beforeAll(async () => {
  cli = await compileCli();
}, 60_000);

afterAll(async () => {
  await cli.remove();
});

interface Serving {
  child: ChildProcess;
  /** Everything printed so far. */
  output(): string;
  /** Resolves once the output contains `text`. */
  waitFor(text: string | RegExp): Promise<string>;
  /** Resolves with the exit status. */
  exited: Promise<number | null>;
}

function startServe(args: string[], env: Record<string, string> = {}): Serving {
  const child = spawn(process.execPath, [cli.file, 'serve', ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  const waiters: Array<() => void> = [];
  const onData = (chunk: Buffer): void => {
    text += chunk.toString('utf8');
    for (const waiter of waiters.splice(0)) waiter();
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = new Promise<number | null>((resolve) => child.on('close', (status) => resolve(status)));
  const waitFor = (expected: string | RegExp): Promise<string> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`"${String(expected)}" did not appear in:\n${text}`)), 20_000);
      const check = (): void => {
        if (typeof expected === 'string' ? text.includes(expected) : expected.test(text)) {
          clearTimeout(timer);
          resolve(text);
        } else {
          waiters.push(check);
        }
      };
      check();
    });
  return { child, output: () => text, waitFor, exited };
}

describe('qaddon serve', () => {
  test('prints the URLs and a generated key, logs each request, stops on Ctrl-C', async () => {
    const serving = startServe(['--port', '0', '--job-seconds', '0,0,1']);
    const banner = await serving.waitFor('Ctrl-C stops it');
    const url = /OpenAI form: +(http:\/\/127\.0\.0\.1:\d+\/v1)/.exec(banner)?.[1];
    const key = /key: +(sk-qaddon-[A-Za-z0-9]{32}) +\(for a step run: export QADDON_KEY=\1\)/.exec(banner)?.[1];
    expect(url).toBeDefined();
    expect(key).toBeDefined();
    expect(banner).toContain('validating_files 0 s -> queued 0 s -> running 1 s -> succeeded');
    expect(banner).toMatch(/Azure form: +http:\/\/127\.0\.0\.1:\d+ /);
    const answer = await fetch(`${url}/fine_tuning/jobs?limit=5`, { headers: { authorization: `Bearer ${key}` } });
    expect([answer.status, await answer.json()]).toEqual([200, { object: 'list', data: [], has_more: false }]);
    await fetch(`${url}/files`);
    const log = await serving.waitFor(/GET \/v1\/files 401/);
    expect(log).toMatch(/\d\d:\d\d:\d\d GET \/v1\/fine_tuning\/jobs 200\n/);
    serving.child.kill('SIGINT');
    expect(await serving.exited).toBe(0);
    expect(serving.output().trim().split('\n').pop()).toBe('qaddon serve: stopped');
    await expect(fetch(`${url}/files`)).rejects.toThrow();
  });

  test('--key-env: the key comes from the environment and is never printed', async () => {
    const key = 'sk-test-from-env-0123456789abcdef';
    const serving = startServe(['--port', '0', '--key-env', 'QADDON_TEST_SERVE_KEY'], { QADDON_TEST_SERVE_KEY: key });
    const banner = await serving.waitFor('Ctrl-C stops it');
    expect(banner).toContain('key:          the value of $QADDON_TEST_SERVE_KEY');
    const endpoint = /Azure form: +(http:\/\/127\.0\.0\.1:\d+)/.exec(banner)?.[1];
    const answer = await fetch(`${endpoint}/openai/fine_tuning/jobs?api-version=2024-10-21`, { headers: { 'api-key': key } });
    expect(answer.status).toBe(200);
    const wrong = await fetch(`${endpoint}/openai/fine_tuning/jobs?api-version=2024-10-21`, { headers: { 'api-key': 'other' } });
    expect(wrong.status).toBe(401);
    await serving.waitFor(/GET \/openai\/fine_tuning\/jobs 401/);
    serving.child.kill('SIGTERM');
    expect(await serving.exited).toBe(0);
    expect(serving.output()).not.toContain(key);
  });

  test.each([
    [['--port', 'eighty'], '--port: "eighty" is not a port number'],
    [['--job-seconds', '1,2'], '--job-seconds: "1,2" is not three numbers of seconds like 2,3,10'],
    [['--key-env', 'QADDON_TEST_UNSET_VARIABLE'], 'the environment variable QADDON_TEST_UNSET_VARIABLE is not set'],
    [['--verbose', 'yes'], "unknown option '--verbose'"],
    [['--port'], '--port needs a value'],
  ])('%j: usage error, exit 2', async (args, message) => {
    const run = await cli.run(['serve', ...args]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`qaddon serve: ${message}`);
  });

  test('a port in use: exit 1 saying so', async () => {
    const other = await startServer();
    try {
      const run = await cli.run(['serve', '--port', String(other.port)]);
      expect(run.status).toBe(1);
      expect(run.stderr).toContain(`qaddon serve: port ${other.port} is in use; choose another with --port N`);
    } finally {
      await other.close();
    }
  });
});
