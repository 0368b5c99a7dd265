/**
 * `httpClient`: request builders whose requests go to the test's request handler, never to
 * the network, counted against the requesting limit as on the server. Under `qaddon run` they
 * go to the transport instead (useTransport): the runner outside sends them for real.
 */
import { authSettingFactories, findAuthSetting } from './auth-settings';
import { signAwsV4 } from './aws-sigv4';
import { base64OfUint8, bytesOfText, bytesOfUint8, isBytes, textOfBytes, uint8OfBase64, uint8OfBytes, type ByteArrayWrapper } from './bytes';
import { charsetOfContentType, isQfile, type Qfile } from './files';
import { describe, requireNumber, requireString } from './java-checks';
import { illegalArgument } from './java-errors';
import { newJavaList, newJavaMap } from './java-values';
import type { RecordedRequest } from './protocol';
import type { WireAnswer, WirePart, WireRequest } from './run-protocol';
import { REQUESTING_LIMIT, state } from './state';
import { isQuser } from './users';

/**
 * Java's `URLEncoder.encode(value, UTF_8)`, which the platform uses for query and form
 * parameters: letters, digits and `. - * _` stay, a space becomes `+`, every other byte `%XX`.
 */
export function urlEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()~]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`).replace(/%20/g, '+');
}

/** `request.headers`: readable as `headers['Name']` and as `headers.get('Name')` (any case). */
function headersView(headers: Record<string, string>): TestHttpHeaders {
  const view: Record<string, unknown> = { ...headers };
  Object.defineProperty(view, 'get', {
    enumerable: false,
    value: (name: string): string | null => headerValue(headers, name),
  });
  return view as unknown as TestHttpHeaders;
}

function headerValue(headers: Record<string, string>, name: string): string | null {
  const wanted = String(name).toLowerCase();
  const key = Object.keys(headers).find((candidate) => candidate.toLowerCase() === wanted);
  return key === undefined ? null : (headers[key] ?? null);
}

/** What a test's handler returns: `httpClient.createHttpResponse(…)`, to which it may add headers. */
class TestResponse implements TestHttpResponse {
  readonly status: number;
  readonly contentType: string;
  readonly body: string | ByteArrayWrapper;
  readonly headers: [string, string][] = [];

  constructor(status: number, contentType: string, body: string | ByteArrayWrapper) {
    this.status = status;
    this.contentType = contentType;
    this.body = body;
  }

  addHeader(name: string, value: string): TestResponse {
    this.headers.push([requireString(name, 'response.addHeader', 'name'), requireString(value, 'response.addHeader', 'value')]);
    return this;
  }
}

/** The answer as the script sees it (Java `HttpResponseWrapper`). */
class ResponseWrapper implements HttpResponseWrapper {
  private readonly response: TestResponse;
  /** The body's bytes, encoded from a text body only when a script asks for them. */
  private bytes: ByteArrayWrapper | null;

  constructor(response: TestResponse) {
    this.response = response;
    this.bytes = isBytes(response.body) ? response.body : null;
  }

  private bodyBytes(): ByteArrayWrapper {
    if (this.bytes === null) this.bytes = bytesOfText(this.response.body as string, charsetOfContentType(this.response.contentType) ?? 'UTF-8');
    return this.bytes;
  }

  getStatusCode(): number {
    return this.response.status;
  }

  /** The body as text, in the charset of the content type (UTF-8 when it names none). */
  getResponseAsString(): string {
    if (typeof this.response.body === 'string' && charsetOfContentType(this.response.contentType) === null) return this.response.body;
    return textOfBytes(this.bodyBytes(), this.getCharset());
  }

  /** The body as bytes (`ByteArrayWrapper`). */
  getResponse(): ByteArrayWrapper {
    return this.bodyBytes();
  }

  /**
   * The media type, without parameters (`text/plain; charset=EUC-JP` → `text/plain`; the charset
   * is getCharset()), as a MIME parser reads it: the leading `type/subtype` tokens, nothing after.
   */
  getContentType(): string {
    const mediaType = /^\s*([!#$%&'*+.^_`|~0-9A-Za-z-]+\/[!#$%&'*+.^_`|~0-9A-Za-z-]+)/.exec(this.response.contentType);
    return mediaType ? (mediaType[1] as string) : (this.response.contentType.split(';')[0] ?? '').trim();
  }

  getCharset(): string {
    return charsetOfContentType(this.response.contentType) ?? 'UTF-8';
  }

  /** Every value of a header (any case) as a Java list; Content-Type is one too. */
  getHeaderValues(name: string): JavaList<string> {
    const wanted = requireString(name, 'response.getHeaderValues', 'name').toLowerCase();
    const values = this.response.headers.filter(([header]) => header.toLowerCase() === wanted).map(([, value]) => value);
    if (wanted === 'content-type' && values.length === 0) values.push(this.response.contentType);
    return newJavaList(values) as unknown as JavaList<string>;
  }

  getHeaderNames(): JavaList<string> {
    const names = ['Content-Type', ...this.response.headers.map(([header]) => header)];
    return newJavaList(names.filter((header, i) => names.findIndex((other) => other.toLowerCase() === header.toLowerCase()) === i)) as unknown as JavaList<string>;
  }
}

