/**
 * The embedded OpenAI-compatible server (src/server), OpenAI form, endpoint by endpoint over
 * real HTTP: keys and headers, routing, files, jobs and their walk on the clock, events,
 * cancel, the create-body checks, the ways to make a job fail, 429 on demand, the control API.
 */
import { describe, expect, test } from 'vitest';
import { startServer } from '../src/server/index.js';
import { chatJsonl, client, completionJsonl, preferenceJsonl, startTestServer, TEST_KEY, uploadForm, type TestServer } from './support/server.js';

const SECOND = 1000;

async function uploaded(server: TestServer, content = chatJsonl(10), filename = 'train.jsonl', purpose = 'fine-tune'): Promise<string> {
  const answer = await client(server)('POST', '/files', { form: uploadForm(content, filename, purpose) });
  expect(answer.status).toBe(200);
  return answer.body.id as string;
}

async function createdJob(server: TestServer, body: Record<string, unknown> = {}): Promise<Record<string, any>> {
  const training_file = (body['training_file'] as string | undefined) ?? (await uploaded(server));
  const answer = await client(server)('POST', '/fine_tuning/jobs', { json: { model: 'gpt-4o-mini-2024-07-18', training_file, ...body } });
  expect(answer.status, answer.text).toBe(200);
  return answer.body;
}

