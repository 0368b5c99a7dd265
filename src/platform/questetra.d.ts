/**
 * The Questetra BPM Suite host objects an add-on script sees (addon-version 2, engine type 3,
 * GraalJS standard mode). Declared once here: step code is type-checked against these, and the
 * local host (src/host/runtime) implements them.
 *
 * They are Java objects seen through GraalJS: a parameter typed `string` is a Java `String`,
 * and passing a number there fails in the real engine (Nashorn used to convert silently).
 * A Java list (`java.util.List`) is array-like in GraalJS (`list[i]`, `list.length`) and has the
 * Java methods (`size()`, `get(i)`, `add(x)`); `JavaList<T>` below names that surface.
 */

/** A `java.util.List` as a script sees it. */
interface JavaList<T> extends ArrayLike<T> {
  size(): number;
  get(index: number): T;
  add(element: T): boolean;
  isEmpty(): boolean;
}

/** A data item as the engine describes it (Java `DataDefinitionView`). */
interface DataDefinitionView {
  getName(): string;
  getNumber(): number;
  getVarName(): string | null;
  /** e.g. `matchDataType('STRING')`; a type like `STRING_TEXTAREA` also matches `STRING`. */
  matchDataType(dataType: string): boolean;
}

/** A LIST (table) item's definition: its columns and new tables of them. */
interface ListDataDefinitionView extends DataDefinitionView {
  getSubDataDefinitions(): JavaList<SubDataDefinitionView>;
  createListArray(): ListArrayView;
}

/** A column of a table (Java `SubDataDefinitionView`). */
interface SubDataDefinitionView {
  getName(): string;
  getVarName(): string | null;
  matchDataType(dataType: string): boolean;
}

/** A table's value (Java `ListArray`): rows of cells, read as text or as their column's type. */
interface ListArrayView {
  size(): number;
  addRow(): ListRowView;
  getRow(index: number): ListRowView;
  /** A cell's text (`''` when empty), by row and column index or field name. */
  get(row: number, column: number | string): string;
}

interface ListRowView {
  /** The number of columns. */
  size(): number;
  getCol(column: number | string): string;
  setCol(column: number | string, value: string): ListRowView;
  put(column: number | string, value: string): ListRowView;
  /** The cell as its column's type (text, `java.math.BigDecimal`, `AddableDate`…), null when empty. */
  getObject(column: number | string): unknown;
}

/** A choice of a SELECT item (Java `ItemView`). */
interface SelectItemView {
  getValue(): string;
  getDisplay(): string;
}

/** A user of the platform (Java `QuserView`). */
interface QuserView {
  getId(): number;
  getName(): string;
  getEmail(): string;
}

