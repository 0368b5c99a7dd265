/**
 * Parity with a real client (issue 13, 4b): for the same inputs, each of our steps sends the
 * same request as the official `openai` SDK's corresponding call — method, path and query, the
 * key's header (`Authorization: Bearer …` or Azure's `api-key`), `OpenAI-Organization` and
 * `OpenAI-Project`, the media type, and the JSON body (for Upload, the multipart parts: names,
 * file name, file content type, content). Both go through a recording proxy in front of the
 * embedded server; our steps run through `qaddon run --server <proxy>`, so what is compared is
 * what went over the wire.
 *
 *   Upload  ↔ client.files.create                 Create ↔ client.fineTuning.jobs.create
 *   Wait    ↔ client.fineTuning.jobs.retrieve     Cancel ↔ client.fineTuning.jobs.cancel
 *   (Azure: AzureOpenAI with the same endpoint and api-version)
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import OpenAI, { AzureOpenAI, toFile } from 'openai';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runWithArgs } from '../src/cli/run.js';
import { tempFolder } from './support/addons.js';
import { startRecorder, type Captured, type Recorder } from './support/recorder.js';
import { chatJsonl, client, preferenceJsonl, startTestServer, TEST_KEY, uploadForm, type TestServer } from './support/server.js';

/** The headers that carry meaning for the API. */
const SIGNIFICANT = ['authorization', 'api-key', 'openai-organization', 'openai-project'];
/** Headers a plain client sends besides those (the SDK adds its own x-stainless-*, user-agent, …). */
const TRANSPORT = ['host', 'connection', 'content-length', 'content-type'];

type Part = { name: string; text: string } | { name: string; filename: string; type: string; content: string };

interface Essence {
  method: string;
  path: string;
  headers: Record<string, string>;
  mediaType: string | null;
  json?: unknown;
  parts?: Part[];
}

async function essenceOf(request: Captured): Promise<Essence> {
  const headers: Record<string, string> = {};
  for (const name of SIGNIFICANT) {
    const value = request.headers[name];
    if (typeof value === 'string') headers[name] = value;
  }
  const contentType = request.headers['content-type'] ?? null;
  const mediaType = contentType === null ? null : (contentType.split(';')[0] as string).trim().toLowerCase();
  const essence: Essence = { method: request.method, path: request.path, headers, mediaType };
  if (mediaType === 'application/json') essence.json = JSON.parse(request.body.toString('utf8'));
  if (mediaType === 'multipart/form-data') {
    const form = await new Response(new Uint8Array(request.body), { headers: { 'content-type': contentType as string } }).formData();
    const parts: Part[] = [];
    for (const [name, value] of form.entries()) {
      parts.push(typeof value === 'string' ? { name, text: value } : { name, filename: value.name, type: value.type, content: await value.text() });
    }
    essence.parts = parts;
  }
  if (mediaType === null) expect(request.body.length, `${request.method} ${request.path} sent a body without a type`).toBe(0);
  return essence;
}

/** A case's own server, recording proxy and training files: nothing is shared between cases, so a
 *  case that overruns its time cannot send its requests into the next case's recorder. */
interface Setup {
  server: TestServer;
  recorder: Recorder;
  trainingFile: string;
  validationFile: string;
}

/** Generous: the first case builds the run host (about 2 s unloaded), and the machine may be busy. */
const CASE_TIMEOUT = 30_000;

let folder: { path: string; remove: () => Promise<void> };

beforeAll(async () => {
  folder = await tempFolder('parity');
});

afterAll(async () => {
  await folder.remove();
});

/** Runs `body` with a fresh server and proxy (the helpers close the server after each test; the proxy is closed here). */
async function withSetup(body: (setup: Setup) => Promise<void>): Promise<void> {
  const server = await startTestServer();
  const recorder = await startRecorder(server.url);
  try {
    const call = client(server);
    const trainingFile = (await call('POST', '/files', { form: uploadForm(chatJsonl(10)) })).body.id as string;
    const validationFile = (await call('POST', '/files', { form: uploadForm(chatJsonl(3), 'valid.jsonl') })).body.id as string;
    await body({ server, recorder, trainingFile, validationFile });
  } finally {
    await recorder.close();
  }
}

/** What our step sent: `qaddon run <addon> …args --server <proxy>` (the key from an environment variable). */
async function stepSends(recorder: Recorder, addon: string, args: string[]): Promise<Essence[]> {
  const from = recorder.captured.length;
  const lines: string[] = [];
  const report = await runWithArgs([`addons/${addon}.xml`, ...args, '--token-env', 'K', '--server', recorder.url, '--max-calls', '1'], {
    env: { K: TEST_KEY },
    print: (line) => lines.push(line),
    printError: (line) => lines.push(line),
  });
  expect(report.outcome, lines.join('\n')).not.toBeNull();
  const sent = recorder.captured.slice(from);
  for (const request of sent) {
    const extra = Object.keys(request.headers).filter((name) => !SIGNIFICANT.includes(name) && !TRANSPORT.includes(name));
    expect(extra, `our step sent headers beyond the API's: ${extra.join(', ')}`).toEqual([]);
  }
  return Promise.all(sent.map(essenceOf));
}

