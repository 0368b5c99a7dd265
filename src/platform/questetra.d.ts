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

/** A `java.util.Iterator`. */
interface JavaIterator<T> {
  hasNext(): boolean;
  next(): T;
}

/** A `java.util.Collection` (what `keySet()` and `values()` of a map give). */
interface JavaCollection<T> {
  size(): number;
  isEmpty(): boolean;
  contains(element: unknown): boolean;
  iterator(): JavaIterator<T>;
  /** Java's `forEach(Consumer)`: the element only, no index. */
  forEach(action: (element: T) => void): void;
}

/** A `java.util.List` as a script sees it. */
interface JavaList<T> extends ArrayLike<T>, JavaCollection<T> {
  get(index: number): T;
  /** Appends; always true. */
  add(element: T): boolean;
  /** Inserts at `index` (0..size()). */
  add(index: number, element: T): void;
  addAll(elements: JavaCollection<T> | ArrayLike<T>): boolean;
  /** Replaces the element at `index`; the one it replaced. */
  set(index: number, element: T): T;
  /** `remove(int index)`: the element removed. */
  remove(index: number): T;
  /** `remove(Object)`: whether it was there. */
  remove(element: unknown): boolean;
  /** The first index of an element `equals` to `element`, or -1. */
  indexOf(element: unknown): number;
  clear(): void;
  subList(from: number, to: number): JavaList<T>;
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
  format(pattern: string, date: JavaDate): string;
  format(timeZoneId: string, pattern: string, date: JavaDate): string;
  /** A text without a zone is read in the process's time zone. */
  parse(pattern: string, text: string): AddableTimestamp;
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


/* ---- Java classes a script reaches through the package globals `java` and `com` ---- */

/**
 * A `java.util.Date` or one of its subclasses below: an instant, in milliseconds since
 * 1970-01-01T00:00Z. What date parameters take.
 */
interface JavaDate {
  getTime(): number;
  before(other: JavaDate): boolean;
  after(other: JavaDate): boolean;
  compareTo(other: JavaDate): number;
  equals(other: unknown): boolean;
  /** `java.util.Date`: e.g. `Fri Jan 01 12:12:12 JST 2021`, in the JVM's time zone; the subclasses write theirs. */
  toString(): string;
}

/** A `java.time.Instant`. */
interface JavaInstant {
  toEpochMilli(): number;
}

/**
 * A plain `java.util.Date`, as `SimpleDateFormat.parse` gives it. (Scripts cannot make one: the
 * class itself is not offered, `java.sql.Timestamp` is.)
 */
interface JavaUtilDate extends JavaDate {
  toInstant(): JavaInstant;
}

/** A `java.sql.Timestamp`: written `2021-01-01 12:12:12.0` in the JVM's time zone. */
interface JavaTimestamp extends JavaDate {
  toInstant(): JavaInstant;
}

/** A `java.sql.Date`: a day, written `2021-01-01`. (Its `toInstant()` throws `UnsupportedOperationException`, as in Java.) */
interface JavaSqlDate extends JavaDate {}

/** A DATETIME item's value (Questetra's `com.questetra.bpms.util.AddableTimestamp`): a Timestamp that adds and rounds. */
interface AddableTimestamp extends JavaTimestamp {
  addYears(years: number): AddableTimestamp;
  addMonths(months: number): AddableTimestamp;
  addDays(days: number): AddableTimestamp;
  addHours(hours: number): AddableTimestamp;
  addMinutes(minutes: number): AddableTimestamp;
  addSeconds(seconds: number): AddableTimestamp;
  addMilliseconds(milliseconds: number): AddableTimestamp;
  /** 00:00:00.000 of the same day (JVM's time zone). */
  getFirstTimeInDate(): AddableTimestamp;
  /** 23:59:59.999 of the same day. */
  getLastTimeInDate(): AddableTimestamp;
  /** 00:00:00.000 of the first day of the month. */
  getFirstTimeInMonth(): AddableTimestamp;
}

/** A DATE item's value (Questetra's `com.questetra.bpms.util.AddableDate`): a `java.sql.Date` that adds. */
interface AddableDate extends JavaSqlDate {
  addYears(years: number): AddableDate;
  addMonths(months: number): AddableDate;
  addDays(days: number): AddableDate;
  getFirstTimeInDate(): AddableTimestamp;
  getLastTimeInDate(): AddableTimestamp;
  getFirstDateInMonth(): AddableDate;
  getLastDateInMonth(): AddableDate;
}

/** A constant of `java.math.RoundingMode`. */
interface JavaRoundingMode {
  name(): string;
  ordinal(): number;
}

/** A rounding mode argument: a `RoundingMode`, or one of the deprecated `BigDecimal.ROUND_*` ints. */
type JavaRoundingModeArg = JavaRoundingMode | number;

/**
 * A `java.math.BigDecimal`, a DECIMAL item's value: exact, with a scale (2.0 and 2.00 differ in
 * `equals`, not in `compareTo`). Not a JS number: `value + 1` joins text in GraalJS, so
 * TypeScript refuses it; use `add`, or `doubleValue()` for a JS number.
 */
interface JavaBigDecimal {
  scale(): number;
  precision(): number;
  signum(): number;
  add(augend: JavaBigDecimal): JavaBigDecimal;
  subtract(subtrahend: JavaBigDecimal): JavaBigDecimal;
  multiply(multiplicand: JavaBigDecimal): JavaBigDecimal;
  /** Exact; throws `ArithmeticException` when the quotient does not end (1 / 3). */
  divide(divisor: JavaBigDecimal): JavaBigDecimal;
  /** At this number's scale. */
  divide(divisor: JavaBigDecimal, roundingMode: JavaRoundingModeArg): JavaBigDecimal;
  divide(divisor: JavaBigDecimal, scale: number, roundingMode: JavaRoundingModeArg): JavaBigDecimal;
  remainder(divisor: JavaBigDecimal): JavaBigDecimal;
  negate(): JavaBigDecimal;
  abs(): JavaBigDecimal;
  max(other: JavaBigDecimal): JavaBigDecimal;
  min(other: JavaBigDecimal): JavaBigDecimal;
  /** Without a rounding mode, only a scale that loses no digit (else `ArithmeticException`). */
  setScale(scale: number, roundingMode?: JavaRoundingModeArg): JavaBigDecimal;
  stripTrailingZeros(): JavaBigDecimal;
  compareTo(other: JavaBigDecimal): number;
  /** Value and scale. */
  equals(other: unknown): boolean;
  hashCode(): number;
  longValue(): number;
  longValueExact(): number;
  intValue(): number;
  intValueExact(): number;
  doubleValue(): number;
  floatValue(): number;
  /** Never an exponent: `0.0000001`. */
  toPlainString(): string;
  /** Java's: an exponent when small or large (`1E-7`). */
  toString(): string;
  toEngineeringString(): string;
}

/** A `java.util.Map` (`LinkedHashMap`: keys in insertion order). */
interface JavaMap<K, V> {
  size(): number;
  isEmpty(): boolean;
  /** The value, or null. */
  get(key: K): V | null;
  getOrDefault(key: K, fallback: V): V;
  /** The previous value, or null. */
  put(key: K, value: V): V | null;
  putIfAbsent(key: K, value: V): V | null;
  remove(key: K): V | null;
  containsKey(key: K): boolean;
  containsValue(value: V): boolean;
  clear(): void;
  keySet(): JavaCollection<K>;
  values(): JavaCollection<V>;
  entrySet(): JavaCollection<{ getKey(): K; getValue(): V }>;
  /** Java's `forEach(BiConsumer)`. */
  forEach(action: (key: K, value: V) => void): void;
}

/** A `java.util.Locale`. */
interface JavaLocale {
  getLanguage(): string;
  getCountry(): string;
  getVariant(): string;
}

/** A `java.util.TimeZone`, as `SimpleDateFormat.getTimeZone()` gives it. */
interface JavaTimeZone {
  getID(): string;
  /** The offset from UTC at that instant, in milliseconds. */
  getOffset(epochMillis: number): number;
}

/** A `java.text.SimpleDateFormat`: in the JVM's time zone unless set. */
interface JavaSimpleDateFormat {
  format(date: JavaDate): string;
  /** Throws `ParseException` for text the pattern does not describe. */
  parse(text: string): JavaUtilDate;
  setTimeZone(zone: JavaTimeZone): void;
  getTimeZone(): JavaTimeZone;
  setLenient(lenient: boolean): void;
  toPattern(): string;
}

/** A `java.text.DecimalFormat`: rounds half-even. */
interface JavaDecimalFormat {
  format(value: number | JavaBigDecimal): string;
}

/** A date class: from epoch milliseconds (`getTime()`). */
interface JavaDateClass<T> {
  new (epochMillis: number): T;
}

/**
 * The package global `java`: the classes GraalJS lets a script reach (test/graaljs/host-classes.txt;
 * the local host's Node tier has the same stand-ins). A DECIMAL item's value is a
 * `java.math.BigDecimal`, a FILE item's a list; `java.sql.Timestamp` makes a DATETIME value.
 */
declare const java: {
  util: {
    ArrayList: new <T>(elements?: JavaCollection<T> | ArrayLike<T>) => JavaList<T>;
    LinkedHashMap: new <K, V>() => JavaMap<K, V>;
    HashMap: new <K, V>() => JavaMap<K, V>;
    Locale: {
      new (language: string, country?: string, variant?: string): JavaLocale;
      readonly JAPAN: JavaLocale;
      readonly JAPANESE: JavaLocale;
      readonly US: JavaLocale;
      readonly ENGLISH: JavaLocale;
      readonly ROOT: JavaLocale;
      getDefault(): JavaLocale;
    };
  };
  math: {
    BigDecimal: {
      /** From text (`'1.50'`, scale 2) or the exact value of a double (`0.1` is 0.1000000000000000055…). */
      new (value: string | number): JavaBigDecimal;
      /** An integer; a double through its shortest text (`valueOf(0.1)` is 0.1); or `unscaled × 10^-scale`. */
      valueOf(value: number, scale?: number): JavaBigDecimal;
      readonly ZERO: JavaBigDecimal;
      readonly ONE: JavaBigDecimal;
      readonly TEN: JavaBigDecimal;
      /** @deprecated Java's int rounding modes (since Java 9): use `java.math.RoundingMode`. */
      readonly ROUND_UP: number;
      /** @deprecated */
      readonly ROUND_DOWN: number;
      /** @deprecated */
      readonly ROUND_CEILING: number;
      /** @deprecated */
      readonly ROUND_FLOOR: number;
      /** @deprecated */
      readonly ROUND_HALF_UP: number;
      /** @deprecated */
      readonly ROUND_HALF_DOWN: number;
      /** @deprecated */
      readonly ROUND_HALF_EVEN: number;
      /** @deprecated */
      readonly ROUND_UNNECESSARY: number;
    };
    RoundingMode: {
      readonly UP: JavaRoundingMode;
      readonly DOWN: JavaRoundingMode;
      readonly CEILING: JavaRoundingMode;
      readonly FLOOR: JavaRoundingMode;
      readonly HALF_UP: JavaRoundingMode;
      readonly HALF_DOWN: JavaRoundingMode;
      readonly HALF_EVEN: JavaRoundingMode;
      readonly UNNECESSARY: JavaRoundingMode;
      valueOf(name: string): JavaRoundingMode;
    };
  };
  sql: {
    Timestamp: JavaDateClass<JavaTimestamp> & {
      /** `'2021-01-01 12:12:12[.fff]'` in the JVM's time zone. */
      valueOf(text: string): JavaTimestamp;
    };
    Date: JavaDateClass<JavaSqlDate> & {
      /** `'2021-01-01'`: midnight in the JVM's time zone. */
      valueOf(text: string): JavaSqlDate;
    };
  };
  text: {
    SimpleDateFormat: new (pattern: string, locale?: JavaLocale) => JavaSimpleDateFormat;
    DecimalFormat: new (pattern: string) => JavaDecimalFormat;
  };
};

/** The package global `com`: Questetra's classes. */
declare const com: {
  questetra: {
    bpms: {
      core: {
        event: {
          scripttask: {
            /**
             * A new file for a FILE item (add it to the item's list, then `engine.setData`):
             * content as text (encoded in the content type's charset, UTF-8 when it names none),
             * as bytes, or copied from another file; or text encoded in `charset`.
             */
            NewQfile: {
              new (name: string, contentType: string, content: string | ByteArrayWrapper | QfileView): QfileView;
              new (name: string, contentType: string, charset: string, text: string): QfileView;
            };
            /** For `instanceof`: a FILE item's files and those NewQfile makes. */
            QfileView: abstract new () => QfileView;
          };
        };
        model: {
          formdata: {
            /** For `instanceof`: a LIST (table) item's value. */
            ListArray: abstract new () => ListArrayView;
          };
        };
      };
      util: {
        /** From epoch milliseconds; now when none. */
        AddableTimestamp: new (epochMillis?: number) => AddableTimestamp;
        /** From epoch milliseconds; today (00:00, JVM's time zone) when none. */
        AddableDate: new (epochMillis?: number) => AddableDate;
      };
    };
  };
};
