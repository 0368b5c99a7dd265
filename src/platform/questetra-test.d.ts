/**
 * The API of an add-on's `<test>` block, as Questetra's test host provides it. These
 * declarations merge into the host objects of questetra.d.ts, and are visible only to the
 * programs that compile test sources and the local host (tsconfig.tests.json), never to step
 * code (tsconfig.steps.json): a step cannot call `configs.put` by mistake.
 */

interface QuestetraConfigs {
  /** Sets a config's string value, as the modeler would (EL already resolved). */
  put(name: string, value: string): void;
  /** Sets a config's object: a data item, an auth setting, or a boolean for a TOGGLE. */
  putObject(name: string, value: DataDefinitionView | AuthSettingWrapper | boolean | null): void;
}

interface QuestetraEngine {
  /** Declares a data item. `dataType` like `'STRING_TEXTFIELD'`, `'STRING_TEXTAREA'`, `'DECIMAL'`. */
  createDataDefinition(name: string, number: number, varName: string | null, dataType: string): DataDefinitionView;
  createQfile(name: string, contentType: string, text: string): QfileView;
}

/** A request as the test's handler sees it. */
interface TestHttpRequest {
  /** The whole URL, query string included, values percent-encoded. */
  url: string;
  method: string;
  contentType: string | null;
  /** Readable as `headers['Name']` and as `headers.get('Name')`. */
  headers: TestHttpHeaders;
  body: string | null;
}

interface TestHttpHeaders {
  readonly [name: string]: unknown;
  get(name: string): string | null;
}

/** A response made by `httpClient.createHttpResponse`. */
interface TestHttpResponse {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}

interface QuestetraHttpClient {
  /** Every request of the step goes to `handler` instead of the network. */
  setRequestHandler(handler: (request: TestHttpRequest) => TestHttpResponse): void;
  createHttpResponse(status: number, contentType: string, body: string): TestHttpResponse;
  createAuthSettingToken(name: string, token: string): AuthSettingWrapper;
}

interface TestExpectation {
  /** Deep equality (arrays and plain objects by content). */
  toEqual(expected: unknown): void;
  /** `actual` is a function; passes when calling it throws. */
  toThrow(): void;
}

declare function test(name: string, fn: () => void): void;
declare function expect(actual: unknown): TestExpectation;
declare function fail(message?: string): never;

/** Defined by the add-on's `<script>`, which runs in the same context as its `<test>`. */
declare function main(): boolean | void;
declare function proceed(): boolean | void;
