/**
 * The official `openai` SDK against the embedded server, OpenAI form (`OpenAI` with baseURL) and
 * Azure form (`AzureOpenAI` with endpoint and apiVersion): upload, create, retrieve, list with
 * auto-pagination, cancel, events, checkpoints, file content; every error surfaces as the SDK's
 * APIError class for its status. Every answer the SDK received is also checked against OpenAI's
 * response schemas (test/fixtures), with no property the contract does not define.
 */
import OpenAI, { APIError, AuthenticationError, AzureOpenAI, BadRequestError, ConflictError, NotFoundError, RateLimitError, toFile } from 'openai';
import { afterEach, describe, expect, test } from 'vitest';
import { responseSchemas, type SchemaName } from './support/openapi-schema.js';
import { AZURE_VERSION, chatJsonl, preferenceJsonl, startTestServer, type TestServer } from './support/server.js';

const SECOND = 1000;

interface Exchange {
  provider: 'openai' | 'azure';
  method: string;
  url: URL;
  status: number;
  contentType: string;
  text: string;
}

/** Every exchange the SDK made in the current test. */
let exchanges: Exchange[] = [];

/** A fetch that hands the SDK the real answer and keeps a copy of it. */
function recordingFetch(provider: Exchange['provider']): typeof fetch {
  return async (input, init) => {
    const response = await fetch(input, init);
    const url = new URL(input instanceof Request ? input.url : String(input));
    // The SDK probes FormData support with a `data:` URL once: not an answer of the server.
    if (url.protocol !== 'http:') return response;
    const text = await response.clone().text();
    exchanges.push({ provider, method: init?.method ?? 'GET', url, status: response.status, contentType: response.headers.get('content-type') ?? '', text });
    return response;
  };
}

function openaiClient(server: TestServer, options: Partial<ConstructorParameters<typeof OpenAI>[0]> = {}): OpenAI {
  return new OpenAI({ apiKey: server.apiKey, baseURL: server.openaiBaseUrl, fetch: recordingFetch('openai'), maxRetries: 0, ...options });
}

function azureClient(server: TestServer, options: Partial<ConstructorParameters<typeof AzureOpenAI>[0]> = {}): AzureOpenAI {
  return new AzureOpenAI({ apiKey: server.apiKey, endpoint: server.azureEndpoint, apiVersion: AZURE_VERSION, fetch: recordingFetch('azure'), maxRetries: 0, ...options });
}

/** The contract schema of a 200 answer to `method` `path` (after /v1 or /openai), or 'bytes'. */
function schemaOf(method: string, path: string): SchemaName | 'bytes' {
  const parts = path.split('/').filter((part) => part !== '');
  const key = `${method} ${parts.map((part, i) => (i === 1 && parts[0] === 'files') || (i === 2 && parts[0] === 'fine_tuning') ? ':id' : part).join('/')}`;
  const table: Record<string, SchemaName | 'bytes'> = {
    'POST files': 'OpenAIFile',
    'GET files': 'ListFilesResponse',
    'GET files/:id': 'OpenAIFile',
    'DELETE files/:id': 'DeleteFileResponse',
    'GET files/:id/content': 'bytes',
    'POST fine_tuning/jobs': 'FineTuningJob',
    'GET fine_tuning/jobs': 'ListPaginatedFineTuningJobsResponse',
    'GET fine_tuning/jobs/:id': 'FineTuningJob',
    'POST fine_tuning/jobs/:id/cancel': 'FineTuningJob',
    'GET fine_tuning/jobs/:id/events': 'ListFineTuningJobEventsResponse',
    'GET fine_tuning/jobs/:id/checkpoints': 'ListFineTuningJobCheckpointsResponse',
  };
  const schema = table[key];
  if (schema === undefined) throw new Error(`no schema for ${key}`);
  return schema;
}

const schemas = { openai: responseSchemas('openai'), azure: responseSchemas('azure') };

