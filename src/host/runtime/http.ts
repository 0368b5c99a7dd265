/**
 * `httpClient`: request builders whose requests go to the test's request handler, never to
 * the network, counted against the requesting limit as on the server.
 */
import { requireNumber, requireString } from './java-checks';
import type { RecordedRequest } from './protocol';
import { REQUESTING_LIMIT, state } from './state';

/** Percent-encoding of a query or form value (a space becomes `+` in forms, `%20` in queries). */
function encodeParam(value: string, spaceAsPlus: boolean): string {
  const encoded = encodeURIComponent(value);
  return spaceAsPlus ? encoded.replace(/%20/g, '+') : encoded;
}

/** `request.headers`: readable as `headers['Name']` and as `headers.get('Name')` (any case). */
function headersView(headers: Record<string, string>): TestHttpHeaders {
  const view: Record<string, unknown> = { ...headers };
  Object.defineProperty(view, 'get', {
    enumerable: false,
    value: (name: string): string | null => {
      const wanted = String(name).toLowerCase();
      const key = Object.keys(headers).find((candidate) => candidate.toLowerCase() === wanted);
      return key === undefined ? null : (headers[key] ?? null);
    },
  });
  return view as unknown as TestHttpHeaders;
}

function tokenOf(authSetting: AuthSettingWrapper | string): string {
  const setting = state.authSettings.find((candidate) =>
    typeof authSetting === 'string' ? candidate.wrapper.getName() === authSetting : candidate.wrapper === authSetting,
  );
  if (!setting) {
    throw new Error(
      typeof authSetting === 'string'
        ? `request.authSetting: no HTTP authorization setting named '${authSetting}'`
        : 'request.authSetting: the argument is not an HTTP authorization setting',
    );
  }
  return setting.token;
}

function isResponse(value: unknown): value is TestHttpResponse {
  const response = value as Partial<TestHttpResponse> | null;
  return !!response && typeof response.status === 'number' && typeof response.body === 'string';
}

function send(method: string, url: string, headers: Record<string, string>, query: string[], body: string | null, contentType: string | null): HttpResponseWrapper {
  requireString(url, `request.${method.toLowerCase()}`, 'url');
  if (state.requests.length >= REQUESTING_LIMIT) {
    throw new Error(`the step may send at most ${REQUESTING_LIMIT} requests per execution (httpClient.getRequestingLimit())`);
  }
  const fullUrl = query.length === 0 ? url : url + (url.includes('?') ? '&' : '?') + query.join('&');
  const recorded: RecordedRequest = { method, url: fullUrl, contentType, headers: { ...headers }, body };
  state.requests.push(recorded);
  const handler = state.requestHandler;
  if (!handler) {
    throw new Error(`no request handler set: ${method} ${fullUrl} cannot reach the network in a test`);
  }
  const response: unknown = handler({ ...recorded, headers: headersView(headers) });
  if (!isResponse(response)) {
    throw new Error('the request handler must return httpClient.createHttpResponse(status, contentType, body)');
  }
  return {
    getStatusCode: () => response.status,
    getResponseAsString: () => response.body,
    getContentType: () => response.contentType,
    getHeaderValues: (name: string) => (String(name).toLowerCase() === 'content-type' ? [response.contentType] : []),
    getCharset: () => (/charset=([^;]+)/i.exec(response.contentType)?.[1] ?? 'UTF-8').trim(),
  };
}

function begin(): HttpRequestWrapper {
  const headers: Record<string, string> = {};
  const query: string[] = [];
  const form: string[] = [];
  let body: string | null = null;
  let contentType: string | null = null;

  const finalBody = (): string | null => (form.length > 0 ? form.join('&') : body);
  const finalType = (): string | null => (form.length > 0 ? 'application/x-www-form-urlencoded' : contentType);
  const request: HttpRequestWrapper = {
    authSetting(authSetting: AuthSettingWrapper | string) {
      headers['Authorization'] = `Bearer ${tokenOf(authSetting)}`;
      return request;
    },
    header(name: string, value: string) {
      headers[requireString(name, 'request.header', 'name')] = requireString(value, 'request.header', 'value');
      return request;
    },
    queryParam(name: string, value: string) {
      requireString(name, 'request.queryParam', 'name');
      requireString(value, 'request.queryParam', 'value');
      query.push(`${encodeParam(name, false)}=${encodeParam(value, false)}`);
      return request;
    },
    formParam(name: string, value: string) {
      requireString(name, 'request.formParam', 'name');
      requireString(value, 'request.formParam', 'value');
      form.push(`${encodeParam(name, true)}=${encodeParam(value, true)}`);
      return request;
    },
    body(text: string, type: string) {
      body = requireString(text, 'request.body', 'text');
      contentType = requireString(type, 'request.body', 'contentType');
      return request;
    },
    get: (url: string) => send('GET', url, headers, query, null, null),
    post: (url: string) => send('POST', url, headers, query, finalBody(), finalType()),
    put: (url: string) => send('PUT', url, headers, query, finalBody(), finalType()),
    patch: (url: string) => send('PATCH', url, headers, query, finalBody(), finalType()),
    delete: (url: string) => send('DELETE', url, headers, query, finalBody(), finalType()),
  };
  return request;
}

export const httpClient: QuestetraHttpClient = {
  begin,
  getRequestingLimit: () => REQUESTING_LIMIT,
  setRequestHandler(handler: (request: TestHttpRequest) => TestHttpResponse): void {
    if (typeof handler !== 'function') throw new TypeError('httpClient.setRequestHandler: the handler must be a function');
    state.requestHandler = handler;
  },
  createHttpResponse(status: number, contentType: string, body: string): TestHttpResponse {
    requireNumber(status, 'httpClient.createHttpResponse', 'status');
    requireString(contentType, 'httpClient.createHttpResponse', 'contentType');
    requireString(body, 'httpClient.createHttpResponse', 'body');
    return { status, contentType, body };
  },
  createAuthSettingToken(name: string, token: string): AuthSettingWrapper {
    requireString(name, 'httpClient.createAuthSettingToken', 'name');
    requireString(token, 'httpClient.createAuthSettingToken', 'token');
    const wrapper: AuthSettingWrapper = { getName: () => name, getToken: () => token };
    state.authSettings.push({ wrapper, token });
    return wrapper;
  },
};