describe('keys and headers', () => {
  test('no key: 401 with OpenAI envelope and message', async () => {
    const server = await startTestServer();
    const answer = await client(server)('GET', '/fine_tuning/jobs', { noKey: true });
    expect(answer.status).toBe(401);
    expect(Object.keys(answer.body.error).sort()).toEqual(['code', 'message', 'param', 'type']);
    expect(answer.body.error.message).toMatch(/^You didn't provide an API key\. You need to provide your API key in an Authorization header using Bearer auth/);
    expect(answer.body.error.type).toBe('invalid_request_error');
  });

  test('wrong key: 401 invalid_api_key; the message masks the key like OpenAI (8 first, 4 last characters)', async () => {
    const server = await startTestServer();
    const wrong = 'sk-proj-WRONGkey0123456789abcdefghijklmnopqrstuvwxyz';
    const answer = await client(server)('GET', '/fine_tuning/jobs', { noKey: true, headers: { authorization: `Bearer ${wrong}` } });
    expect(answer.status).toBe(401);
    expect(answer.body.error).toEqual({
      message: `Incorrect API key provided: sk-proj-${'*'.repeat(wrong.length - 12)}wxyz. You can find your API key at https://platform.openai.com/account/api-keys.`,
      type: 'invalid_request_error',
      param: null,
      code: 'invalid_api_key',
    });
    expect(answer.text).not.toContain(wrong.slice(8, -4));
  });

  test('a short wrong key is all stars in the message', async () => {
    const server = await startTestServer();
    const answer = await client(server)('GET', '/files', { noKey: true, headers: { authorization: 'Bearer sk-short-123' } });
    expect(answer.body.error.message).toContain('Incorrect API key provided: ************.');
  });

  test('a key that is not a bearer token counts as missing', async () => {
    const server = await startTestServer();
    const answer = await client(server)('GET', '/files', { noKey: true, headers: { authorization: TEST_KEY } });
    expect(answer.status).toBe(401);
    expect(answer.body.error.message).toMatch(/^You didn't provide an API key/);
  });

  test('OpenAI-Organization / OpenAI-Project must match the key when sent', async () => {
    const server = await startTestServer();
    const call = client(server);
    expect((await call('GET', '/files', { headers: { 'openai-organization': 'org-qaddon', 'openai-project': 'proj_qaddon' } })).status).toBe(200);
    const org = await call('GET', '/files', { headers: { 'openai-organization': 'org-other' } });
    expect([org.status, org.body.error.code, org.body.error.message]).toEqual([401, 'mismatched_organization', 'OpenAI-Organization header should match organization for API key']);
    const project = await call('GET', '/files', { headers: { 'openai-project': 'proj_other' } });
    expect([project.status, project.body.error.code]).toEqual([401, 'mismatched_project']);
  });

  test('every answer carries a request ID and JSON content type', async () => {
    const server = await startTestServer();
    const answer = await client(server)('GET', '/fine_tuning/jobs');
    expect(answer.headers.get('x-request-id')).toMatch(/^req_[0-9a-f]{32}$/);
    expect(answer.headers.get('content-type')).toBe('application/json');
  });
});

describe('routing', () => {
  test('an unknown path is 404 Invalid URL, a known path with another method 405', async () => {
    const server = await startTestServer();
    const call = client(server);
    const unknown = await call('GET', '/models');
    expect([unknown.status, unknown.body.error.message]).toEqual([404, 'Invalid URL (GET /v1/models)']);
    const wrongMethod = await call('GET', '/fine_tuning/jobs/ftjob-abc/cancel');
    expect([wrongMethod.status, wrongMethod.body.error.message]).toEqual([405, 'Invalid method for URL (GET /v1/fine_tuning/jobs/ftjob-abc/cancel)']);
    const outside = await fetch(`${server.url}/elsewhere`);
    expect(outside.status).toBe(404);
  });

  test('the request record holds method, path and status, never a key or a query', async () => {
    const server = await startTestServer();
    await client(server)('GET', '/fine_tuning/jobs?limit=1');
    await client(server)('GET', '/files', { noKey: true });
    expect(server.requests).toEqual([
      { provider: 'openai', method: 'GET', path: '/v1/fine_tuning/jobs', status: 200 },
      { provider: 'openai', method: 'GET', path: '/v1/files', status: 401 },
    ]);
    expect(JSON.stringify(server.requests)).not.toContain(TEST_KEY);
  });

  test('a body larger than the limit is refused with 413', async () => {
    const server = await startTestServer({ maxBodyBytes: 1000 });
    const answer = await client(server)('POST', '/files', { form: uploadForm('x'.repeat(5000)) });
    expect(answer.status).toBe(413);
    expect(answer.body.error.message).toContain('1000 bytes');
  });
});

describe('files', () => {
  test('upload: the file object with its size, name, purpose and the clock time', async () => {
    const server = await startTestServer();
    const content = chatJsonl(10);
    const answer = await client(server)('POST', '/files', { form: uploadForm(content, 'my data.jsonl') });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      object: 'file',
      id: expect.stringMatching(/^file-[A-Za-z0-9]{22}$/),
      bytes: Buffer.byteLength(content),
      created_at: server.clock.now() / SECOND,
      filename: 'my data.jsonl',
      purpose: 'fine-tune',
      status: 'processed',
    });
  });

  test.each([
    ['not multipart', { raw: '{"purpose":"fine-tune"}', headers: { 'content-type': 'application/json' } }, 'Invalid Content-Type header (application/json), expected multipart/form-data.', null],
    ['no purpose', { form: (() => { const f = new FormData(); f.append('file', new Blob(['x']), 'a.jsonl'); return f; })() }, "Missing required parameter: 'purpose'.", 'purpose'],
    ['unknown purpose', { form: uploadForm('x', 'a.jsonl', 'training') }, "Invalid value: 'training'. Supported values are: 'assistants', 'batch', 'fine-tune', 'vision', 'user_data', and 'evals'.", 'purpose'],
    ['no file', { form: (() => { const f = new FormData(); f.append('purpose', 'fine-tune'); return f; })() }, "Missing required parameter: 'file'.", 'file'],
    ['fine-tune file not .jsonl', { form: uploadForm(chatJsonl(10), 'train.txt') }, 'Invalid file format for Fine-Tuning API. Must be .jsonl', 'file'],
    ['unknown field', { form: (() => { const f = uploadForm('x'); f.append('colour', 'red'); return f; })() }, "Unknown parameter: 'colour'.", 'colour'],
  ])('upload refused (%s): 400 naming the field', async (_name, options, message, param) => {
    const server = await startTestServer();
    const answer = await client(server)('POST', '/files', options);
    expect(answer.status).toBe(400);
    expect(answer.body.error.message.startsWith(message)).toBe(true);
    expect(answer.body.error.param).toBe(param);
  });

  test('retrieve, list (newest first, purpose, order, pages), delete', async () => {
    const server = await startTestServer();
    const call = client(server);
    const ids: string[] = [];
    for (let i = 0; i < 5; i += 1) {
      ids.push(await uploaded(server, chatJsonl(10), `f${i}.jsonl`, i === 4 ? 'batch' : 'fine-tune'));
      server.clock.advance(SECOND);
    }
    expect((await call('GET', `/files/${ids[2]}`)).body.filename).toBe('f2.jsonl');
    const all = await call('GET', '/files');
    expect(all.body.data.map((file: { id: string }) => file.id)).toEqual([...ids].reverse());
    expect([all.body.first_id, all.body.last_id, all.body.has_more]).toEqual([ids[4], ids[0], false]);
    const fineTune = await call('GET', '/files?purpose=fine-tune&order=asc');
    expect(fineTune.body.data.map((file: { id: string }) => file.id)).toEqual(ids.slice(0, 4));
    const first = await call('GET', '/files?order=asc&limit=2');
    expect([first.body.data.length, first.body.has_more, first.body.last_id]).toEqual([2, true, ids[1]]);
    const second = await call('GET', `/files?order=asc&limit=2&after=${ids[1]}`);
    expect(second.body.data.map((file: { id: string }) => file.id)).toEqual([ids[2], ids[3]]);
    const last = await call('GET', `/files?order=asc&limit=2&after=${ids[3]}`);
    expect([last.body.data.length, last.body.has_more]).toEqual([1, false]);
    const deleted = await call('DELETE', `/files/${ids[0]}`);
    expect(deleted.body).toEqual({ id: ids[0], object: 'file', deleted: true });
    const gone = await call('GET', `/files/${ids[0]}`);
    expect([gone.status, gone.body.error.message, gone.body.error.param]).toEqual([404, `No such File object: ${ids[0]}`, 'id']);
    expect((await call('DELETE', `/files/${ids[0]}`)).status).toBe(404);
    const empty = await call('GET', '/files?purpose=vision');
    expect(empty.body).toEqual({ object: 'list', data: [], first_id: null, last_id: null, has_more: false });
  });

  test('a training file cannot be downloaded; a job\'s results file can', async () => {
    const server = await startTestServer();
    const call = client(server);
    const job = await createdJob(server);
    const refused = await call('GET', `/files/${job.training_file}/content`);
    expect([refused.status, refused.body.error.message]).toEqual([400, 'Not allowed to download files of purpose: fine-tune']);
    server.clock.advance(60 * SECOND);
    const finished = await call('GET', `/fine_tuning/jobs/${job.id}`);
    const results = await call('GET', `/files/${finished.body.result_files[0]}`);
    expect([results.body.purpose, results.body.filename]).toEqual(['fine-tune-results', 'step_metrics.csv']);
    const csv = await call('GET', `/files/${finished.body.result_files[0]}/content`);
    expect(csv.headers.get('content-type')).toBe('text/csv');
    expect(csv.text.split('\n')[0]).toBe('step,train_loss,train_accuracy,valid_loss,valid_mean_token_accuracy');
    expect(csv.text.trim().split('\n')).toHaveLength(1 + 100); // 10 examples: 10 epochs of 10 steps
  });

  test('expires_after: the file is gone once it expires', async () => {
    const server = await startTestServer();
    const call = client(server);
    const form = uploadForm(chatJsonl(10));
    form.append('expires_after[anchor]', 'created_at');
    form.append('expires_after[seconds]', '3600');
    const file = await call('POST', '/files', { form });
    expect(file.body.expires_at).toBe(file.body.created_at + 3600);
    server.clock.advance(3599 * SECOND);
    expect((await call('GET', `/files/${file.body.id}`)).status).toBe(200);
    server.clock.advance(SECOND);
    expect((await call('GET', `/files/${file.body.id}`)).status).toBe(404);
  });
});