/** What is wrong with one answer: its body against the contract (success) or the error envelope (failure). */
function exchangeProblems(exchange: Exchange): string[] {
  const prefix = exchange.provider === 'azure' ? '/openai' : '/v1';
  const path = exchange.url.pathname.slice(prefix.length);
  if (exchange.status === 200) {
    const schema = schemaOf(exchange.method, path);
    if (schema === 'bytes') return [];
    if (exchange.contentType !== 'application/json') return [`content-type ${exchange.contentType}`];
    return schemas[exchange.provider].problems(schema, JSON.parse(exchange.text));
  }
  const body = JSON.parse(exchange.text) as { error?: Record<string, unknown> };
  const error = body.error ?? {};
  if (exchange.provider === 'azure') {
    return typeof error['code'] === 'string' && typeof error['message'] === 'string' && Object.keys(body).length === 1 ? [] : [`not Azure's error envelope: ${exchange.text}`];
  }
  const keys = Object.keys(error).sort().join(',');
  const fits = keys === 'code,message,param,type' && typeof error['message'] === 'string' && typeof error['type'] === 'string' && Object.keys(body).length === 1;
  return fits ? [] : [`not OpenAI's error envelope: ${exchange.text}`];
}

afterEach(() => {
  const checked = exchanges;
  exchanges = [];
  expect(checked.length).toBeGreaterThan(0);
  for (const exchange of checked) {
    expect(exchangeProblems(exchange), `${exchange.method} ${exchange.url.pathname} → ${exchange.status}: ${exchange.text.slice(0, 300)}`).toEqual([]);
  }
});

function requestsTo(method: string, path: string): Exchange[] {
  return exchanges.filter((exchange) => exchange.method === method && exchange.url.pathname === path);
}

async function trainingFile(client: OpenAI, content = chatJsonl(10), name = 'train.jsonl'): Promise<string> {
  return (await client.files.create({ file: await toFile(Buffer.from(content), name), purpose: 'fine-tune' })).id;
}

/** The error a promise rejects with (the test fails when it resolves). */
async function rejection(promise: Promise<unknown>): Promise<APIError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(APIError);
    return error as APIError;
  }
  throw new Error('expected the SDK call to fail');
}