/** An "HTTP authorization setting" chosen in an `OAUTH2` config (Java `AuthSettingWrapper`). */
interface AuthSettingWrapper {
  getName(): string;
  /** The token of a "Token fixed value" setting (the access token of an OAuth2 one): a secret, never to be logged. */
  getToken(): string;
  getScope(): string;
  getClientId(): string;
  getPrivateKeyId(): string;
  /** A secret, like every key and custom secret below. */
  getPrivateKey(): string;
  getCustomSecret1(): string;
  getCustomSecret2(): string;
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

/** Bytes (Java `ByteArrayWrapper`): a file's content, a response body, a digest. */
interface ByteArrayWrapper {
  /** The number of bytes. */
  getLength(): number;
}

/** A file attached to a FILE data item (Java `QfileView`), or one a script made (`NewQfile`). */
interface QfileView {
  getName(): string;
  getContentType(): string;
  /** The size in bytes. */
  getLength(): number;
  /** The `charset` of the content type, or null. */
  getCharset(): string | null;
}

/** `fileRepository`: reads the content of a file. */
interface QuestetraFileRepository {
  /** The bytes. */
  readFile(file: QfileView): ByteArrayWrapper;
  /** The text, decoded with `encoding` (a Java charset name, e.g. `'UTF-8'`). */
  readFile(file: QfileView, encoding: string): string;
  /** Each line of the text (without its line break), in order. */
  readFile(file: QfileView, encoding: string, lineHandler: (line: string) => void): void;
  /** The bytes in packets of at most `packetSize`. */
  readFile(file: QfileView, packetSize: number, packetHandler: (packet: ByteArrayWrapper) => void): void;
}

/** A value the engine stores in a data item. */
type DataItemValue = string | number | boolean | null | object;

/** `engine`: data items, the process log, and state kept between `main()`/`proceed()` calls. */
interface QuestetraEngine {
  /**
   * A STRING item's text (`null` when never set, `''` after `setData(def, '')`); a
   * `java.math.BigDecimal` for DECIMAL; an `AddableDate` / `AddableTimestamp` for DATE / DATETIME;
   * a Java list of files (FILE) or choices (SELECT); a `QuserView`; a `ListArrayView` (LIST).
   */
  findData(dataDefinition: DataDefinitionView): unknown;
  setData(dataDefinition: DataDefinitionView, value: DataItemValue): void;
  /** The same by the item's number (a number, or the text a SELECT config's `configs.get` gives). */
  findDataByNumber(number: number | string): unknown;
  setDataByNumber(number: number | string, value: DataItemValue): void;
  findDataByVarName(varName: string): unknown;
  setDataByVarName(varName: string, value: DataItemValue): void;
  findDataDefinitionByNumber(number: number | string): DataDefinitionView;
  findDataDefinitionByVarName(varName: string): DataDefinitionView;
  /** Writes the process log, which process admins can read: never log a secret. */
  log(message: string): void;
  saveTemporaryData(data: string): void;
  restoreTemporaryData(): string | null;
  /** The process's time zone, e.g. `GMT+09:00`. */
  getTimeZoneId(): string;
}

/** A request being built by `httpClient.begin()` (Java `HttpRequestWrapper`). */
interface HttpRequestWrapper {
  /** Adds the credentials of an HTTP authorization setting (TOKEN/OAuth2: `Authorization: Bearer …`; BASIC: `Basic …`). */
  authSetting(authSetting: AuthSettingWrapper | string): HttpRequestWrapper;
  /** `Authorization: <type> <credentials>`. */
  authorization(type: string, credentials: string): HttpRequestWrapper;
  /** A JWT-bearer setting: `tokenFunction` returns the token response (`{ access_token }`), asked for each request. */
  oauth2JwtBearer(authSetting: AuthSettingWrapper, tokenFunction: () => unknown): HttpRequestWrapper;
  /** The Google connection of a user (`service` e.g. `'Drive'`). */
  googleOAuth2(quser: QuserView, service: string): HttpRequestWrapper;
  /** Signs the request with AWS Signature Version 4. */
  awsSignV4(accessKey: string, secretKey: string, region: string, service: string): HttpRequestWrapper;
  header(name: string, value: string): HttpRequestWrapper;
  /** A query parameter, encoded like Java's `URLEncoder` (space as `+`). */
  queryParam(name: string, value: string): HttpRequestWrapper;
  /** An `application/x-www-form-urlencoded` body parameter. */
  formParam(name: string, value: string): HttpRequestWrapper;
  body(content: string | ByteArrayWrapper | QfileView, contentType?: string): HttpRequestWrapper;
  /** A part of a `multipart/form-data` body: text, or a file (sent with its name and content type). */
  multipart(name: string, value: string | QfileView): HttpRequestWrapper;
  get(url: string): HttpResponseWrapper;
  head(url: string): HttpResponseWrapper;
  post(url: string): HttpResponseWrapper;
  put(url: string): HttpResponseWrapper;
  patch(url: string): HttpResponseWrapper;
  delete(url: string): HttpResponseWrapper;
}

/** The answer to a request (Java `HttpResponseWrapper`). A network failure throws instead. */
interface HttpResponseWrapper {
  getStatusCode(): number;
  getResponseAsString(): string;
  /** The body as bytes. */
  getResponse(): ByteArrayWrapper;
  getContentType(): string;
  /** Every value of a header (any case), as a Java list. */
  getHeaderValues(name: string): JavaList<string>;
  getHeaderNames(): JavaList<string>;
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
  getProcessInstanceTitle(): string;
  getProcessInstanceDebug(): boolean;
}

/** `base64`: text is taken as its UTF-8 bytes, files as their content. */
interface QuestetraBase64 {
  encodeToString(value: string | ByteArrayWrapper | QfileView): string;
  /** The URL-safe alphabet (`-`, `_`), padding kept. */
  encodeToUrlSafeString(value: string | ByteArrayWrapper | QfileView): string;
  decodeFromString(text: string): string;
  decodeFromUrlSafeString(text: string): string;
  decodeFromStringToByteArray(text: string): ByteArrayWrapper;
  decodeFromUrlSafeStringToByteArray(text: string): ByteArrayWrapper;
}

/** `digest`: hashes of text (UTF-8), bytes or a file's content. */
interface QuestetraDigest {
  md5(value: string | ByteArrayWrapper | QfileView): ByteArrayWrapper;
  sha1(value: string | ByteArrayWrapper | QfileView): ByteArrayWrapper;
  sha256(value: string | ByteArrayWrapper | QfileView): ByteArrayWrapper;
}

/** An RSA key read by `rsa`. */
interface RsaKeyView {
  getAlgorithm(): string;
}

/** `rsa`: keys from PEM. */
interface QuestetraRsa {
  readKeyFromPkcs8(pem: string): RsaKeyView;
  readKeyFromX509(pem: string): RsaKeyView;
}

/** `jwt`: RS256 JSON Web Tokens. */
interface QuestetraJwt {
  build(header: object | string, payload: object | string, privateKey: RsaKeyView): string;
  verify(token: string, publicKey: RsaKeyView): boolean;
}

/** `dateFormatter`: SimpleDateFormat patterns, in the process's time zone unless one is named. */
interface QuestetraDateFormatter {
  format(pattern: string, date: unknown): string;
  format(timeZoneId: string, pattern: string, date: unknown): string;
  /** An `AddableTimestamp`. */
  parse(pattern: string, text: string): unknown;
}

/** `quserDao`: finds users. */
interface QuestetraQuserDao {
  findByEmail(email: string): QuserView | null;
  findById(id: number): QuserView | null;
}

/** An address of a mail header (Java `EmailServiceWrapper.InternetAddressWrapper`). */
interface InternetAddressView {
  getAddress(): string;
  /** The display name, or null. */
  getPersonal(): string | null;
}

/** `emailService`: mail helpers. */
interface QuestetraEmailService {
  /** The addresses of a header such as `From` or `To` (`"Name" <a@example.com>, b@example.com`). */
  parseAddressHeader(header: string): JavaList<InternetAddressView>;
}

/** `markdown`: Markdown to HTML. */
interface QuestetraMarkdown {
  toHtml(text: string): string;
}

/** A post to the collaboration chat, built by `feedService.begin()`. */
interface FeedPostView {
  setChannel(channel: string): FeedPostView;
  /** Posts as a comment on that message. */
  setMessageId(messageId: number): FeedPostView;
  setMessage(message: string): FeedPostView;
  setMarkdown(markdown: string): FeedPostView;
  attachFile(file: QfileView): FeedPostView;
  /** Sends it; the new message's ID. */
  post(): number;
}

/** `feedService`: the platform's collaboration chat. */
interface QuestetraFeedService {
  begin(): FeedPostView;
}

declare const configs: QuestetraConfigs;
declare const engine: QuestetraEngine;
declare const httpClient: QuestetraHttpClient;
declare const processInstance: QuestetraProcessInstance;
declare const fileRepository: QuestetraFileRepository;
declare const base64: QuestetraBase64;
declare const digest: QuestetraDigest;
declare const rsa: QuestetraRsa;
declare const jwt: QuestetraJwt;
declare const dateFormatter: QuestetraDateFormatter;
declare const quserDao: QuestetraQuserDao;
declare const emailService: QuestetraEmailService;
declare const markdown: QuestetraMarkdown;
declare const feedService: QuestetraFeedService;

/**
 * The Java packages GraalJS puts in scope (the local host's Node tier has stand-ins), as far as
 * our code uses them: a DECIMAL item's value is a `java.math.BigDecimal`, a FILE item's a list.
 */
declare const java: {
  math: { BigDecimal: new (value: string) => object };
  util: { ArrayList: new <T>() => JavaList<T> };
};

/** Questetra's own Java classes in scope: `NewQfile`, a file made of bytes, text, or another file's content. */
declare const com: {
  questetra: { bpms: { core: { event: { scripttask: { NewQfile: new (name: string, contentType: string, content: ByteArrayWrapper | QfileView | string) => QfileView } } } } };
};