describe('a job walks validating_files → queued → running → succeeded on the clock', () => {
  test('create answers the new job as OpenAI does', async () => {
    const server = await startTestServer();
    const job = await createdJob(server, { model: 'gpt-4o-mini', suffix: 'my-suffix', metadata: { team: 'sales' } });
    expect(job).toEqual({
      object: 'fine_tuning.job',
      id: expect.stringMatching(/^ftjob-[A-Za-z0-9]{24}$/),
      model: 'gpt-4o-mini-2024-07-18',
      created_at: server.clock.now() / SECOND,
      finished_at: null,
      fine_tuned_model: null,
      organization_id: 'org-qaddon',
      result_files: [],
      status: 'validating_files',
      validation_file: null,
      training_file: expect.stringMatching(/^file-/),
      hyperparameters: { n_epochs: 'auto', batch_size: 'auto', learning_rate_multiplier: 'auto' },
      method: { type: 'supervised', supervised: { hyperparameters: { n_epochs: 'auto', batch_size: 'auto', learning_rate_multiplier: 'auto' } } },
      trained_tokens: null,
      error: null,
      seed: expect.any(Number),
      estimated_finish: null,
      integrations: null,
      metadata: { team: 'sales' },
    });
  });

  test('statuses, estimated_finish, the fine-tuned model, tokens and results at each step of the clock', async () => {
    const server = await startTestServer({ timings: { validatingFiles: 2, queued: 3, running: 10 } });
    const call = client(server);
    const job = await createdJob(server, { suffix: 'my-suffix', seed: 42 });
    const status = async () => (await call('GET', `/fine_tuning/jobs/${job.id}`)).body;
    server.clock.advance(1999);
    expect((await status()).status).toBe('validating_files');
    server.clock.advance(1);
    const queued = await status();
    expect([queued.status, queued.hyperparameters]).toEqual(['queued', { n_epochs: 10, batch_size: 1, learning_rate_multiplier: 2 }]);
    expect(queued.estimated_finish).toBe(job.created_at + 15);
    server.clock.advance(3 * SECOND);
    expect((await status()).status).toBe('running');
    server.clock.advance(10 * SECOND - 1);
    expect((await status()).fine_tuned_model).toBeNull();
    server.clock.advance(1);
    const done = await status();
    expect(done).toMatchObject({ status: 'succeeded', finished_at: job.created_at + 15, estimated_finish: null, seed: 42, error: null });
    expect(done.fine_tuned_model).toMatch(/^ft:gpt-4o-mini-2024-07-18:qaddon:my-suffix:[A-Za-z0-9]{8}$/);
    expect(done.trained_tokens).toBeGreaterThan(0);
    expect(done.trained_tokens % 10).toBe(0); // tokens of the file × 10 epochs
    expect(done.result_files).toEqual([expect.stringMatching(/^file-/)]);
    server.clock.advance(3600 * SECOND);
    expect(await status()).toEqual(done);
  });

  test('a job looks the same whether it was polled every second or once at the end', async () => {
    const server = await startTestServer();
    const call = client(server);
    const polled = await createdJob(server);
    const unpolled = await createdJob(server, { training_file: polled.training_file });
    for (let i = 0; i < 20; i += 1) {
      server.clock.advance(SECOND);
      await call('GET', `/fine_tuning/jobs/${polled.id}`);
    }
    // The same events at the same times; only the IDs and the model's random part differ.
    const events = async (id: string) =>
      (await call('GET', `/fine_tuning/jobs/${id}/events?limit=100`)).body.data.map((event: { created_at: number; message: string; level: string }) => [
        event.created_at,
        event.message.replace(id, 'ID').replace(/:[A-Za-z0-9]{8}$/, ':MODEL'),
        event.level,
      ]);
    const a = await events(polled.id);
    expect(a.length).toBeGreaterThan(10);
    expect(await events(unpolled.id)).toEqual(a);
  });

  test('events: newest first, the phases in order, metrics with data, pages with after/limit', async () => {
    const server = await startTestServer();
    const call = client(server);
    const job = await createdJob(server);
    server.clock.advance(60 * SECOND);
    const all = (await call('GET', `/fine_tuning/jobs/${job.id}/events?limit=100`)).body;
    const messages = all.data.map((event: { message: string }) => event.message).reverse();
    expect(messages.slice(0, 4)).toEqual([`Created fine-tuning job: ${job.id}`, `Validating training file: ${job.training_file}`, 'Files validated, moving job to queued state', 'Fine-tuning job started']);
    expect(messages.slice(4, 14).every((message: string) => /^Step \d+\/100: training loss=\d\.\d\d$/.test(message))).toBe(true);
    expect(messages.slice(-2)).toEqual([expect.stringMatching(/^New fine-tuned model created: ft:/), 'The job has successfully completed']);
    const metrics = all.data.find((event: { type: string }) => event.type === 'metrics');
    expect(metrics.data).toEqual({ step: 100, train_loss: expect.any(Number), train_mean_token_accuracy: expect.any(Number), total_steps: 100 });
    const times = all.data.map((event: { created_at: number }) => event.created_at);
    expect([...times].sort((x: number, y: number) => y - x)).toEqual(times);
    const first = (await call('GET', `/fine_tuning/jobs/${job.id}/events?limit=3`)).body;
    expect([first.data.length, first.has_more]).toEqual([3, true]);
    const next = (await call('GET', `/fine_tuning/jobs/${job.id}/events?limit=3&after=${first.data[2].id}`)).body;
    expect(next.data.map((event: { id: string }) => event.id)).toEqual(all.data.slice(3, 6).map((event: { id: string }) => event.id));
  });

  test('checkpoints of a succeeded job: the last three epochs, newest first, the last being the model', async () => {
    const server = await startTestServer();
    const call = client(server);
    const job = await createdJob(server);
    expect((await call('GET', `/fine_tuning/jobs/${job.id}/checkpoints`)).body.data).toEqual([]);
    server.clock.advance(60 * SECOND);
    const model = (await call('GET', `/fine_tuning/jobs/${job.id}`)).body.fine_tuned_model;
    const checkpoints = (await call('GET', `/fine_tuning/jobs/${job.id}/checkpoints`)).body.data;
    expect(checkpoints.map((c: { step_number: number; fine_tuned_model_checkpoint: string }) => [c.step_number, c.fine_tuned_model_checkpoint])).toEqual([
      [100, model],
      [90, `${model}:ckpt-step-90`],
      [80, `${model}:ckpt-step-80`],
    ]);
  });

  test('DPO on preference data and babbage-002 on prompt/completion pairs succeed', async () => {
    const server = await startTestServer();
    const call = client(server);
    const dpo = await createdJob(server, {
      model: 'gpt-4.1-mini',
      training_file: await uploaded(server, preferenceJsonl(12)),
      method: { type: 'dpo', dpo: { hyperparameters: { beta: 0.2, n_epochs: 2 } } },
    });
    expect(dpo.method).toEqual({ type: 'dpo', dpo: { hyperparameters: { n_epochs: 2, batch_size: 'auto', learning_rate_multiplier: 'auto', beta: 0.2 } } });
    const babbage = await createdJob(server, { model: 'babbage-002', training_file: await uploaded(server, completionJsonl(10)) });
    server.clock.advance(60 * SECOND);
    expect((await call('GET', `/fine_tuning/jobs/${dpo.id}`)).body.status).toBe('succeeded');
    expect((await call('GET', `/fine_tuning/jobs/${babbage.id}`)).body.fine_tuned_model).toMatch(/^ft:babbage-002:qaddon::/);
  });

  test('an ft: model of this account can be trained further; an unknown one cannot', async () => {
    const server = await startTestServer();
    const call = client(server);
    const first = await createdJob(server);
    server.clock.advance(60 * SECOND);
    const model = (await call('GET', `/fine_tuning/jobs/${first.id}`)).body.fine_tuned_model as string;
    const second = await createdJob(server, { model, training_file: first.training_file });
    expect(second.model).toBe(model);
    server.clock.advance(60 * SECOND);
    expect((await call('GET', `/fine_tuning/jobs/${second.id}`)).body.fine_tuned_model).toMatch(/^ft:gpt-4o-mini-2024-07-18:qaddon::/);
    const unknown = await call('POST', '/fine_tuning/jobs', { json: { model: 'ft:gpt-4o-mini-2024-07-18:other::abc', training_file: first.training_file } });
    expect([unknown.status, unknown.body.error.code, unknown.body.error.param]).toEqual([400, 'model_not_available', 'model']);
  });
});