describe('OpenAI SDK (OpenAI form)', () => {
  test('files: upload, retrieve, list page by page with auto-pagination, content, delete', async () => {
    const server = await startTestServer();
    const client = openaiClient(server);
    const ids: string[] = [];
    for (let i = 0; i < 5; i += 1) ids.push(await trainingFile(client, chatJsonl(10), `part-${i}.jsonl`));
    const file = await client.files.retrieve(ids[3] as string);
    expect([file.id, file.filename, file.purpose, file.bytes]).toEqual([ids[3], 'part-3.jsonl', 'fine-tune', Buffer.byteLength(chatJsonl(10))]);
    const listed: string[] = [];
    for await (const each of client.files.list({ limit: 2, order: 'asc', purpose: 'fine-tune' })) listed.push(each.id);
    expect(listed).toEqual(ids);
    expect(requestsTo('GET', '/v1/files')).toHaveLength(3);
    const deleted = await client.files.delete(ids[0] as string);
    expect(deleted).toEqual({ id: ids[0], object: 'file', deleted: true });
    const gone = await rejection(client.files.retrieve(ids[0] as string));
    expect(gone).toBeInstanceOf(NotFoundError);
    expect([gone.status, gone.message, gone.param]).toEqual([404, `404 No such File object: ${ids[0]}`, 'id']);
  });

  test('jobs: create with every option, the walk to succeeded, results file content, checkpoints', async () => {
    const server = await startTestServer();
    const client = openaiClient(server);
    const training = await trainingFile(client, chatJsonl(20));
    const validation = await trainingFile(client, chatJsonl(3), 'valid.jsonl');
    const created = await client.fineTuning.jobs.create({
      model: 'gpt-4.1-nano-2025-04-14',
      training_file: training,
      validation_file: validation,
      suffix: 'support-bot',
      seed: 7,
      metadata: { team: 'support', ticket: 'T-1' },
      integrations: [{ type: 'wandb', wandb: { project: 'qaddon' } }],
      method: { type: 'supervised', supervised: { hyperparameters: { n_epochs: 2, batch_size: 4, learning_rate_multiplier: 0.5 } } },
    });
    expect(created).toMatchObject({ status: 'validating_files', integrations: [{ type: 'wandb', wandb: { project: 'qaddon' } }], seed: 7, validation_file: validation, metadata: { team: 'support', ticket: 'T-1' } });
    const seen: string[] = [];
    for (const seconds of [0, 2, 3, 10]) {
      server.clock.advance(seconds * SECOND);
      seen.push((await client.fineTuning.jobs.retrieve(created.id)).status);
    }
    expect(seen).toEqual(['validating_files', 'queued', 'running', 'succeeded']);
    const done = await client.fineTuning.jobs.retrieve(created.id);
    expect(done.fine_tuned_model).toMatch(/^ft:gpt-4\.1-nano-2025-04-14:qaddon:support-bot:[A-Za-z0-9]{8}$/);
    expect(done.hyperparameters).toEqual({ n_epochs: 2, batch_size: 4, learning_rate_multiplier: 0.5 });
    const csv = await (await client.files.content(done.result_files[0] as string)).text();
    expect(csv.trim().split('\n')).toHaveLength(1 + 2 * 5); // 2 epochs of 20 examples in batches of 4
    const checkpoints = [];
    for await (const checkpoint of client.fineTuning.jobs.checkpoints.list(created.id)) checkpoints.push(checkpoint.step_number);
    expect(checkpoints).toEqual([10, 5]);
  });

  test('list jobs and events with auto-pagination; the request ID reaches the SDK', async () => {
    const server = await startTestServer();
    const client = openaiClient(server);
    const file = await trainingFile(client);
    const ids: string[] = [];
    for (let i = 0; i < 5; i += 1) ids.push((await client.fineTuning.jobs.create({ model: 'gpt-4o-mini', training_file: file })).id);
    const listed: string[] = [];
    for await (const job of client.fineTuning.jobs.list({ limit: 2 })) listed.push(job.id);
    expect(listed).toEqual([...ids].reverse());
    expect(requestsTo('GET', '/v1/fine_tuning/jobs')).toHaveLength(3);
    const page = await client.fineTuning.jobs.list({ limit: 2 });
    expect([page.data.length, page.has_more, page.hasNextPage()]).toEqual([2, true, true]);
    server.clock.advance(60 * SECOND);
    const events = [];
    for await (const event of client.fineTuning.jobs.listEvents(ids[0] as string, { limit: 4 })) events.push(event);
    expect(events.length).toBeGreaterThan(8);
    expect(events[events.length - 1]?.message).toBe(`Created fine-tuning job: ${ids[0]}`);
    expect(events[0]?.message).toBe('The job has successfully completed');
    const { data, response, request_id } = await client.fineTuning.jobs.retrieve(ids[0] as string).withResponse();
    expect(data.status).toBe('succeeded');
    expect(request_id).toBe(response.headers.get('x-request-id'));
  });

  test('cancel: a running job is cancelled; an ended one is a BadRequestError "Job has already completed"', async () => {
    const server = await startTestServer();
    const client = openaiClient(server);
    const job = await client.fineTuning.jobs.create({ model: 'gpt-4o-mini', training_file: await trainingFile(client) });
    server.clock.advance(6 * SECOND);
    const cancelled = await client.fineTuning.jobs.cancel(job.id);
    expect(cancelled.status).toBe('cancelled');
    const error = await rejection(client.fineTuning.jobs.cancel(job.id));
    expect(error).toBeInstanceOf(BadRequestError);
    expect([error.status, error.message, error.type, error.code, error.param]).toEqual([400, `400 Job has already completed: ${job.id}`, 'invalid_request_error', null, null]);
    expect(error.error).toEqual({ message: `Job has already completed: ${job.id}`, type: 'invalid_request_error', param: null, code: null });
  });

  test('a DPO job and a job that fails validation are answered in the contract\'s shape', async () => {
    const server = await startTestServer();
    const client = openaiClient(server);
    const dpo = await client.fineTuning.jobs.create({
      model: 'gpt-4o-2024-08-06',
      training_file: await trainingFile(client, preferenceJsonl(10)),
      method: { type: 'dpo', dpo: { hyperparameters: { beta: 'auto', n_epochs: 'auto' } } },
    });
    const broken = await client.fineTuning.jobs.create({ model: 'gpt-4o-mini', training_file: await trainingFile(client, chatJsonl(4)) });
    server.clock.advance(60 * SECOND);
    expect((await client.fineTuning.jobs.retrieve(dpo.id)).method?.dpo?.hyperparameters).toEqual({ beta: 0.1, n_epochs: 10, batch_size: 1, learning_rate_multiplier: 2 }); // 10 examples: 10 epochs (OpenAI aims at 100 examples seen)
    const failed = await client.fineTuning.jobs.retrieve(broken.id);
    expect(failed.error).toEqual({ code: 'invalid_n_examples', param: 'training_file', message: 'The job failed due to an invalid training file. Training file has 4 example(s), but must have at least 10 examples' });
  });

  test('errors are the SDK\'s classes: 404 NotFoundError, 400 BadRequestError with param, 401 AuthenticationError', async () => {
    const server = await startTestServer();
    const client = openaiClient(server);
    const notFound = await rejection(client.fineTuning.jobs.retrieve('ftjob-nope'));
    expect(notFound).toBeInstanceOf(NotFoundError);
    expect(notFound.message).toBe('404 Could not find fine-tune: ftjob-nope');
    const badFile = await rejection(client.fineTuning.jobs.create({ model: 'gpt-4o-mini', training_file: 'file-nope' }));
    expect(badFile).toBeInstanceOf(BadRequestError);
    expect([badFile.message, badFile.param]).toEqual(['400 invalid training_file: file-nope', 'training_file']);
    const badValue = await rejection(client.fineTuning.jobs.create({ model: 'gpt-4o-mini', training_file: 'file-x', suffix: 'x'.repeat(65) }));
    expect([badValue.param, badValue.code]).toEqual(['suffix', 'string_above_max_length']);
    const wrong = 'sk-wrong-0123456789abcdefghijklmnop';
    const wrongKey = await rejection(openaiClient(server, { apiKey: wrong }).fineTuning.jobs.list());
    expect(wrongKey).toBeInstanceOf(AuthenticationError);
    expect([wrongKey.status, wrongKey.code]).toEqual([401, 'invalid_api_key']);
    expect(wrongKey.message).toContain(`sk-wrong${'*'.repeat(wrong.length - 12)}mnop.`);
    const wrongOrg = await rejection(openaiClient(server, { organization: 'org-other' }).files.list());
    expect([wrongOrg.status, wrongOrg.code]).toEqual([401, 'mismatched_organization']);
    const rightOrg = await openaiClient(server, { organization: 'org-qaddon', project: 'proj_qaddon' }).files.list();
    expect(rightOrg.data).toEqual([]);
  });

  test('429: RateLimitError with retry-after; with retries on, the SDK waits and gets through', async () => {
    const server = await startTestServer();
    server.rateLimitNext(1, { retryAfterSeconds: 7 });
    const limited = await rejection(openaiClient(server).fineTuning.jobs.list());
    expect(limited).toBeInstanceOf(RateLimitError);
    expect([limited.status, limited.code, limited.headers?.get('retry-after')]).toEqual([429, 'rate_limit_exceeded', '7']);
    server.rateLimitNext(1, { kind: 'quota' });
    const quota = await rejection(openaiClient(server).fineTuning.jobs.list());
    expect([quota.constructor, quota.code]).toEqual([RateLimitError, 'insufficient_quota']);
    server.rateLimitNext(2, { retryAfterSeconds: 0 });
    const page = await openaiClient(server, { maxRetries: 2 }).fineTuning.jobs.list();
    expect(page.data).toEqual([]);
    expect(server.requests.slice(-3).map((request) => request.status)).toEqual([429, 429, 200]);
  });
});

