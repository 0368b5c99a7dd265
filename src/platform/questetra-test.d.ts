/**
 * The API of an add-on's `<test>` block, as Questetra's test host provides it. These
 * declarations merge into the host objects of questetra.d.ts, and are visible only to the
 * programs that compile test sources and the local host (tsconfig.tests.json), never to step
 * code (tsconfig.steps.json): a step cannot call `configs.put` by mistake.
 */

interface QuestetraConfigs {
  /** Sets a config's string value, as the modeler would (EL already resolved); null is blank. */
  put(name: string, value: string | null): void;
  /** Sets a config's object: a data item, an auth setting, a user, or a boolean for a TOGGLE. */
  putObject(name: string, value: DataDefinitionView | AuthSettingWrapper | QuserView | boolean | null): void;
}

/** The test API of a LIST item's columns. */
interface ListDataDefinitionView {
  addSubDataDefinition(name: string, varName: string | null, dataType: string): ListDataDefinitionView;
  addDecimalSubDataDefinition(name: string, varName: string | null, scale: number, periodAsPoint: boolean, grouping: boolean): ListDataDefinitionView;
  addSelectSubDataDefinition(name: string, varName: string | null, ...options: string[]): ListDataDefinitionView;
}

interface QuestetraEngine {
  /**
   * Declares a data item. `dataType` like `'STRING_TEXTFIELD'`, `'STRING_TEXTAREA'`,
   * `'STRING_MARKDOWN'`, `'DECIMAL'`, `'DATE_YMD'`, `'DATETIME'`, `'SELECT_SINGLE'`, `'FILE'`,
   * `'QUSER'`, `'LIST'` (or a family: `'STRING'`, `'DATE'`, `'SELECT'`).
   */
  createDataDefinition(name: string, number: number, varName: string | null, dataType: string): DataDefinitionView & ListDataDefinitionView;
  /** A file holding `text` encoded in the content type's charset (UTF-8 when it names none). */
  createQfile(name: string, contentType: string, text: string): QfileView;
  /** A file holding `text` encoded in `charset`. */
  createQfile(name: string, contentType: string, charset: string, text: string): QfileView;
  /** The UTF-8 bytes of `text`. */
  createByteArray(text: string): ByteArrayWrapper;
  /** A choice of a SELECT item. */
  createItem(value: string, display: string): SelectItemView;
  createQuser(id: number, name: string, email: string): QuserView;
  /** The process's time zone, as an offset from UTC (`getTimeZoneId()` then says e.g. `GMT+04:30`). */
  setTimeZoneOffsetInMinutes(minutes: number): void;
}

/** A request as the test's handler sees it. */
interface TestHttpRequest {
  /** The whole URL, query string included, values percent-encoded. */
  url: string;
  method: string;
  contentType: string | null;
  /** Readable as `headers['Name']` and as `headers.get('Name')`. */
  headers: TestHttpHeaders;
  /**
   * The body: text (a JSON or form body), null for none. A body of bytes or a file is a
   * `ByteArrayWrapper`, and a multipart body is a Java map from each part name to the Java list
   * of its values: read it through a cast to `MultipartBody` (the declared type is the text
   * case, the one most handlers read).
   */
  body: string;
}

/** A multipart/form-data body as the handler sees it: `size()` part names, `get(name)` their values. */
interface MultipartBody {
  size(): number;
  get(name: string): JavaList<string | QfileView> | null;
  containsKey(name: string): boolean;
}

interface TestHttpHeaders {
  readonly [name: string]: unknown;
  get(name: string): string | null;
}

/** A response made by `httpClient.createHttpResponse`. */
interface TestHttpResponse {
  readonly status: number;
  readonly contentType: string;
  readonly body: string | ByteArrayWrapper;
  /** Adds a response header (`getHeaderValues(name)` then lists it). */
  addHeader(name: string, value: string): TestHttpResponse;
}

interface QuestetraHttpClient {
  /** Every request of the step goes to `handler` instead of the network. */
  setRequestHandler(handler: (request: TestHttpRequest) => TestHttpResponse): void;
  /** A response; a text body is sent in the content type's charset (UTF-8 when it names none). */
  createHttpResponse(status: number, contentType: string, body: string | ByteArrayWrapper): TestHttpResponse;
  createAuthSettingToken(name: string, token: string): AuthSettingWrapper;
  createAuthSettingBasic(name: string, username: string, password: string): AuthSettingWrapper;
  createAuthSettingOAuth2(name: string, authorizationEndpoint: string, tokenEndpoint: string, scope: string, clientId: string, clientSecret: string, accessToken: string): AuthSettingWrapper;
  createAuthSettingOAuth2ClientCredentials(name: string, tokenEndpoint: string, scope: string, clientId: string, clientSecret: string, accessToken: string): AuthSettingWrapper;
  createAuthSettingOAuth2JwtBearer(name: string, scope: string, clientId: string, clientSecret: string, privateKeyId: string, privateKey: string, customSecret1: string, customSecret2: string): AuthSettingWrapper;
}

/** What `feedService.setPostHandler`'s handler sees of a post. */
interface TestFeedRecord {
  channel: string | null;
  messageId: number | null;
  message: string;
  /** Whether the message is Markdown (`setMarkdown`). */
  markdown: boolean;
  files: JavaList<QfileView>;
}

interface QuestetraFeedService {
  /** Every post goes to `handler`, which returns the new message's ID. */
  setPostHandler(handler: (record: TestFeedRecord) => number): void;
}

interface TestExpectation {
  /** Deep equality (arrays, Java lists and plain objects by content; Java objects by `equals`). */
  toEqual(expected: unknown): void;
  /** `actual` is a function; passes when calling it throws (with exactly `message`, when given). */
  toThrow(message?: string): void;
  /** `actual` is a string starting with `prefix`. */
  startsWith(prefix: string): void;
  /** `actual` is a string containing `part`. */
  containsString(part: string): void;
}

declare function test(name: string, fn: () => void): void;
declare function expect(actual: unknown): TestExpectation;
declare function fail(message?: string): never;
/** Runs the step as the engine would: `main()`, or the whole script of an add-on without `<addon-version>2`. */
declare function execute(): unknown;

/** Defined by the add-on's `<script>`, which runs in the same context as its `<test>`. */
declare function main(): boolean | void;
declare function proceed(): boolean | void;