describe('retrieve, list and cancel', () => {
  test('unknown job: 404 Could not find fine-tune', async () => {
    const server = await startTestServer();
    for (const [method, path] of [['GET', ''], ['POST', '/cancel'], ['GET', '/events'], ['GET', '/checkpoints']] as const) {
      const answer = await client(server)(method, `/fine_tuning/jobs/ftjob-nope${path}`);
      expect([answer.status, answer.body.error.message], `${method} ${path}`).toEqual([404, 'Could not find fine-tune: ftjob-nope']);
    }
  });

  test('cancel a running job: cancelled at once; cancelling any ended job: 400 Job has already completed', async () => {
    const server = await startTestServer();
    const call = client(server);
    const running = await createdJob(server);
    const finished = await createdJob(server, { training_file: running.training_file });
    server.clock.advance(60 * SECOND);
    const late = await createdJob(server, { training_file: running.training_file });
    server.clock.advance(6 * SECOND);
    expect((await call('GET', `/fine_tuning/jobs/${late.id}`)).body.status).toBe('running');
    const cancelled = await call('POST', `/fine_tuning/jobs/${late.id}/cancel`);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ id: late.id, status: 'cancelled', fine_tuned_model: null, estimated_finish: null });
    server.clock.advance(60 * SECOND);
    expect((await call('GET', `/fine_tuning/jobs/${late.id}`)).body.status).toBe('cancelled');
    for (const id of [late.id, finished.id]) {
      const again = await call('POST', `/fine_tuning/jobs/${id}/cancel`);
      expect(again.status).toBe(400);
      expect(again.body.error).toEqual({ message: `Job has already completed: ${id}`, type: 'invalid_request_error', param: null, code: null });
    }
    expect(running.id).not.toBe(late.id);
  });

  test('list: newest first, limit/after/has_more, metadata filter', async () => {
    const server = await startTestServer();
    const call = client(server);
    const file = await uploaded(server);
    const ids: string[] = [];
    for (let i = 0; i < 5; i += 1) ids.push((await createdJob(server, { training_file: file, metadata: { n: String(i), even: String(i % 2 === 0) } })).id);
    const newestFirst = [...ids].reverse();
    const page1 = (await call('GET', '/fine_tuning/jobs?limit=2')).body;
    expect(page1).toMatchObject({ object: 'list', has_more: true });
    expect(page1.data.map((job: { id: string }) => job.id)).toEqual(newestFirst.slice(0, 2));
    const page3 = (await call('GET', `/fine_tuning/jobs?limit=2&after=${newestFirst[3]}`)).body;
    expect([page3.data.map((job: { id: string }) => job.id), page3.has_more]).toEqual([[ids[0]], false]);
    const even = (await call('GET', '/fine_tuning/jobs?metadata[even]=true')).body;
    expect(even.data.map((job: { id: string }) => job.id)).toEqual([ids[4], ids[2], ids[0]]);
    expect((await call('GET', '/fine_tuning/jobs?metadata=null')).body.data).toEqual([]);
    expect((await call('GET', '/fine_tuning/jobs')).body.data).toHaveLength(5);
    const badLimit = await call('GET', '/fine_tuning/jobs?limit=101');
    expect([badLimit.status, badLimit.body.error.param, badLimit.body.error.code]).toEqual([400, 'limit', 'integer_above_max_value']);
    expect((await call('GET', '/fine_tuning/jobs?limit=two')).body.error.code).toBe('invalid_type');
  });
});

