/**
 * The embedded OpenAI-compatible server: files and fine-tuning jobs as OpenAI's API (and Azure
 * OpenAI's) serve them, in memory, on loopback. Started by `qaddon serve`, and in-process by
 * tests and by tools that run add-ons against it:
 *
 *   const server = await startServer({ clock: new ManualClock() });
 *   // OpenAI form: server.openaiBaseUrl (…/v1), header `Authorization: Bearer ${server.apiKey}`
 *   // Azure form:  server.azureEndpoint, paths /openai/…?api-version=…, header `api-key`
 *   server.clock.advance(60_000);        // jobs walk on
 *   server.failJob(id);                   // a running job fails now
 *   server.rateLimitNext(1);              // the next request answers 429 with retry-after
 *   await server.close();
 *
 * Nothing here imports the steps or the host: the server speaks OpenAI's protocol over HTTP only.
 */
import type { AddressInfo } from 'node:net';
import { SystemClock, type Clock } from './clock.js';
import { createApiServer } from './http.js';
import { randomBase62 } from './ids.js';
import type { JobTimings, ServedJob } from './jobs.js';
import { ServerState, type RequestRecord } from './state.js';

export { ManualClock, SystemClock, MANUAL_CLOCK_START, type Clock } from './clock.js';
export { FAIL_METADATA_KEY } from './account.js';
export { MIN_TRAINING_EXAMPLES } from './training-data.js';
export { maskKey } from './http.js';
export type { JobTimings, ServedJob } from './jobs.js';
export type { RequestRecord } from './state.js';

/** Loopback addresses only: the server is for this machine. */
const LOOPBACK = new Set(['127.0.0.1', '::1']);

/** Long enough running to cancel a job by hand, short enough to watch one finish. */
export const DEFAULT_TIMINGS: Readonly<JobTimings> = { validatingFiles: 2, queued: 3, running: 60 };
export const DEFAULT_ORGANIZATION_ID = 'org-qaddon';
export const DEFAULT_PROJECT_ID = 'proj_qaddon';

export interface ServerOptions {
  /** TCP port; 0 (the default) picks a free one. */
  port?: number;
  /** `127.0.0.1` (default) or `::1`. */
  host?: string;
  /** The one key the server accepts (OpenAI bearer token and Azure `api-key`); default: a new random `sk-qaddon-…`. */
  apiKey?: string;
  /** What "now" is; default: the system clock (which `advance` can still move on). */
  clock?: Clock;
  /** Seconds a job spends validating files, queued and running; default 2, 3 and 60. */
  timings?: Partial<JobTimings>;
  /** The organization the key belongs to (`OpenAI-Organization` must match when sent); default `org-qaddon`. */
  organizationId?: string;
  /** The organization's name in `ft:` model names; default `qaddon`. */
  organizationName?: string;
  /** The project the key belongs to (`OpenAI-Project` must match when sent); default `proj_qaddon`. */
  projectId?: string;
  /** Largest request body accepted, in bytes; default 64 MiB. */
  maxBodyBytes?: number;
  /** Told of every request once it is answered (method, path, status; never headers or bodies). */
  onRequest?: (record: RequestRecord) => void;
  /** Called with errors the server did not expect (it answers them 500); default: console.error. */
  onInternalError?: (error: unknown) => void;
}

export interface EmbeddedServer {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  /** Base URL for OpenAI clients: `<url>/v1`. */
  readonly openaiBaseUrl: string;
  /** Endpoint for Azure OpenAI clients (they add `/openai/…?api-version=…`): `<url>`. */
  readonly azureEndpoint: string;
  readonly apiKey: string;
  readonly organizationId: string;
  readonly projectId: string;
  readonly clock: Clock;
  /** Every request answered so far, oldest first (method, path, status; no headers or bodies). */
  readonly requests: readonly RequestRecord[];
  /** Makes a job that has not ended fail now; returns the job as its service shows it. */
  failJob(id: string, error?: { code?: string; message?: string }): ServedJob;
  /** The next `count` API requests answer 429: a rate limit with `retry-after` (default 1 s), or an exhausted quota. */
  rateLimitNext(count?: number, options?: { retryAfterSeconds?: number; kind?: 'rate_limit' | 'quota' }): void;
  /** Stops listening and drops open connections; everything held is gone. */
  close(): Promise<void>;
}

function checkTimings(timings: JobTimings): JobTimings {
  for (const [phase, seconds] of Object.entries(timings)) {
    if (!Number.isFinite(seconds) || seconds < 0) throw new RangeError(`timings.${phase} must be a number of seconds >= 0; got ${seconds}`);
  }
  return timings;
}

export async function startServer(options: ServerOptions = {}): Promise<EmbeddedServer> {
  const host = options.host ?? '127.0.0.1';
  if (!LOOPBACK.has(host)) throw new Error(`the embedded server listens on loopback only (127.0.0.1 or ::1); got ${host}`);
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new RangeError(`port must be an integer 0-65535; got ${port}`);
  const apiKey = options.apiKey ?? `sk-qaddon-${randomBase62(32)}`;
  if (apiKey.trim() !== apiKey || apiKey === '' || /[^\x21-\x7e]/.test(apiKey)) {
    throw new Error('the API key must be printable ASCII without spaces');
  }
  const state = new ServerState({
    apiKey,
    organizationId: options.organizationId ?? DEFAULT_ORGANIZATION_ID,
    organizationName: options.organizationName ?? 'qaddon',
    projectId: options.projectId ?? DEFAULT_PROJECT_ID,
    clock: options.clock ?? new SystemClock(),
    timings: checkTimings({ ...DEFAULT_TIMINGS, ...options.timings }),
    maxBodyBytes: options.maxBodyBytes ?? 64 * 1024 * 1024,
    ...(options.onRequest ? { onRequest: options.onRequest } : {}),
  });
  const server = createApiServer(state, options.onInternalError ?? ((error) => console.error('qaddon server: internal error:', error)));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const url = `http://${host === '::1' ? '[::1]' : host}:${address.port}`;
  return {
    url,
    port: address.port,
    openaiBaseUrl: `${url}/v1`,
    azureEndpoint: url,
    apiKey,
    organizationId: state.settings.organizationId,
    projectId: state.settings.projectId,
    clock: state.clock,
    requests: state.requests,
    failJob: (id, error) => state.failJob(id, error),
    rateLimitNext: (count = 1, faultOptions = {}) => state.queueFaults(count, { kind: faultOptions.kind ?? 'rate_limit', retryAfterSeconds: faultOptions.retryAfterSeconds ?? 1 }),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
