/**
 * Everything the server holds, in memory: the key it accepts, the clock, one account per
 * service, the faults queued for coming requests, and a record of the requests answered. The
 * HTTP control endpoints and the in-process API (index.ts) act on it through the same methods.
 */
import { Account, requestedFailure } from './account.js';
import type { Clock } from './clock.js';
import { AZURE_DIALECT, OPENAI_DIALECT } from './dialect.js';
import type { JobRecord, JobTimings, ServedJob } from './jobs.js';

export type Provider = 'openai' | 'azure';

/** A refusal queued for the next API request: 429 with `retry-after` (rate limit) or without (quota). */
export interface Fault {
  kind: 'rate_limit' | 'quota';
  retryAfterSeconds: number;
}

/** One request the server answered (no headers, no body, no query: nothing secret). */
export interface RequestRecord {
  /** Which form it addressed: the OpenAI API, the Azure API, the control API, or none. */
  provider: Provider | 'control' | 'unknown';
  method: string;
  path: string;
  status: number;
}

export interface StateSettings {
  apiKey: string;
  organizationId: string;
  organizationName: string;
  projectId: string;
  clock: Clock;
  timings: JobTimings;
  maxBodyBytes: number;
  /** Told of every request once it is answered (e.g. `qaddon serve` prints a line). */
  onRequest?: (record: RequestRecord) => void;
}

/** The most requests kept in the record; older ones are dropped. */
const MAX_RECORDS = 10000;

export class ServerState {
  readonly accounts: Readonly<Record<Provider, Account>>;
  readonly requests: RequestRecord[] = [];
  private readonly faults: Fault[] = [];

  constructor(readonly settings: StateSettings) {
    const accountSettings = { organizationId: settings.organizationId, organizationName: settings.organizationName, timings: settings.timings };
    this.accounts = { openai: new Account(OPENAI_DIALECT, accountSettings), azure: new Account(AZURE_DIALECT, accountSettings) };
  }

  get clock(): Clock {
    return this.settings.clock;
  }

  record(entry: RequestRecord): void {
    this.requests.push(entry);
    this.settings.onRequest?.(entry);
    if (this.requests.length > MAX_RECORDS) this.requests.splice(0, this.requests.length - MAX_RECORDS);
  }

  /** Queues `count` refusals for the next API requests. */
  queueFaults(count: number, fault: Fault): void {
    if (!Number.isInteger(count) || count < 1) throw new RangeError(`count must be a positive integer; got ${count}`);
    if (!Number.isInteger(fault.retryAfterSeconds) || fault.retryAfterSeconds < 0) {
      throw new RangeError(`retry-after must be a whole number of seconds >= 0; got ${fault.retryAfterSeconds}`);
    }
    for (let i = 0; i < count; i += 1) this.faults.push({ ...fault });
  }

  get pendingFaults(): number {
    return this.faults.length;
  }

  /** The refusal for this request, if one is queued. */
  takeFault(): Fault | undefined {
    return this.faults.shift();
  }

  /** The job with this ID on either service. */
  findJob(id: string): { provider: Provider; job: JobRecord } | null {
    for (const provider of ['openai', 'azure'] as const) {
      const account = this.accounts[provider];
      account.tick(this.clock.now());
      const job = account.jobs.get(id);
      if (job !== undefined) return { provider, job };
    }
    return null;
  }

  /**
   * Makes a job that has not ended fail now, with `error` (a generic failure by default).
   * Returns the job as its service shows it; throws when the job is unknown or already ended.
   */
  failJob(id: string, error?: { code?: string; message?: string }): ServedJob {
    const found = this.findJob(id);
    if (found === null) throw new Error(`no fine-tuning job ${id} on this server`);
    const failure = { ...requestedFailure(error?.message), ...(error?.code ? { code: error.code } : {}) };
    if (!found.job.failNow(this.clock.now(), failure)) throw new Error(`fine-tuning job ${id} has already ended (${found.job.phase})`);
    return this.accounts[found.provider].jobObject(found.job);
  }
}