describe('create: the body is checked like OpenAI checks it', () => {
  const cases: Array<[string, Record<string, unknown>, string, string | null, string | null]> = [
    ['no model', { model: undefined }, "Missing required parameter: 'model'.", 'model', 'missing_required_parameter'],
    ['no training file', { training_file: undefined }, "Missing required parameter: 'training_file'.", 'training_file', 'missing_required_parameter'],
    ['unknown parameter', { colour: 'red' }, "Unknown parameter: 'colour'.", 'colour', 'unknown_parameter'],
    ['model a number', { model: 4 }, "Invalid type for 'model': expected a string, but got an integer instead.", 'model', 'invalid_type'],
    ['suffix of 65', { suffix: 'x'.repeat(65) }, "Invalid 'suffix': string too long. Expected a string with maximum length 64, but got a string with length 65 instead.", 'suffix', 'string_above_max_length'],
    ['empty suffix', { suffix: '' }, "Invalid 'suffix': string too short.", 'suffix', 'string_below_min_length'],
    ['seed -1', { seed: -1 }, "Invalid 'seed': integer below minimum value. Expected a value >= 0, but got -1 instead.", 'seed', 'integer_below_min_value'],
    ['seed 1.5', { seed: 1.5 }, "Invalid type for 'seed': expected an integer, but got a decimal instead.", 'seed', 'invalid_type'],
    ['17 metadata pairs', { metadata: Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`k${i}`, 'v'])) }, "Invalid 'metadata': too many properties.", 'metadata', 'object_above_max_properties'],
    ['metadata value a number', { metadata: { a: 1 } }, "Invalid type for 'metadata.a': expected a string, but got an integer instead.", 'metadata.a', 'invalid_type'],
    ['method without type', { method: {} }, "Missing required parameter: 'method.type'.", 'method.type', 'missing_required_parameter'],
    ['method type unknown', { method: { type: 'magic' } }, "Invalid value: 'magic'. Supported values are: 'supervised', 'dpo', and 'reinforcement'.", 'method.type', 'invalid_value'],
    ['reinforcement', { method: { type: 'reinforcement' } }, 'This server does not run reinforcement fine-tuning jobs', 'method.type', 'unsupported_value'],
    ['n_epochs 51', { method: { type: 'supervised', supervised: { hyperparameters: { n_epochs: 51 } } } }, "Invalid 'method.supervised.hyperparameters.n_epochs': integer above maximum value. Expected a value <= 50, but got 51 instead.", 'method.supervised.hyperparameters.n_epochs', 'integer_above_max_value'],
    ['batch_size 0', { method: { type: 'supervised', supervised: { hyperparameters: { batch_size: 0 } } } }, "Invalid 'method.supervised.hyperparameters.batch_size': integer below minimum value.", 'method.supervised.hyperparameters.batch_size', 'integer_below_min_value'],
    ['learning rate 0', { method: { type: 'supervised', supervised: { hyperparameters: { learning_rate_multiplier: 0 } } } }, "Invalid 'method.supervised.hyperparameters.learning_rate_multiplier': number below minimum value. Expected a value > 0", 'method.supervised.hyperparameters.learning_rate_multiplier', 'decimal_below_min_value'],
    ['n_epochs "three"', { method: { type: 'supervised', supervised: { hyperparameters: { n_epochs: 'three' } } } }, "Invalid value: 'three'. Supported values are: 'auto' or a number.", 'method.supervised.hyperparameters.n_epochs', 'invalid_value'],
    ['beta on supervised', { method: { type: 'supervised', supervised: { hyperparameters: { beta: 0.1 } } } }, "Unknown parameter: 'method.supervised.hyperparameters.beta'.", 'method.supervised.hyperparameters.beta', 'unknown_parameter'],
    ['beta 3', { method: { type: 'dpo', dpo: { hyperparameters: { beta: 3 } } } }, "Invalid 'method.dpo.hyperparameters.beta': number above maximum value. Expected a value <= 2, but got 3 instead.", 'method.dpo.hyperparameters.beta', 'decimal_above_max_value'],
    ['dpo settings on a supervised job', { method: { type: 'supervised', dpo: {} } }, "Invalid 'method.dpo': it can only be set when 'method.type' is 'dpo'.", 'method.dpo', 'invalid_value'],
    ['hyperparameters and method', { hyperparameters: { n_epochs: 2 }, method: { type: 'supervised' } }, "Only one of 'hyperparameters' and 'method' may be set", 'hyperparameters', 'invalid_value'],
    ['unknown training file', { training_file: 'file-nope' }, 'invalid training_file: file-nope', 'training_file', null],
    ['unknown validation file', { validation_file: 'file-nope' }, 'invalid validation_file: file-nope', 'validation_file', null],
    ['wandb without project', { integrations: [{ type: 'wandb', wandb: {} }] }, "Missing required parameter: 'integrations[0].wandb.project'.", 'integrations[0].wandb.project', 'missing_required_parameter'],
    ['model unknown', { model: 'gpt-9' }, 'Model gpt-9 is not available for fine-tuning or does not exist.', 'model', 'model_not_available'],
  ];

  test.each(cases)('%s: 400', async (_name, change, message, param, code) => {
    const server = await startTestServer();
    const training_file = await uploaded(server);
    const body: Record<string, unknown> = { model: 'gpt-4o-mini-2024-07-18', training_file, ...change };
    for (const key of Object.keys(body)) if (body[key] === undefined) delete body[key];
    const answer = await client(server)('POST', '/fine_tuning/jobs', { json: body });
    expect(answer.status, answer.text).toBe(400);
    expect(answer.body.error.message.startsWith(message), answer.body.error.message).toBe(true);
    expect([answer.body.error.type, answer.body.error.param, answer.body.error.code]).toEqual(['invalid_request_error', param, code]);
    expect(server.requests.filter((request) => request.status === 200)).toHaveLength(1); // the upload only: no job was made
    expect((await client(server)('GET', '/fine_tuning/jobs')).body.data).toEqual([]);
  });

  test('a body that is not JSON, or not an object, is refused', async () => {
    const server = await startTestServer();
    const call = client(server);
    const garbled = await call('POST', '/fine_tuning/jobs', { raw: '{"model":', headers: { 'content-type': 'application/json' } });
    expect([garbled.status, garbled.body.error.message]).toEqual([400, expect.stringMatching(/^We could not parse the JSON body of your request\./)]);
    const list = await call('POST', '/fine_tuning/jobs', { json: [] });
    expect([list.status, list.body.error.message]).toEqual([400, 'Invalid type for body: expected an object, but got an array instead.']);
  });

  test('a file uploaded for another purpose is not a training file', async () => {
    const server = await startTestServer();
    const batch = await uploaded(server, chatJsonl(10), 'b.jsonl', 'batch');
    const answer = await client(server)('POST', '/fine_tuning/jobs', { json: { model: 'gpt-4o-mini', training_file: batch } });
    expect([answer.status, answer.body.error.message]).toEqual([400, `invalid training_file: ${batch}`]);
  });

  test('null for an optional field is the same as leaving it out', async () => {
    const server = await startTestServer();
    const job = await createdJob(server, { validation_file: null, suffix: null, seed: null, metadata: null, integrations: null, method: null });
    expect(job).toMatchObject({ validation_file: null, metadata: null, integrations: null, method: { type: 'supervised' } });
  });
});

