/**
 * The mutable state of one test: configs, data items, log, requests. `resetState()` gives each
 * `test(...)` a fresh one, so tests cannot leak into each other.
 */
import type { DeclaredConfig, RecordedRequest } from './protocol';

export interface DataItem {
  definition: DataDefinitionView;
  dataType: string;
  value: unknown;
}

export interface AuthSetting {
  wrapper: AuthSettingWrapper;
  token: string;
}

export interface HostState {
  configValues: Map<string, string>;
  configObjects: Map<string, unknown>;
  dataItems: DataItem[];
  authSettings: AuthSetting[];
  requestHandler: ((request: TestHttpRequest) => TestHttpResponse) | null;
  requests: RecordedRequest[];
  logs: string[];
  stepErrors: string[];
  temporaryData: string | null;
}

/** The most requests one execution may send, as `httpClient.getRequestingLimit()` reports. */
export const REQUESTING_LIMIT = 10;

/** Configs the add-on declares; empty means "not told", and then any name is accepted. */
export const declaredConfigs = new Map<string, DeclaredConfig>();

function freshState(): HostState {
  return {
    configValues: new Map(),
    configObjects: new Map(),
    dataItems: [],
    authSettings: [],
    requestHandler: null,
    requests: [],
    logs: [],
    stepErrors: [],
    temporaryData: null,
  };
}

export let state: HostState = freshState();

export function resetState(): void {
  state = freshState();
}
