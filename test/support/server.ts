/**
 * Helpers for the embedded server's tests: an in-process server on a manual clock, a small
 * HTTP client that shows status, headers and parsed body, and training data in each format.
 */
import { afterEach } from 'vitest';
import { ManualClock, startServer, type EmbeddedServer, type ServerOptions } from '../../src/server/index.js';

export const TEST_KEY = 'sk-test-QADDON-server-0123456789abcdefABCDEF';
export const AZURE_VERSION = '2024-10-21';

export interface TestServer extends EmbeddedServer {
  readonly manualClock: ManualClock;
  /** Errors the server answered 500: a test fails when there are any. */
  readonly internalErrors: unknown[];
}

const running: TestServer[] = [];

/** Servers started by a test are closed after it, and none may have hit an internal error. */
afterEach(async () => {
  const servers = running.splice(0);
  await Promise.all(servers.map((server) => server.close()));
  for (const server of servers) {
    if (server.internalErrors.length > 0) throw new Error(`the server answered 500: ${String(server.internalErrors[0])}`);
  }
});

/** Phase lengths the tests count on: a job created at t succeeds at t + 15 s. */
export const TEST_TIMINGS = { validatingFiles: 2, queued: 3, running: 10 };

export async function startTestServer(options: ServerOptions = {}): Promise<TestServer> {
  const manualClock = new ManualClock();
  const internalErrors: unknown[] = [];
  const server = await startServer({ apiKey: TEST_KEY, clock: manualClock, timings: TEST_TIMINGS, onInternalError: (error) => internalErrors.push(error), ...options });
  const testServer: TestServer = Object.assign(Object.create(null) as object, server, { manualClock, internalErrors }) as TestServer;
  running.push(testServer);
  return testServer;
}

export interface Answer {
  status: number;
  headers: Headers;
  /** The parsed JSON body (the raw text when it is not JSON). */
  // `any` on purpose: each test checks the fields it names, and asserts the whole shape elsewhere (server-sdk.test.ts validates every answer against OpenAI's schemas).
  body: any;
  text: string;
}

export interface CallOptions {
  json?: unknown;
  /** A raw body (with its content type in `headers`). */
  raw?: string;
  form?: FormData;
  headers?: Record<string, string>;
  /** Leave out the key. */
  noKey?: boolean;
}

/** A client for one form of the server: OpenAI (`/v1`, bearer key) or Azure (`/openai`, `api-key`, api-version). */
export function client(server: EmbeddedServer, provider: 'openai' | 'azure' = 'openai') {
  return async function call(method: string, path: string, options: CallOptions = {}): Promise<Answer> {
    const headers: Record<string, string> = {};
    if (!options.noKey) {
      if (provider === 'azure') headers['api-key'] = server.apiKey;
      else headers['authorization'] = `Bearer ${server.apiKey}`;
    }
    let body: BodyInit | undefined;
    if (options.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.json);
    } else if (options.raw !== undefined) {
      body = options.raw;
    } else if (options.form !== undefined) {
      body = options.form;
    }
    Object.assign(headers, options.headers);
    let url = `${server.url}${provider === 'azure' ? '/openai' : '/v1'}${path}`;
    if (provider === 'azure' && !path.includes('api-version=')) url += `${url.includes('?') ? '&' : '?'}api-version=${AZURE_VERSION}`;
    const response = await fetch(url, { method, headers, ...(body === undefined ? {} : { body }) });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, headers: response.headers, body: parsed, text };
  };
}

/** One chat example a line, `count` lines. */
export function chatJsonl(count: number): string {
  return Array.from({ length: count }, (_, i) =>
    JSON.stringify({ messages: [{ role: 'system', content: 'You answer in one word.' }, { role: 'user', content: `Question ${i + 1}?` }, { role: 'assistant', content: `Answer${i + 1}` }] }),
  ).join('\n');
}

/** Preference (DPO) examples. */
export function preferenceJsonl(count: number): string {
  return Array.from({ length: count }, (_, i) =>
    JSON.stringify({
      input: { messages: [{ role: 'user', content: `Question ${i + 1}?` }] },
      preferred_output: [{ role: 'assistant', content: `Good answer ${i + 1}` }],
      non_preferred_output: [{ role: 'assistant', content: `Bad answer ${i + 1}` }],
    }),
  ).join('\n');
}

/** Prompt/completion examples (babbage-002, davinci-002). */
export function completionJsonl(count: number): string {
  return Array.from({ length: count }, (_, i) => JSON.stringify({ prompt: `Question ${i + 1}?`, completion: ` Answer ${i + 1}` })).join('\n');
}

export function uploadForm(content: string, filename = 'train.jsonl', purpose = 'fine-tune'): FormData {
  const form = new FormData();
  form.append('purpose', purpose);
  form.append('file', new Blob([content], { type: 'application/jsonl' }), filename);
  return form;
}
