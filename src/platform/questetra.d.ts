/**
 * The Questetra BPM Suite host objects an add-on script sees (addon-version 2, engine type 3,
 * GraalJS standard mode). Declared once here: step code is type-checked against these, and the
 * local host (src/host/runtime) implements them.
 *
 * They are Java objects seen through GraalJS: a parameter typed `string` is a Java `String`,
 * and passing a number there fails in the real engine (Nashorn used to convert silently).
 */

/** A data item as the engine describes it (Java `DataDefinitionView`). */
interface DataDefinitionView {
  getName(): string;
  getNumber(): number;
  getVarName(): string | null;
  /** e.g. `matchDataType('STRING')`; a type like `STRING_TEXTAREA` also matches `STRING`. */
  matchDataType(dataType: string): boolean;
}

/** An "HTTP authorization setting" chosen in an `OAUTH2` config (Java `AuthSettingWrapper`). */
interface AuthSettingWrapper {
  getName(): string;
  /** The token of a "Token fixed value" setting: a secret, never to be logged. */
  getToken(): string;
}

/** `configs`: the values a modeler set in the step's property panel, EL already resolved. */
interface QuestetraConfigs {
  /** The config's value as a string; `""` when blank. */
  get(name: string): string;
  /**
   * `SELECT` configs: the chosen data item (`DataDefinitionView`) or `null`;
   * `OAUTH2` configs: an `AuthSettingWrapper`; `TOGGLE` configs: a boolean.
   * Typed `unknown` so that step code goes through the checked readers in src/lib/configs.ts.
   */
  getObject(name: string): unknown;
}

/** A file attached to a FILE data item (Java `QfileView`). */
interface QfileView {
  getName(): string;
  getContentType(): string;
  getLength(): number;
}

/** A value the engine stores in a data item. */
type DataItemValue = string | number | boolean | null | object;

/** `engine`: data items, the process log, and state kept between `main()`/`proceed()` calls. */
interface QuestetraEngine {
  /** A STRING item's value (`null` when empty); a `java.math.BigDecimal` for DECIMAL; a list for FILE. */
  findData(dataDefinition: DataDefinitionView): unknown;
  setData(dataDefinition: DataDefinitionView, value: DataItemValue): void;
  /** Writes the process log, which process admins can read: never log a secret. */
  log(message: string): void;
  saveTemporaryData(data: string): void;
  restoreTemporaryData(): string | null;
}

/** A request being built by `httpClient.begin()` (Java `HttpRequestWrapper`). */
interface HttpRequestWrapper {
  /** Adds the credentials of an HTTP authorization setting (TOKEN: `Authorization: Bearer …`). */
  authSetting(authSetting: AuthSettingWrapper | string): HttpRequestWrapper;
  header(name: string, value: string): HttpRequestWrapper;
  queryParam(name: string, value: string): HttpRequestWrapper;
  formParam(name: string, value: string): HttpRequestWrapper;
  body(text: string, contentType: string): HttpRequestWrapper;
  get(url: string): HttpResponseWrapper;
  post(url: string): HttpResponseWrapper;
  put(url: string): HttpResponseWrapper;
  patch(url: string): HttpResponseWrapper;
  delete(url: string): HttpResponseWrapper;
}

/** The answer to a request (Java `HttpResponseWrapper`). A network failure throws instead. */
interface HttpResponseWrapper {
  getStatusCode(): number;
  getResponseAsString(): string;
  getContentType(): string;
  getHeaderValues(name: string): string[];
  getCharset(): string;
}

/** `httpClient`: the only way out to the network. */
interface QuestetraHttpClient {
  begin(): HttpRequestWrapper;
  /** The most requests one execution of the step may send. */
  getRequestingLimit(): number;
}

/** `processInstance`: the process (case) the token belongs to. */
interface QuestetraProcessInstance {
  getProcessInstanceId(): number;
  getProcessModelInfoId(): number;
}

declare const configs: QuestetraConfigs;
declare const engine: QuestetraEngine;
declare const httpClient: QuestetraHttpClient;
declare const processInstance: QuestetraProcessInstance;

/**
 * The Java packages GraalJS puts in scope, as far as step code uses them: a DECIMAL item's value
 * is a `java.math.BigDecimal` (`new java.math.BigDecimal('123')`).
 */
declare const java: {
  math: { BigDecimal: new (value: string) => object };
};