/** What the SDK sent for `call` (an API error is an answer like any other here). */
async function sdkSends(recorder: Recorder, call: () => Promise<unknown>): Promise<Essence[]> {
  const from = recorder.captured.length;
  await call().catch((error: unknown) => {
    if (!(error instanceof OpenAI.APIError)) throw error;
  });
  return Promise.all(recorder.captured.slice(from).map(essenceOf));
}

function openai(recorder: Recorder, options: { organization?: string; project?: string } = {}): OpenAI {
  // organization and project set (to null) explicitly: the SDK would read OPENAI_ORG_ID / OPENAI_PROJECT_ID.
  return new OpenAI({ apiKey: TEST_KEY, baseURL: `${recorder.url}/v1`, maxRetries: 0, organization: options.organization ?? null, project: options.project ?? null });
}

const AZURE_ENDPOINT = 'https://qaddon-parity.openai.azure.com';

function azure(recorder: Recorder, apiVersion = '2024-10-21'): AzureOpenAI {
  return new AzureOpenAI({ apiKey: TEST_KEY, endpoint: recorder.url, apiVersion, maxRetries: 0 });
}

/** Our step's configs for the connection: OpenAI (with organization and project when given) or Azure. */
function connection(server: TestServer, kind: 'openai' | 'org' | 'azure', apiVersion?: string): string[] {
  if (kind === 'org') return ['--config', `StrConfU2=${server.organizationId}`, '--config', `StrConfU3=${server.projectId}`];
  if (kind === 'azure') return ['--config', `StrConfU4=${AZURE_ENDPOINT}`, ...(apiVersion ? ['--config', `StrConfU5=${apiVersion}`] : [])];
  return [];
}

function sdkFor({ server, recorder }: Setup, kind: 'openai' | 'org' | 'azure', apiVersion?: string): OpenAI {
  if (kind === 'org') return openai(recorder, { organization: server.organizationId, project: server.projectId });
  if (kind === 'azure') return azure(recorder, apiVersion);
  return openai(recorder);
}

describe('Upload ↔ client.files.create', () => {
  const cases: { title: string; kind: 'openai' | 'org' | 'azure'; purpose: string; name: string; content: string }[] = [
    { title: 'OpenAI, fine-tune', kind: 'openai', purpose: 'fine-tune', name: 'train.jsonl', content: chatJsonl(12) },
    { title: 'OpenAI with organization and project, DPO data', kind: 'org', purpose: 'fine-tune', name: 'prefs.jsonl', content: preferenceJsonl(10) },
    { title: 'OpenAI, purpose batch, a non-ASCII file name', kind: 'openai', purpose: 'batch', name: 'リクエスト.jsonl', content: '{"custom_id":"1"}\n' },
    { title: 'Azure OpenAI, fine-tune', kind: 'azure', purpose: 'fine-tune', name: 'train.jsonl', content: chatJsonl(10) },
  ];
  test.each(cases)('$title', ({ kind, purpose, name, content }) =>
    withSetup(async (setup) => {
      const path = join(folder.path, name);
      await writeFile(path, content);
      const ours = await stepSends(setup.recorder, 'openai-file-upload', ['--file', `SelectConfA1=${path}`, '--config', `StrConfA2=${purpose}`, '--item', 'SelectConfB1', ...connection(setup.server, kind)]);
      // The file part's type is what the FILE item's file has: a .jsonl file arrives as application/octet-stream.
      // The SDK writes the parts in the order of the params: purpose first, as the step (and OpenAI's curl example) does.
      const file = await toFile(Buffer.from(content), name, { type: 'application/octet-stream' });
      const theirs = await sdkSends(setup.recorder, () => sdkFor(setup, kind).files.create({ purpose: purpose as 'fine-tune', file }));
      expect(ours).toHaveLength(1);
      expect(ours).toEqual(theirs);
      expect(ours[0]?.parts?.map((part) => part.name)).toEqual(['purpose', 'file']);
    }), CASE_TIMEOUT);
});

