/**
 * The mutable state of one test: configs, data items, log, requests. `resetState()` gives each
 * `test(...)` a fresh one, so tests cannot leak into each other.
 */
import type { AuthSetting } from './auth-settings';
import type { DataDefinition } from './data-items';
import type { FeedRecord } from './feed';
import type { DeclaredConfig, RecordedRequest } from './protocol';
import type { Quser } from './users';

export interface DataItem {
  definition: DataDefinition;
  value: unknown;
}

export interface HostState {
  configValues: Map<string, string>;
  configObjects: Map<string, unknown>;
  dataItems: DataItem[];
  authSettings: AuthSetting[];
  users: Quser[];
  requestHandler: ((request: TestHttpRequest) => TestHttpResponse) | null;
  feedPostHandler: ((record: FeedRecord) => number) | null;
  requests: RecordedRequest[];
  logs: string[];
  stepErrors: string[];
  temporaryData: string | null;
  /** The process's time zone as an offset from UTC; Questetra's test host starts at GMT+09:00. */
  timeZoneOffsetMinutes: number;
}

/**
 * The most requests one execution may send, as `httpClient.getRequestingLimit()` reports.
 * Questetra's own tests send up to 12 in one run and build cases around the limit itself.
 */
export const REQUESTING_LIMIT = 30;

/** Configs the add-on declares; empty means "not told", and then any name is accepted. */
export const declaredConfigs = new Map<string, DeclaredConfig>();

function freshState(): HostState {
  return {
    configValues: new Map(),
    configObjects: new Map(),
    dataItems: [],
    authSettings: [],
    users: [],
    requestHandler: null,
    feedPostHandler: null,
    requests: [],
    logs: [],
    stepErrors: [],
    temporaryData: null,
    timeZoneOffsetMinutes: 540,
  };
}

export let state: HostState = freshState();

export function resetState(): void {
  state = freshState();
}