describe('ways to make a job fail', () => {
  test('a training file that is not valid JSONL fails the job after validation, naming the line', async () => {
    const server = await startTestServer();
    const call = client(server);
    const lines = chatJsonl(12).split('\n');
    lines[2] = '{"messages": [';
    const job = await createdJob(server, { training_file: await uploaded(server, lines.join('\n')) });
    server.clock.advance(2 * SECOND);
    const failed = (await call('GET', `/fine_tuning/jobs/${job.id}`)).body;
    expect(failed).toMatchObject({
      status: 'failed',
      finished_at: job.created_at + 2,
      fine_tuned_model: null,
      trained_tokens: null,
      error: { code: 'invalid_training_file', param: 'training_file', message: 'The job failed due to an invalid training file. Invalid file format. Line 3 is not valid JSON.' },
    });
    const events = (await call('GET', `/fine_tuning/jobs/${job.id}/events`)).body.data;
    expect(events[0]).toMatchObject({ level: 'error', message: failed.error.message });
    const cancel = await call('POST', `/fine_tuning/jobs/${job.id}/cancel`);
    expect(cancel.body.error.message).toBe(`Job has already completed: ${job.id}`);
  });

  test.each([
    ['fewer than 10 examples', chatJsonl(5), 'invalid_n_examples', 'Training file has 5 example(s), but must have at least 10 examples'],
    ['no assistant message', chatJsonl(10).replace(/"role":"assistant"/g, '"role":"user"'), 'invalid_training_file', 'Line 1: "messages" has no message with role "assistant".'],
    ['not UTF-8', '\u00ff', 'invalid_training_file', 'The file is not UTF-8 text.'],
  ])('%s: the job fails with %s', async (_name, content, code, detail) => {
    const server = await startTestServer();
    const bytes = content === '\u00ff' ? new Uint8Array([0xff, 0xfe, 0x0a]) : new TextEncoder().encode(content);
    const form = new FormData();
    form.append('purpose', 'fine-tune');
    form.append('file', new Blob([bytes]), 'train.jsonl');
    const file = await client(server)('POST', '/files', { form });
    const job = await createdJob(server, { training_file: file.body.id });
    server.clock.advance(2 * SECOND);
    const failed = (await client(server)('GET', `/fine_tuning/jobs/${job.id}`)).body;
    expect(failed.status).toBe('failed');
    expect(failed.error.code).toBe(code);
    expect(failed.error.message).toContain(detail);
  });

  test('DPO on chat data fails validation', async () => {
    const server = await startTestServer();
    const job = await createdJob(server, { method: { type: 'dpo' } });
    server.clock.advance(2 * SECOND);
    const failed = (await client(server)('GET', `/fine_tuning/jobs/${job.id}`)).body;
    expect([failed.status, failed.error.message]).toEqual(['failed', expect.stringContaining('Line 1: missing "input"')]);
  });

  test('metadata qaddon_fail: the job runs, then fails at the end with that message', async () => {
    const server = await startTestServer();
    const call = client(server);
    const job = await createdJob(server, { metadata: { qaddon_fail: 'GPU on fire' } });
    server.clock.advance(14 * SECOND);
    expect((await call('GET', `/fine_tuning/jobs/${job.id}`)).body.status).toBe('running');
    server.clock.advance(SECOND);
    const failed = (await call('GET', `/fine_tuning/jobs/${job.id}`)).body;
    expect(failed).toMatchObject({ status: 'failed', error: { code: 'requested_failure', message: 'GPU on fire', param: null }, finished_at: job.created_at + 15, result_files: [] });
  });

  test('failJob (in-process): a running job fails now; an ended or unknown job is refused', async () => {
    const server = await startTestServer();
    const job = await createdJob(server);
    server.clock.advance(6 * SECOND);
    const failed = server.failJob(job.id, { code: 'server_error', message: 'The job failed due to an internal error.' });
    expect(failed).toMatchObject({ status: 'failed', error: { code: 'server_error', message: 'The job failed due to an internal error.', param: null }, finished_at: job.created_at + 6 });
    expect((await client(server)('GET', `/fine_tuning/jobs/${job.id}`)).body.status).toBe('failed');
    expect(() => server.failJob(job.id)).toThrow(`fine-tuning job ${job.id} has already ended (failed)`);
    expect(() => server.failJob('ftjob-nope')).toThrow('no fine-tuning job ftjob-nope on this server');
  });
});

