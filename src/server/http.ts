/**
 * The HTTP side: Node's http module, loopback only. Each request is routed by its prefix to the
 * OpenAI form (`/v1/…`), the Azure form (`/openai/…?api-version=…`) or the control API
 * (`/_qaddon/…`), then checked in the order the services check it: route, key (and OpenAI's
 * organization/project headers), queued faults; then every job is brought up to the clock and
 * the handler answers.
 */
import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { unixSeconds } from './clock.js';
import { AZURE_API_VERSION, AZURE_DIALECT, OPENAI_DIALECT, type Dialect } from './dialect.js';
import { ApiFailure, AZURE_ERRORS, OPENAI_ERRORS } from './errors.js';
import { matchRoute, type Reply } from './routes.js';
import type { Provider, RequestRecord, ServerState } from './state.js';

const PREFIXES: ReadonlyArray<[string, Provider]> = [
  ['/v1/', 'openai'],
  ['/openai/', 'azure'],
];

const INTERNAL_ERROR = new ApiFailure(500, {
  error: { message: 'The server had an error while processing your request. Sorry about that!', type: 'server_error', param: null, code: null },
});

/** A key as OpenAI shows it in a 401 message: the first 8 and last 4 characters of a long key, stars for the rest (all stars for a short one). */
export function maskKey(key: string): string {
  if (key.length < 24) return '*'.repeat(key.length);
  return `${key.slice(0, 8)}${'*'.repeat(key.length - 12)}${key.slice(-4)}`;
}

function sameKey(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The body, or null when it is larger than `limit` (the rest is read and dropped). */
async function readBody(request: IncomingMessage, limit: number): Promise<Uint8Array | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= limit) chunks.push(chunk);
  }
  return size > limit ? null : Buffer.concat(chunks);
}

/** Path segments after the prefix, decoded; null when one cannot be decoded. */
function segmentsOf(rest: string): string[] | null {
  try {
    return rest.split('/').map((segment) => decodeURIComponent(segment));
  } catch {
    return null;
  }
}

function checkOpenAiAuth(state: ServerState, request: IncomingMessage): void {
  const authorization = header(request, 'authorization');
  const key = authorization === undefined ? undefined : /^Bearer\s+(.+)$/i.exec(authorization.trim())?.[1];
  if (key === undefined) throw OPENAI_ERRORS.missingKey();
  if (!sameKey(key, state.settings.apiKey)) throw OPENAI_ERRORS.wrongKey(maskKey(key));
  const organization = header(request, 'openai-organization');
  if (organization !== undefined && organization !== state.settings.organizationId) throw OPENAI_ERRORS.mismatchedOrganization();
  const project = header(request, 'openai-project');
  if (project !== undefined && project !== state.settings.projectId) throw OPENAI_ERRORS.mismatchedProject();
}

function checkAzureAuth(state: ServerState, request: IncomingMessage): void {
  const key = header(request, 'api-key');
  if (key === undefined || key === '') throw AZURE_ERRORS.missingKey();
  if (!sameKey(key, state.settings.apiKey)) throw AZURE_ERRORS.wrongKey(maskKey(key));
}

/** The control API takes the same key, in either form. */
function checkControlAuth(state: ServerState, request: IncomingMessage): void {
  const bearer = /^Bearer\s+(.+)$/i.exec(header(request, 'authorization')?.trim() ?? '')?.[1];
  const key = bearer ?? header(request, 'api-key');
  if (key === undefined) throw OPENAI_ERRORS.missingKey();
  if (!sameKey(key, state.settings.apiKey)) throw OPENAI_ERRORS.wrongKey(maskKey(key));
}

function dialectOf(provider: Provider): Dialect {
  return provider === 'azure' ? AZURE_DIALECT : OPENAI_DIALECT;
}

async function answerApi(state: ServerState, provider: Provider, request: IncomingMessage, url: URL, body: Uint8Array): Promise<Reply> {
  const method = request.method ?? 'GET';
  const { errors } = dialectOf(provider);
  const prefix = provider === 'azure' ? '/openai/' : '/v1/';
  if (provider === 'azure') {
    const version = url.searchParams.get('api-version');
    if (version === null || version === '') throw AZURE_ERRORS.missingApiVersion();
    if (!AZURE_API_VERSION.test(version)) throw AZURE_ERRORS.unsupportedApiVersion();
  }
  const segments = segmentsOf(url.pathname.slice(prefix.length));
  const match = segments === null ? 'no-route' : matchRoute(method, segments);
  if (match === 'no-route') throw errors.invalidUrl(method, url.pathname);
  if (match === 'wrong-method') throw errors.invalidMethod(method, url.pathname);
  if (provider === 'azure') checkAzureAuth(state, request);
  else checkOpenAiAuth(state, request);
  const fault = state.takeFault();
  if (fault !== undefined) throw fault.kind === 'quota' ? errors.quotaExceeded() : errors.rateLimited(fault.retryAfterSeconds);
  const account = state.accounts[provider];
  const now = state.clock.now();
  account.tick(now);
  return match.handler({
    method,
    path: url.pathname,
    params: match.params,
    query: url.searchParams,
    contentType: header(request, 'content-type') ?? '',
    body,
    account,
    now,
  });
}

function parseControlBody(body: Uint8Array): Record<string, unknown> {
  if (body.byteLength === 0) return {};
  try {
    const value: unknown = JSON.parse(Buffer.from(body).toString('utf8'));
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // answered below
  }
  throw OPENAI_ERRORS.unparsableJson();
}

