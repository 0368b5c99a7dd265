/**
 * The one way our steps talk to OpenAI or Azure OpenAI: builds the request (auth, headers,
 * JSON body), sends it, and turns every kind of failure into an ApiError that carries the HTTP
 * status and the API's own message. Bodies of failed answers go to the process log; the API
 * key goes nowhere but its header.
 */
import { type Endpoint, jobsUrl, providerName } from './endpoint';
import { ApiError } from './errors';

export interface Connection {
  endpoint: Endpoint;
  auth: AuthSettingWrapper;
  /** `OpenAI-Organization` header; blank: not sent. OpenAI only. */
  organization: string;
  /** `OpenAI-Project` header; blank: not sent. OpenAI only. */
  project: string;
}

/** Longest answer body copied into the process log. */
const LOGGED_BODY_LIMIT = 4000;

/** `text` with the API key replaced, in case an answer or an exception ever echoes it. */
export function redact(text: string, connection: Connection): string {
  const token = connection.auth.getToken();
  return token === '' ? text : text.split(token).join('[API key]');
}

function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  const javaError = error as { getMessage?: () => string } | null;
  return javaError && typeof javaError.getMessage === 'function' ? String(javaError.getMessage()) : String(error);
}

/** A request with the credentials and headers of `connection` (each builder call's result is kept). */
function startRequest(connection: Connection): HttpRequestWrapper {
  let request = httpClient.begin();
  if (connection.endpoint.provider === 'azure') {
    // Azure OpenAI takes the key in `api-key`, not as a bearer token.
    return request.header('api-key', connection.auth.getToken());
  }
  request = request.authSetting(connection.auth);
  if (connection.organization !== '') request = request.header('OpenAI-Organization', connection.organization);
  if (connection.project !== '') request = request.header('OpenAI-Project', connection.project);
  return request;
}

/** The API's own error message from an error answer: `{"error": {"message": …}}`. */
function apiErrorMessage(body: string): string | null {
  try {
    const parsed = JSON.parse(body) as { error?: { message?: unknown; code?: unknown } } | null;
    const message = parsed?.error?.message;
    return typeof message === 'string' && message !== '' ? message : null;
  } catch {
    return null;
  }
}

function isJson(body: string): boolean {
  try {
    JSON.parse(body);
    return true;
  } catch {
    return false;
  }
}

function failure(connection: Connection, status: number, response: HttpResponseWrapper, body: string): ApiError {
  const provider = providerName(connection.endpoint);
  const message = apiErrorMessage(body);
  if (message !== null) return new ApiError(status, redact(`${provider}: HTTP ${status}: ${message}`, connection));
  const kind = isJson(body) ? 'without an error message' : `with ${response.getContentType() || 'a body'} that is not JSON (a proxy or gateway page?)`;
  return new ApiError(status, `${provider}: HTTP ${status}, answered ${kind}; see the process log`);
}

/**
 * Sends `method` to `path` below the jobs collection (`''`, `/ftjob-…`, `/ftjob-…/cancel`) and
 * returns the parsed JSON of a 2xx answer. `path` must be built from validated IDs only.
 */
export function requestJobsApi(connection: Connection, method: 'GET' | 'POST', path: string, body?: object): unknown {
  const url = jobsUrl(connection.endpoint, path);
  const provider = providerName(connection.endpoint);
  let request = startRequest(connection);
  if (body !== undefined) request = request.body(JSON.stringify(body), 'application/json');
  engine.log(`${provider} request: ${method} ${url}`);
  let response: HttpResponseWrapper;
  try {
    response = method === 'GET' ? request.get(url) : request.post(url);
  } catch (error) {
    throw new ApiError(0, redact(`${provider}: no answer to ${method} ${url} (network failure): ${messageOf(error)}`, connection));
  }
  const status = response.getStatusCode();
  const text = response.getResponseAsString();
  engine.log(`${provider} response: HTTP ${status}`);
  if (status < 200 || status > 299) {
    engine.log(redact(text.slice(0, LOGGED_BODY_LIMIT), connection));
    throw failure(connection, status, response, text);
  }
  try {
    return JSON.parse(text);
  } catch {
    engine.log(redact(text.slice(0, LOGGED_BODY_LIMIT), connection));
    throw new ApiError(status, `${provider}: answered HTTP ${status}, but not with JSON; see the process log`);
  }
}