describe('429 on demand', () => {
  test('rate limit: the next N requests answer 429 with retry-after, then all is normal', async () => {
    const server = await startTestServer();
    const call = client(server);
    server.rateLimitNext(2, { retryAfterSeconds: 7 });
    for (let i = 0; i < 2; i += 1) {
      const limited = await call('GET', '/fine_tuning/jobs');
      expect(limited.status).toBe(429);
      expect(limited.headers.get('retry-after')).toBe('7');
      expect(limited.body.error).toEqual({ message: 'Rate limit reached for requests. Please try again in 7s.', type: 'requests', param: null, code: 'rate_limit_exceeded' });
    }
    expect((await call('GET', '/fine_tuning/jobs')).status).toBe(200);
  });

  test('quota: 429 insufficient_quota without retry-after', async () => {
    const server = await startTestServer();
    server.rateLimitNext(1, { kind: 'quota' });
    const answer = await client(server)('POST', '/fine_tuning/jobs', { json: {} });
    expect([answer.status, answer.body.error.code, answer.body.error.type, answer.headers.get('retry-after')]).toEqual([429, 'insufficient_quota', 'insufficient_quota', null]);
  });

  test('a request refused for its key does not use up a queued 429', async () => {
    const server = await startTestServer();
    server.rateLimitNext(1);
    expect((await client(server)('GET', '/files', { noKey: true })).status).toBe(401);
    expect((await client(server)('GET', '/files')).status).toBe(429);
  });
});