type Body =
  | { kind: 'none' }
  | { kind: 'text'; text: string; contentType: string }
  | { kind: 'bytes'; bytes: ByteArrayWrapper; contentType: string }
  | { kind: 'form'; params: [string, string][] }
  | { kind: 'multipart'; parts: [string, string | Qfile][] };

const MULTIPART_BOUNDARY = 'qaddon-local-host-boundary';

/**
 * The body as the test's handler sees it: text (bytes and files decoded in the content type's
 * charset, UTF-8 when it names none), or for multipart a Java map of lists.
 */
function handlerBody(body: Body): unknown {
  switch (body.kind) {
    case 'none':
      return null;
    case 'text':
      return body.text;
    case 'bytes':
      return textOfBytes(body.bytes, charsetOfContentType(body.contentType) ?? 'UTF-8');
    case 'form':
      return formText(body.params);
    case 'multipart': {
      const map = newJavaMap<string, JavaList<unknown>>();
      for (const [name, value] of body.parts) {
        let list = map.get(name);
        if (list === null) {
          list = newJavaList();
          map.put(name, list);
        }
        list.add(value);
      }
      return map;
    }
  }
}

/** The body as the runner records it (text only crosses out of the engine). */
function recordedBody(body: Body): string | null {
  switch (body.kind) {
    case 'none':
      return null;
    case 'text':
      return body.text.length > RECORDED_BYTES_LIMIT ? `${body.text.slice(0, RECORDED_BYTES_LIMIT)}… (${body.text.length} characters in all)` : body.text;
    case 'bytes':
      return recordedBytes(body.bytes);
    case 'form':
      return formText(body.params);
    case 'multipart':
      return body.parts
        .map(([name, value]) => (typeof value === 'string' ? `${name}=${value}` : `${name}=<${value.getName()}; ${value.getContentType()}; ${value.getLength()} bytes>\n${recordedBytes(value.bytes())}`))
        .join('\n');
  }
}

/** Bytes as the report shows them: their UTF-8 text, or only their size beyond 1 MiB (texts are cut there). */
const RECORDED_BYTES_LIMIT = 1 << 20;

function recordedBytes(bytes: ByteArrayWrapper): string {
  return bytes.getLength() > RECORDED_BYTES_LIMIT ? `<${bytes.getLength()} bytes>` : textOfBytes(bytes, 'UTF-8');
}

function formText(params: [string, string][]): string {
  return params.map(([name, value]) => `${urlEncode(name)}=${urlEncode(value)}`).join('&');
}

function contentTypeOf(body: Body): string | null {
  switch (body.kind) {
    case 'none':
      return null;
    case 'form':
      return 'application/x-www-form-urlencoded; charset=UTF-8';
    case 'multipart':
      return `multipart/form-data; boundary=${MULTIPART_BOUNDARY}`;
    default:
      return body.contentType;
  }
}

function bodyBytes(body: Body): ByteArrayWrapper {
  switch (body.kind) {
    case 'text':
      return bytesOfText(body.text, charsetOfContentType(body.contentType) ?? 'UTF-8');
    case 'bytes':
      return body.bytes;
    case 'form':
      return bytesOfText(formText(body.params));
    default:
      return bytesOfText('');
  }
}

function isTestResponse(value: unknown): value is TestResponse {
  return value instanceof TestResponse;
}

interface RequestState {
  headers: Record<string, string>;
  query: [string, string][];
  body: Body;
  /** Computed when the request is sent (a JWT-bearer token request runs then). */
  authorization: (() => string | null) | null;
  aws: { key: string; secret: string; region: string; service: string } | null;
}

/** `qaddon run`: where requests go instead of a test's handler (null in tests). */
let transport: ((request: WireRequest) => WireAnswer) | null = null;

export function useTransport(send: (request: WireRequest) => WireAnswer): void {
  transport = send;
}

function base64Of(bytes: ByteArrayWrapper): string {
  return base64OfUint8(uint8OfBytes(bytes), false);
}