function controlFailure(status: number, message: string): ApiFailure {
  return new ApiFailure(status, { error: { message, type: 'invalid_request_error', param: null, code: null } });
}

/**
 * The control API (not part of OpenAI's): `POST /_qaddon/clock/advance {"seconds": n}`,
 * `POST /_qaddon/jobs/{id}/fail {"message"?, "code"?}`, `POST /_qaddon/rate-limit {"count"?, "retry_after"?, "kind"?}`.
 */
function answerControl(state: ServerState, request: IncomingMessage, url: URL, body: Uint8Array): Reply {
  const method = request.method ?? 'GET';
  const segments = segmentsOf(url.pathname.slice('/_qaddon/'.length)) ?? [];
  const route = `${method} ${segments.length === 3 && segments[0] === 'jobs' && segments[2] === 'fail' ? 'jobs/:id/fail' : segments.join('/')}`;
  if (!['POST clock/advance', 'POST jobs/:id/fail', 'POST rate-limit'].includes(route)) throw OPENAI_ERRORS.invalidUrl(method, url.pathname);
  checkControlAuth(state, request);
  const input = parseControlBody(body);
  switch (route) {
    case 'POST clock/advance': {
      const seconds = input['seconds'];
      if (typeof seconds !== 'number' || !(seconds >= 0) || !Number.isFinite(seconds)) throw controlFailure(400, '"seconds" must be a number >= 0');
      state.clock.advance(seconds * 1000);
      return { json: { now: unixSeconds(state.clock.now()) } };
    }
    case 'POST jobs/:id/fail': {
      const id = segments[1] as string;
      const message = typeof input['message'] === 'string' ? input['message'] : undefined;
      const code = typeof input['code'] === 'string' ? input['code'] : undefined;
      const found = state.findJob(id);
      if (found === null) throw OPENAI_ERRORS.jobNotFound(id);
      if (found.job.ended) throw controlFailure(409, `Job has already completed: ${id}`);
      return { json: state.failJob(id, { ...(message === undefined ? {} : { message }), ...(code === undefined ? {} : { code }) }) };
    }
    default: {
      const count = input['count'] ?? 1;
      const retryAfter = input['retry_after'] ?? 1;
      const kind = input['kind'] ?? 'rate_limit';
      if (typeof count !== 'number' || !Number.isInteger(count) || count < 1) throw controlFailure(400, '"count" must be an integer >= 1');
      if (typeof retryAfter !== 'number' || !Number.isInteger(retryAfter) || retryAfter < 0) throw controlFailure(400, '"retry_after" must be a whole number of seconds >= 0');
      if (kind !== 'rate_limit' && kind !== 'quota') throw controlFailure(400, '"kind" must be "rate_limit" or "quota"');
      state.queueFaults(count, { kind, retryAfterSeconds: retryAfter });
      return { json: { pending: state.pendingFaults } };
    }
  }
}

function send(response: ServerResponse, status: number, reply: Reply | { json: unknown }, requestId: string, provider: RequestRecord['provider'], extraHeaders: Readonly<Record<string, string>> = {}): void {
  const headers: Record<string, string> = { 'x-request-id': requestId, ...extraHeaders };
  if (provider === 'azure') headers['apim-request-id'] = requestId;
  if (provider === 'openai') headers['openai-version'] = '2020-10-01';
  if ('bytes' in reply) {
    response.writeHead(status, { ...headers, 'content-type': reply.contentType, 'content-disposition': `attachment; filename="${reply.filename.replace(/["\\\r\n]/g, '_')}"` });
    response.end(reply.bytes);
    return;
  }
  response.writeHead(status, { ...headers, 'content-type': 'application/json' });
  response.end(JSON.stringify(reply.json));
}

async function handle(state: ServerState, request: IncomingMessage, response: ServerResponse, onInternalError: (error: unknown) => void): Promise<void> {
  const method = request.method ?? 'GET';
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  const provider: RequestRecord['provider'] = url.pathname.startsWith('/_qaddon/') ? 'control' : (PREFIXES.find(([prefix]) => url.pathname.startsWith(prefix))?.[1] ?? 'unknown');
  const requestId = (provider === 'azure' ? AZURE_DIALECT : OPENAI_DIALECT).ids.request();
  let status = 200;
  try {
    const body = await readBody(request, state.settings.maxBodyBytes);
    if (body === null) throw dialectOf(provider === 'azure' ? 'azure' : 'openai').errors.bodyTooLarge(state.settings.maxBodyBytes);
    let reply: Reply;
    if (provider === 'control') reply = answerControl(state, request, url, body);
    else if (provider === 'unknown') throw OPENAI_ERRORS.invalidUrl(method, url.pathname);
    else reply = await answerApi(state, provider, request, url, body);
    send(response, status, reply, requestId, provider);
  } catch (error) {
    const failure = error instanceof ApiFailure ? error : INTERNAL_ERROR;
    if (!(error instanceof ApiFailure)) onInternalError(error);
    status = failure.status;
    send(response, status, { json: failure.body }, requestId, provider, failure.headers);
  }
  state.record({ provider, method, path: url.pathname, status });
}

export function createApiServer(state: ServerState, onInternalError: (error: unknown) => void): Server {
  return createServer((request, response) => {
    void handle(state, request, response, onInternalError);
  });
}