describe('AzureOpenAI client (Azure form)', () => {
  test('upload, create, the walk (pending, running, succeeded), list with pagination, events', async () => {
    const server = await startTestServer();
    const client = azureClient(server);
    const file = await client.files.create({ file: await toFile(Buffer.from(chatJsonl(10)), 'train.jsonl'), purpose: 'fine-tune' });
    expect(file.id).toMatch(/^file-[0-9a-f]{32}$/);
    const ids: string[] = [];
    for (let i = 0; i < 3; i += 1) ids.push((await client.fineTuning.jobs.create({ model: 'gpt-4o-mini-2024-07-18', training_file: file.id, suffix: `s${i}` })).id);
    expect(exchanges.every((exchange) => exchange.url.searchParams.get('api-version') === AZURE_VERSION)).toBe(true);
    const statuses: string[] = [];
    for (const seconds of [0, 5, 10]) {
      server.clock.advance(seconds * SECOND);
      statuses.push((await client.fineTuning.jobs.retrieve(ids[0] as string)).status);
    }
    expect(statuses).toEqual(['pending', 'running', 'succeeded']);
    const listed: string[] = [];
    for await (const job of client.fineTuning.jobs.list({ limit: 2 })) listed.push(job.id);
    expect(listed).toEqual([...ids].reverse());
    const events = [];
    for await (const event of client.fineTuning.jobs.listEvents(ids[0] as string, { limit: 5 })) events.push(event.message);
    expect(events[0]).toBe('The job has successfully completed');
  });

  test('cancel: running is cancelled; ended is a ConflictError (409 conflict); errors are the SDK\'s classes', async () => {
    const server = await startTestServer();
    const client = azureClient(server);
    const file = await client.files.create({ file: await toFile(Buffer.from(chatJsonl(10)), 'train.jsonl'), purpose: 'fine-tune' });
    const job = await client.fineTuning.jobs.create({ model: 'gpt-4o-mini-2024-07-18', training_file: file.id });
    expect((await client.fineTuning.jobs.cancel(job.id)).status).toBe('cancelled');
    const ended = await rejection(client.fineTuning.jobs.cancel(job.id));
    expect(ended).toBeInstanceOf(ConflictError);
    expect([ended.status, ended.code, ended.message]).toEqual([409, 'conflict', `409 Job has already completed: ${job.id}`]);
    const missing = await rejection(client.fineTuning.jobs.retrieve('ftjob-0000'));
    expect([missing.constructor, missing.code]).toEqual([NotFoundError, 'notFound']);
    const invalid = await rejection(client.fineTuning.jobs.create({ model: 'gpt-4o-mini', training_file: file.id, suffix: 'x'.repeat(41) }));
    expect([invalid.constructor, invalid.code]).toEqual([BadRequestError, 'invalidPayload']);
    const wrongKey = await rejection(azureClient(server, { apiKey: 'not-the-key' }).fineTuning.jobs.list());
    expect([wrongKey.constructor, wrongKey.code]).toEqual([AuthenticationError, '401']);
    server.rateLimitNext(1, { retryAfterSeconds: 2 });
    const limited = await rejection(client.fineTuning.jobs.list());
    expect([limited.constructor, limited.code, limited.headers?.get('retry-after')]).toEqual([RateLimitError, 'tooManyRequests', '2']);
  });
});