/** The request as the runner sends it: the body as bytes (base64), a multipart body as its parts. */
function wireRequest(method: string, url: string, headers: Record<string, string>, body: Body): WireRequest {
  const headerList: [string, string][] = Object.keys(headers).map((name) => [name, headers[name] as string]);
  if (body.kind === 'none') return { method, url, headers: headerList, body: { kind: 'none' } };
  if (body.kind === 'multipart') {
    const parts: WirePart[] = body.parts.map(([name, value]) =>
      typeof value === 'string' ? { name, text: value } : { name, filename: value.getName(), contentType: value.getContentType(), base64: base64Of(value.bytes()) },
    );
    return { method, url, headers: headerList, body: { kind: 'multipart', parts } };
  }
  return { method, url, headers: headerList, body: { kind: 'bytes', contentType: contentTypeOf(body) as string, base64: base64Of(bodyBytes(body)) } };
}

/** The runner's answer as the script sees it; no answer is an error, as a Java IOException would be. */
function wireResponse(answer: WireAnswer): HttpResponseWrapper {
  if ('error' in answer) throw new Error(answer.error);
  const contentType = answer.headers.find(([name]) => name.toLowerCase() === 'content-type')?.[1] ?? '';
  const response = new TestResponse(answer.status, contentType, bytesOfUint8(uint8OfBase64(answer.base64, false)));
  for (const [name, value] of answer.headers) response.headers.push([name, value]);
  return new ResponseWrapper(response);
}

function send(method: string, url: unknown, request: RequestState): HttpResponseWrapper {
  requireString(url, `request.${method.toLowerCase()}`, 'url');
  const authorization = request.authorization ? request.authorization() : null;
  if (state.requests.length >= REQUESTING_LIMIT) {
    throw new Error(`the step may send at most ${REQUESTING_LIMIT} requests per execution (httpClient.getRequestingLimit())`);
  }
  const query = request.query.map(([name, value]) => `${urlEncode(name)}=${urlEncode(value)}`).join('&');
  const fullUrl = query === '' ? (url as string) : `${url as string}${(url as string).includes('?') ? '&' : '?'}${query}`;
  const headers: Record<string, string> = { ...request.headers };
  if (authorization !== null) headers['Authorization'] = authorization;
  const contentType = contentTypeOf(request.body);
  if (request.aws) {
    // The Content-Type the platform sends is signed too.
    const sent = contentType === null ? headers : { ...headers, 'Content-Type': contentType };
    Object.assign(headers, signAwsV4(request.aws, method, fullUrl, sent, bodyBytes(request.body)));
  }
  const recorded: RecordedRequest = { method, url: fullUrl, contentType, headers: { ...headers }, body: recordedBody(request.body) };
  state.requests.push(recorded);
  if (transport !== null) return wireResponse(transport(wireRequest(method, fullUrl, headers, request.body)));
  const handler = state.requestHandler;
  if (!handler) {
    throw new Error(`no request handler set: ${method} ${fullUrl} cannot reach the network in a test`);
  }
  const seen: Record<string, unknown> = { method, url: fullUrl, contentType, headers: headersView(headers) };
  // The body is worked out when the handler reads it: decoding a 25 MB upload nobody reads costs seconds.
  let body: { value: unknown } | null = null;
  Object.defineProperty(seen, 'body', {
    enumerable: true,
    get: () => {
      if (body === null) body = { value: handlerBody(request.body) };
      return body.value;
    },
  });
  const response: unknown = handler(seen as unknown as TestHttpRequest);
  if (!isTestResponse(response)) {
    throw new Error('the request handler must return httpClient.createHttpResponse(status, contentType, body)');
  }
  return new ResponseWrapper(response);
}