describe('Create ↔ client.fineTuning.jobs.create: every option', () => {
  type Params = OpenAI.FineTuning.JobCreateParams;
  type Files = { trainingFile: string; validationFile: string };
  const cases: { title: string; kind: 'openai' | 'org' | 'azure'; apiVersion?: string; configs: (files: Files) => Record<string, string>; params: (files: Files) => Params }[] = [
    {
      title: 'A1 and A2 only: no method (a plain supervised job)',
      kind: 'openai',
      configs: ({ trainingFile }) => ({ StrConfA1: trainingFile, StrConfA2: 'gpt-4o-mini-2024-07-18' }),
      params: ({ trainingFile }) => ({ model: 'gpt-4o-mini-2024-07-18', training_file: trainingFile }),
    },
    {
      title: 'every supervised option: validation file, suffix, n_epochs, batch_size, learning_rate_multiplier, seed, metadata',
      kind: 'openai',
      configs: ({ trainingFile, validationFile }) => ({
        StrConfA1: trainingFile, StrConfA2: 'gpt-4.1-nano-2025-04-14', StrConfA3: validationFile, StrConfA4: 'support-bot', StrConfA5: 'supervised',
        StrConfA6: '3', StrConfA7: '8', StrConfA8: '0.5', StrConfA10: '42', StrConfA11: 'team=support\nticket=T-1',
      }),
      params: ({ trainingFile, validationFile }) => ({
        model: 'gpt-4.1-nano-2025-04-14', training_file: trainingFile, validation_file: validationFile, suffix: 'support-bot', seed: 42,
        metadata: { team: 'support', ticket: 'T-1' },
        method: { type: 'supervised', supervised: { hyperparameters: { n_epochs: 3, batch_size: 8, learning_rate_multiplier: 0.5 } } },
      }),
    },
    {
      title: '"auto" hyperparameters in any case',
      kind: 'openai',
      configs: ({ trainingFile }) => ({ StrConfA1: trainingFile, StrConfA2: 'gpt-4o-mini-2024-07-18', StrConfA6: 'auto', StrConfA7: 'AUTO', StrConfA8: 'Auto' }),
      params: ({ trainingFile }) => ({ model: 'gpt-4o-mini-2024-07-18', training_file: trainingFile, method: { type: 'supervised', supervised: { hyperparameters: { n_epochs: 'auto', batch_size: 'auto', learning_rate_multiplier: 'auto' } } } }),
    },
    {
      title: 'DPO with every hyperparameter, beta included',
      kind: 'openai',
      configs: ({ trainingFile }) => ({ StrConfA1: trainingFile, StrConfA2: 'gpt-4o-2024-08-06', StrConfA5: 'dpo', StrConfA6: '2', StrConfA7: 'auto', StrConfA8: '1.5', StrConfA9: '0.1' }),
      params: ({ trainingFile }) => ({ model: 'gpt-4o-2024-08-06', training_file: trainingFile, method: { type: 'dpo', dpo: { hyperparameters: { n_epochs: 2, batch_size: 'auto', learning_rate_multiplier: 1.5, beta: 0.1 } } } }),
    },
    {
      title: 'DPO without hyperparameters',
      kind: 'openai',
      configs: ({ trainingFile }) => ({ StrConfA1: trainingFile, StrConfA2: 'gpt-4o-mini-2024-07-18', StrConfA5: 'dpo' }),
      params: ({ trainingFile }) => ({ model: 'gpt-4o-mini-2024-07-18', training_file: trainingFile, method: { type: 'dpo' } }),
    },
    {
      title: 'A12: the base model from data (an earlier ft: model), A2 not used',
      kind: 'openai',
      configs: ({ trainingFile }) => ({ StrConfA1: trainingFile, StrConfA2: 'gpt-4o-mini-2024-07-18', StrConfA12: 'ft:gpt-4o-mini-2024-07-18:qaddon::AbC12dEf' }),
      params: ({ trainingFile }) => ({ model: 'ft:gpt-4o-mini-2024-07-18:qaddon::AbC12dEf', training_file: trainingFile }),
    },
    {
      title: 'organization and project headers',
      kind: 'org',
      configs: ({ trainingFile }) => ({ StrConfA1: trainingFile, StrConfA2: 'gpt-4o-mini-2024-07-18', StrConfA4: 'org-run' }),
      params: ({ trainingFile }) => ({ model: 'gpt-4o-mini-2024-07-18', training_file: trainingFile, suffix: 'org-run' }),
    },
    {
      title: 'Azure OpenAI, the default API version',
      kind: 'azure',
      configs: ({ trainingFile }) => ({ StrConfA1: trainingFile, StrConfA2: 'gpt-4o-mini-2024-07-18', StrConfA4: 'azure-bot' }),
      params: ({ trainingFile }) => ({ model: 'gpt-4o-mini-2024-07-18', training_file: trainingFile, suffix: 'azure-bot' }),
    },
    {
      title: 'Azure OpenAI, a preview API version, method and seed; U2/U3 set but not sent to Azure',
      kind: 'azure',
      apiVersion: '2025-04-01-preview',
      configs: ({ trainingFile }) => ({ StrConfA1: trainingFile, StrConfA2: 'gpt-4o-mini-2024-07-18', StrConfA6: '4', StrConfA10: '7', StrConfU2: 'org-qaddon', StrConfU3: 'proj_qaddon' }),
      params: ({ trainingFile }) => ({ model: 'gpt-4o-mini-2024-07-18', training_file: trainingFile, seed: 7, method: { type: 'supervised', supervised: { hyperparameters: { n_epochs: 4 } } } }),
    },
  ];
  test.each(cases)('$title', ({ kind, apiVersion, configs, params }) =>
    withSetup(async (setup) => {
      const files: Files = { trainingFile: setup.trainingFile, validationFile: setup.validationFile };
      if (kind === 'azure') {
        // Azure's account is separate: its own training files.
        const call = client(setup.server, 'azure');
        files.trainingFile = (await call('POST', '/files', { form: uploadForm(chatJsonl(10)) })).body.id as string;
      }
      const args = Object.entries(configs(files)).flatMap(([name, value]) => ['--config', `${name}=${value}`]);
      const ours = await stepSends(setup.recorder, 'openai-ftjob-create', [...args, '--item', 'SelectConfB2', ...connection(setup.server, kind, apiVersion)]);
      const theirs = await sdkSends(setup.recorder, () => sdkFor(setup, kind, apiVersion).fineTuning.jobs.create(params(files)));
      expect(ours).toHaveLength(1);
      expect(ours).toEqual(theirs);
    }), CASE_TIMEOUT);
});

