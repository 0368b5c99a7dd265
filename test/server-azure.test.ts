/**
 * The embedded server's Azure OpenAI form: `POST {endpoint}/openai/fine_tuning/jobs?api-version=…`
 * with the key in `api-key`; Azure's IDs, `pending` status, model names, error envelope and codes.
 */
import { describe, expect, test } from 'vitest';
import { chatJsonl, client, startTestServer, TEST_KEY, uploadForm, type TestServer } from './support/server.js';

const SECOND = 1000;

async function azureJob(server: TestServer, body: Record<string, unknown> = {}): Promise<Record<string, any>> {
  const call = client(server, 'azure');
  const file = await call('POST', '/files', { form: uploadForm(chatJsonl(10)) });
  expect(file.status, file.text).toBe(200);
  const job = await call('POST', '/fine_tuning/jobs', { json: { model: 'gpt-4o-mini-2024-07-18', training_file: file.body.id, ...body } });
  expect(job.status, job.text).toBe(200);
  return job.body;
}

describe('Azure OpenAI form', () => {
  test('api-version: missing is 404 Resource not found, a malformed one 400', async () => {
    const server = await startTestServer();
    const missing = await fetch(`${server.url}/openai/fine_tuning/jobs`, { headers: { 'api-key': TEST_KEY } });
    expect([missing.status, await missing.json()]).toEqual([404, { error: { code: '404', message: 'Resource not found' } }]);
    const malformed = await client(server, 'azure')('GET', '/fine_tuning/jobs?api-version=latest');
    expect([malformed.status, malformed.body]).toEqual([400, { error: { code: 'BadRequest', message: 'API version not supported' } }]);
    expect((await client(server, 'azure')('GET', '/fine_tuning/jobs?api-version=2025-04-01-preview')).status).toBe(200);
  });

  test('api-key: missing or wrong is 401 in the gateway\'s words, with no part of the key; a bearer token is not an api-key', async () => {
    const server = await startTestServer();
    const call = client(server, 'azure');
    const missing = await call('GET', '/fine_tuning/jobs', { noKey: true });
    expect([missing.status, missing.body.error.code, missing.body.error.message]).toEqual([
      401,
      '401',
      'Access denied due to missing subscription key. Make sure to include subscription key when making requests to an API.',
    ]);
    const wrongKey = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
    const wrong = await call('GET', '/fine_tuning/jobs', { noKey: true, headers: { 'api-key': wrongKey } });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.message).toMatch(/^Access denied due to invalid subscription key or wrong API endpoint\./);
    expect(wrong.text).not.toContain(wrongKey.slice(0, 8));
    const bearer = await call('GET', '/fine_tuning/jobs', { noKey: true, headers: { authorization: `Bearer ${TEST_KEY}` } });
    expect(bearer.status).toBe(401);
  });

  test('upload and create: Azure IDs (32 hex digits), status pending; OpenAI-Organization is ignored', async () => {
    const server = await startTestServer();
    const job = await azureJob(server);
    expect(job.id).toMatch(/^ftjob-[0-9a-f]{32}$/);
    expect(job.training_file).toMatch(/^file-[0-9a-f]{32}$/);
    expect(job.status).toBe('pending');
    const answer = await client(server, 'azure')('GET', `/fine_tuning/jobs/${job.id}`, { headers: { 'openai-organization': 'org-anything' } });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('apim-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  test('the walk: pending → running → succeeded with an Azure model name', async () => {
    const server = await startTestServer();
    const call = client(server, 'azure');
    const job = await azureJob(server, { suffix: 'sales' });
    server.clock.advance(2 * SECOND);
    expect((await call('GET', `/fine_tuning/jobs/${job.id}`)).body.status).toBe('pending');
    server.clock.advance(3 * SECOND);
    expect((await call('GET', `/fine_tuning/jobs/${job.id}`)).body.status).toBe('running');
    server.clock.advance(10 * SECOND);
    const done = (await call('GET', `/fine_tuning/jobs/${job.id}`)).body;
    expect(done.status).toBe('succeeded');
    expect(done.fine_tuned_model).toBe(`gpt-4o-mini-2024-07-18.ft-${job.id.slice('ftjob-'.length)}-sales`);
  });

  test('cancelling an ended job: 409 conflict; an unknown job: 404 notFound', async () => {
    const server = await startTestServer();
    const call = client(server, 'azure');
    const job = await azureJob(server);
    server.clock.advance(60 * SECOND);
    const ended = await call('POST', `/fine_tuning/jobs/${job.id}/cancel`);
    expect([ended.status, ended.body]).toEqual([409, { error: { code: 'conflict', message: `Job has already completed: ${job.id}` } }]);
    const unknown = await call('GET', '/fine_tuning/jobs/ftjob-0000');
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'notFound']);
    const unknownFile = await call('GET', '/files/file-0000');
    expect([unknownFile.status, unknownFile.body.error.code]).toEqual([404, 'notFound']);
  });

  test('a bad body: 400 invalidPayload; the suffix may have 40 characters, not 41', async () => {
    const server = await startTestServer();
    const call = client(server, 'azure');
    const file = (await call('POST', '/files', { form: uploadForm(chatJsonl(10)) })).body.id;
    const long = await call('POST', '/fine_tuning/jobs', { json: { model: 'gpt-4o-mini', training_file: file, suffix: 'x'.repeat(41) } });
    expect([long.status, long.body.error.code]).toEqual([400, 'invalidPayload']);
    expect(long.body.error.message).toContain('maximum length 40');
    expect((await call('POST', '/fine_tuning/jobs', { json: { model: 'gpt-4o-mini', training_file: file, suffix: 'x'.repeat(40) } })).status).toBe(200);
    const unknown = await call('POST', '/fine_tuning/jobs', { json: { model: 'gpt-4o-mini', training_file: 'file-nope' } });
    expect([unknown.status, unknown.body.error.code]).toEqual([400, 'invalidPayload']);
    expect((await call('POST', '/fine_tuning/jobs', { json: { model: 'gpt-35-turbo-0125', training_file: file } })).status).toBe(200);
  });

  test('429 on demand: tooManyRequests with retry-after', async () => {
    const server = await startTestServer();
    server.rateLimitNext(1, { retryAfterSeconds: 4 });
    const answer = await client(server, 'azure')('GET', '/fine_tuning/jobs');
    expect([answer.status, answer.body.error.code, answer.headers.get('retry-after')]).toEqual([429, 'tooManyRequests', '4']);
  });

  test('OpenAI and Azure are separate accounts: a job of one is not found on the other', async () => {
    const server = await startTestServer();
    const job = await azureJob(server);
    const onOpenAi = await client(server)('GET', `/fine_tuning/jobs/${job.id}`);
    expect(onOpenAi.status).toBe(404);
    expect((await client(server)('GET', '/fine_tuning/jobs')).body.data).toEqual([]);
    expect((await client(server, 'azure')('GET', '/fine_tuning/jobs')).body.data).toHaveLength(1);
  });

  test('unknown paths are 404 Resource not found', async () => {
    const server = await startTestServer();
    const answer = await client(server, 'azure')('GET', '/deployments');
    expect([answer.status, answer.body]).toEqual([404, { error: { code: '404', message: 'Resource not found' } }]);
  });
});