function begin(): HttpRequestWrapper {
  const request: RequestState = { headers: {}, query: [], body: { kind: 'none' }, authorization: null, aws: null };
  const setBody = (body: Body, method: string): void => {
    if (request.body.kind !== 'none' && request.body.kind !== body.kind) {
      throw illegalArgument(`${method}: the request already has a ${request.body.kind} body`);
    }
    request.body = body;
  };

  const wrapper: HttpRequestWrapper = {
    authSetting(authSetting: AuthSettingWrapper | string) {
      const setting = findAuthSetting(authSetting, 'request.authSetting');
      request.authorization = () => setting.authorizationHeader();
      return wrapper;
    },
    authorization(type: string, credentials: string) {
      requireString(type, 'request.authorization', 'type');
      requireString(credentials, 'request.authorization', 'credentials');
      request.authorization = () => `${type} ${credentials}`;
      return wrapper;
    },
    oauth2JwtBearer(authSetting: AuthSettingWrapper, tokenFunction: () => unknown) {
      findAuthSetting(authSetting, 'request.oauth2JwtBearer');
      if (typeof tokenFunction !== 'function') throw new TypeError('request.oauth2JwtBearer: the second argument must be a function that returns the token response');
      // No cache: the platform asks the function for a token for each request sent.
      request.authorization = () => `Bearer ${accessTokenOf(tokenFunction())}`;
      return wrapper;
    },
    googleOAuth2(quser: QuserView, service: string) {
      if (!isQuser(quser)) throw new TypeError(`request.googleOAuth2: the first argument must be a user (QuserView), got ${describe(quser)}`);
      requireString(service, 'request.googleOAuth2', 'service');
      request.authorization = () => `Bearer google-${service.toLowerCase()}-token-of-${quser.getEmail()}`;
      return wrapper;
    },
    awsSignV4(key: string, secret: string, region: string, service: string) {
      const method = 'request.awsSignV4';
      request.aws = {
        key: requireString(key, method, 'accessKey'),
        secret: requireString(secret, method, 'secretKey'),
        region: requireString(region, method, 'region'),
        service: requireString(service, method, 'service'),
      };
      return wrapper;
    },
    header(name: string, value: string) {
      request.headers[requireString(name, 'request.header', 'name')] = requireString(value, 'request.header', 'value');
      return wrapper;
    },
    queryParam(name: string, value: string) {
      request.query.push([requireString(name, 'request.queryParam', 'name'), requireString(value, 'request.queryParam', 'value')]);
      return wrapper;
    },
    formParam(name: string, value: string) {
      const param: [string, string] = [requireString(name, 'request.formParam', 'name'), requireString(value, 'request.formParam', 'value')];
      setBody({ kind: 'form', params: request.body.kind === 'form' ? [...request.body.params, param] : [param] }, 'request.formParam');
      return wrapper;
    },
    /** `body(text, contentType)`, `body(bytes, contentType)`, `body(file)` or `body(file, contentType)`. */
    body(content: string | ByteArrayWrapper | QfileView, contentType?: string) {
      const type = contentType === undefined ? undefined : requireString(contentType, 'request.body', 'contentType');
      if (typeof content === 'string') {
        setBody({ kind: 'text', text: content, contentType: type ?? 'text/plain; charset=UTF-8' }, 'request.body');
      } else if (isBytes(content)) {
        setBody({ kind: 'bytes', bytes: content, contentType: type ?? 'application/octet-stream' }, 'request.body');
      } else if (isQfile(content)) {
        setBody({ kind: 'bytes', bytes: content.bytes(), contentType: type ?? content.getContentType() }, 'request.body');
      } else {
        throw new TypeError(`request.body: the body must be a java.lang.String, a ByteArrayWrapper or a file, but got ${describe(content)}`);
      }
      return wrapper;
    },
    /** A part of a multipart/form-data body: text, or a file (sent with its name and content type). */
    multipart(name: string, value: string | QfileView) {
      requireString(name, 'request.multipart', 'name');
      if (typeof value !== 'string' && !isQfile(value)) {
        throw new TypeError(`request.multipart: the value must be a java.lang.String or a file (QfileView), but got ${describe(value)}`);
      }
      const part: [string, string | Qfile] = [name, value];
      setBody({ kind: 'multipart', parts: request.body.kind === 'multipart' ? [...request.body.parts, part] : [part] }, 'request.multipart');
      return wrapper;
    },
    get: (url: string) => send('GET', url, { ...request, body: { kind: 'none' } }),
    head: (url: string) => send('HEAD', url, { ...request, body: { kind: 'none' } }),
    post: (url: string) => send('POST', url, request),
    put: (url: string) => send('PUT', url, request),
    patch: (url: string) => send('PATCH', url, request),
    delete: (url: string) => send('DELETE', url, request),
  };
  return wrapper;
}

/** The access token in what a JWT-bearer token function returned: the token response object, or the token itself. */
function accessTokenOf(tokenResponse: unknown): string {
  if (typeof tokenResponse === 'string') return tokenResponse;
  const token = (tokenResponse as { access_token?: unknown } | null)?.access_token;
  if (typeof token !== 'string') throw new Error('request.oauth2JwtBearer: the token function returned no access_token');
  return token;
}

export const httpClient: QuestetraHttpClient = {
  begin,
  getRequestingLimit: () => REQUESTING_LIMIT,
  setRequestHandler(handler: (request: TestHttpRequest) => TestHttpResponse): void {
    if (typeof handler !== 'function') throw new TypeError('httpClient.setRequestHandler: the handler must be a function');
    state.requestHandler = handler;
  },
  createHttpResponse(status: number, contentType: string, body: string | ByteArrayWrapper): TestHttpResponse {
    requireNumber(status, 'httpClient.createHttpResponse', 'status');
    requireString(contentType, 'httpClient.createHttpResponse', 'contentType');
    if (typeof body !== 'string' && !isBytes(body)) requireString(body, 'httpClient.createHttpResponse', 'body');
    return new TestResponse(status, contentType, body);
  },
  ...authSettingFactories,
};