describe('the control API (/_qaddon/…) for a server in another process', () => {
  async function control(server: TestServer, path: string, body: unknown, key: string | null = server.apiKey) {
    const response = await fetch(`${server.url}/_qaddon/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(key === null ? {} : { authorization: `Bearer ${key}` }) },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, any> };
  }

  test('it needs the key', async () => {
    const server = await startTestServer();
    expect((await control(server, 'clock/advance', { seconds: 1 }, null)).status).toBe(401);
    expect((await control(server, 'clock/advance', { seconds: 1 }, 'sk-wrong')).status).toBe(401);
    expect(server.clock.now()).toBe(server.manualClock.now());
  });

  test('clock/advance moves the jobs on; jobs/{id}/fail fails one; rate-limit queues 429s', async () => {
    const server = await startTestServer();
    const call = client(server);
    const a = await createdJob(server);
    const b = await createdJob(server, { training_file: a.training_file });
    const before = server.clock.now();
    expect((await control(server, 'clock/advance', { seconds: 6 })).body).toEqual({ now: (before + 6000) / SECOND });
    expect((await call('GET', `/fine_tuning/jobs/${a.id}`)).body.status).toBe('running');
    const failed = await control(server, `jobs/${b.id}/fail`, { message: 'Out of capacity.' });
    expect(failed.body).toMatchObject({ id: b.id, status: 'failed', error: { code: 'requested_failure', message: 'Out of capacity.' } });
    expect((await control(server, `jobs/${b.id}/fail`, {})).status).toBe(409);
    expect((await control(server, 'jobs/ftjob-nope/fail', {})).status).toBe(404);
    expect((await control(server, 'rate-limit', { count: 2, retry_after: 3 })).body).toEqual({ pending: 2 });
    expect((await call('GET', '/files')).headers.get('retry-after')).toBe('3');
    expect((await control(server, 'rate-limit', { count: 0 })).status).toBe(400);
    expect((await control(server, 'clock/advance', { seconds: -1 })).status).toBe(400);
    expect((await control(server, 'nothing', {})).status).toBe(404);
  });
});

describe('starting and stopping', () => {
  test('loopback only', async () => {
    await expect(startServer({ host: '0.0.0.0' })).rejects.toThrow('loopback only');
  });

  test('a generated key is a fresh sk-qaddon-… key each time; close stops listening', async () => {
    const one = await startServer();
    const two = await startServer();
    expect(one.apiKey).toMatch(/^sk-qaddon-[A-Za-z0-9]{32}$/);
    expect(one.apiKey).not.toBe(two.apiKey);
    expect(one.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    await Promise.all([one.close(), two.close()]);
    await expect(fetch(`${one.url}/v1/files`)).rejects.toThrow();
  });

  test('the system clock runs by itself and advance moves it on', async () => {
    const server = await startServer({ timings: { validatingFiles: 0, queued: 0, running: 0.2 } });
    try {
      const call = client(server);
      const file = (await call('POST', '/files', { form: uploadForm(chatJsonl(10)) })).body.id;
      const job = (await call('POST', '/fine_tuning/jobs', { json: { model: 'gpt-4o-mini', training_file: file } })).body;
      expect((await call('GET', `/fine_tuning/jobs/${job.id}`)).body.status).toBe('running');
      await new Promise((resolve) => setTimeout(resolve, 250));
      expect((await call('GET', `/fine_tuning/jobs/${job.id}`)).body.status).toBe('succeeded');
      const now = server.clock.now();
      server.clock.advance(3600 * SECOND);
      expect(server.clock.now() - now).toBeGreaterThanOrEqual(3600 * SECOND);
    } finally {
      await server.close();
    }
  });
});