describe('Wait ↔ client.fineTuning.jobs.retrieve, Cancel ↔ client.fineTuning.jobs.cancel', () => {
  const kinds = ['openai', 'org', 'azure'] as const;

  async function job({ server, trainingFile }: Setup, kind: (typeof kinds)[number]): Promise<string> {
    const call = client(server, kind === 'azure' ? 'azure' : 'openai');
    const file = kind === 'azure' ? (await call('POST', '/files', { form: uploadForm(chatJsonl(10)) })).body.id : trainingFile;
    return (await call('POST', '/fine_tuning/jobs', { json: { model: 'gpt-4o-mini-2024-07-18', training_file: file } })).body.id as string;
  }

  test.each(kinds)('Wait, %s', (kind) =>
    withSetup(async (setup) => {
      const id = await job(setup, kind);
      setup.server.manualClock.advance(60_000);
      const ours = await stepSends(setup.recorder, 'openai-ftjob-wait', ['--config', `StrConfA1=${id}`, '--item', 'SelectConfB1', ...connection(setup.server, kind)]);
      const theirs = await sdkSends(setup.recorder, () => sdkFor(setup, kind).fineTuning.jobs.retrieve(id));
      expect(ours).toHaveLength(1);
      expect(ours).toEqual(theirs);
    }), CASE_TIMEOUT);

  test.each(kinds)('Cancel, %s', (kind) =>
    withSetup(async (setup) => {
      const id = await job(setup, kind);
      const ours = await stepSends(setup.recorder, 'openai-ftjob-cancel', ['--config', `StrConfA1=${id}`, '--item', 'SelectConfB1', ...connection(setup.server, kind)]);
      const other = await job(setup, kind);
      const theirs = await sdkSends(setup.recorder, () => sdkFor(setup, kind).fineTuning.jobs.cancel(other));
      expect(ours).toHaveLength(1);
      expect(ours).toEqual(theirs.map((request) => ({ ...request, path: request.path.replace(other, id) })));
    }), CASE_TIMEOUT);

  test('Cancel with A2 on, a job that has ended: the cancel, then the look-up, as the SDK would make them', () =>
    withSetup(async (setup) => {
      const { recorder } = setup;
      const id = await job(setup, 'openai');
      setup.server.manualClock.advance(60_000);
      const ours = await stepSends(recorder, 'openai-ftjob-cancel', ['--config', `StrConfA1=${id}`, '--config', 'StrConfA2=true', '--item', 'SelectConfB1']);
      const sdk = openai(recorder);
      const theirs = [...(await sdkSends(recorder, () => sdk.fineTuning.jobs.cancel(id))), ...(await sdkSends(recorder, () => sdk.fineTuning.jobs.retrieve(id)))];
      expect(ours.map((request) => `${request.method} ${request.path}`)).toEqual([`POST /v1/fine_tuning/jobs/${id}/cancel`, `GET /v1/fine_tuning/jobs/${id}`]);
      expect(ours).toEqual(theirs);
    }), CASE_TIMEOUT);
});
