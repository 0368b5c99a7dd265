/**
 * The one way our steps talk to OpenAI or Azure OpenAI: builds the request (the key in its one
 * header, organization and project), sends it, and turns every kind of failure into an ApiError
 * that carries the HTTP status and the API's own message. The body of every answer the step
 * does not accept goes to the process log (through the secrets gate, then capped); the key goes
 * nowhere but its header.
 */
import { type Endpoint, apiUrl, providerName } from './endpoint';
import { ApiError } from './errors';
import { parseJson } from './json';
import { processLog } from './log';
import { capText } from './text';

export interface Connection {
  endpoint: Endpoint;
  /** The U1 setting; only its name is ever shown. */
  auth: AuthSettingWrapper;
  /** The API key: trimmed and checked by readApiKey, sent in one header, concealed everywhere else. */
  token: string;
  /** `OpenAI-Organization` header; blank: not sent. OpenAI only. */
  organization: string;
  /** `OpenAI-Project` header; blank: not sent. OpenAI only. */
  project: string;
}

/** A 2xx answer whose body is JSON, not yet checked against what the step asked for. */
export interface ApiAnswer {
  /** "OpenAI API" or "Azure OpenAI", for messages. */
  provider: string;
  /** Whether Azure OpenAI answered (its objects may differ from OpenAI's contract in small ways). */
  azure: boolean;
  status: number;
  /** The body as it came (logged when the answer is refused). */
  body: string;
  /** The body parsed. */
  value: unknown;
}

export type RequestMethod = 'GET' | 'POST' | 'DELETE';

/** Longest Content-Type quoted in a message. */
const CONTENT_TYPE_LIMIT = 80;

function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  const javaError = error as { getMessage?: () => string } | null;
  return javaError && typeof javaError.getMessage === 'function' ? String(javaError.getMessage()) : String(error);
}

/** A request carrying the key of `connection` and its headers (each builder call's result is kept). */
function startRequest(connection: Connection): HttpRequestWrapper {
  let request = httpClient.begin();
  if (connection.endpoint.provider === 'azure') {
    // Azure OpenAI takes the key in `api-key`, not as a bearer token.
    return request.header('api-key', connection.token);
  }
  // Not authSetting(): that would send the setting's token untrimmed (a pasted line break).
  request = request.header('Authorization', `Bearer ${connection.token}`);
  if (connection.organization !== '') request = request.header('OpenAI-Organization', connection.organization);
  if (connection.project !== '') request = request.header('OpenAI-Project', connection.project);
  return request;
}

/** The API's own error message in a parsed body: `{"error": {"message": …}}` or `{"error": "…"}`. */
function errorMessageIn(value: unknown): string | null {
  if (typeof value !== 'object' || value === null) return null;
  const error = (value as { error?: unknown }).error;
  if (typeof error === 'string' && error.trim() !== '') return error;
  if (typeof error !== 'object' || error === null) return null;
  const message = (error as { message?: unknown }).message;
  return typeof message === 'string' && message.trim() !== '' ? message : null;
}

/** A 2xx body that is OpenAI's error envelope (no object, no id) rather than a result. */
function errorEnvelopeMessage(value: unknown): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const candidate = value as { object?: unknown; id?: unknown };
  if (candidate.object !== undefined || candidate.id !== undefined) return null;
  return errorMessageIn(value);
}

function contentTypeOf(response: HttpResponseWrapper): string {
  const type = String(response.getContentType() || '');
  return type === '' ? 'a body' : capText(type, CONTENT_TYPE_LIMIT);
}

/** The error for a non-2xx answer; its body is already in the log. */
function failure(provider: string, status: number, response: HttpResponseWrapper, body: string): ApiError {
  const parsed = parseJson(body);
  if ('value' in parsed) {
    const message = errorMessageIn(parsed.value);
    if (message !== null) return new ApiError(status, `${provider}: HTTP ${status}: ${message}`);
    return new ApiError(status, `${provider}: HTTP ${status}, answered without an error message; see the process log`);
  }
  if (parsed.problem !== 'not JSON') return new ApiError(status, `${provider}: HTTP ${status}, answered with ${parsed.problem}; see the process log`);
  return new ApiError(status, `${provider}: HTTP ${status}, answered with ${contentTypeOf(response)} that is not JSON (a proxy or gateway page?); see the process log`);
}

/**
 * Sends one request to `url` (built from checked configs only) and returns a 2xx answer whose
 * body is JSON. `prepare` adds what the request carries (a body, multipart parts). A network
 * failure, a non-2xx status, a body that is not JSON (or is nested absurdly deep) and a 2xx
 * error envelope each throw an ApiError; the body goes to the log first.
 */
export function sendRequest(
  connection: Connection,
  method: RequestMethod,
  url: string,
  prepare: (request: HttpRequestWrapper) => HttpRequestWrapper = (request) => request,
): ApiAnswer {
  const provider = providerName(connection.endpoint);
  const request = prepare(startRequest(connection));
  processLog(`${provider} request: ${method} ${url}`);
  let response: HttpResponseWrapper;
  try {
    response = method === 'GET' ? request.get(url) : method === 'POST' ? request.post(url) : request.delete(url);
  } catch (error) {
    throw new ApiError(0, `${provider}: no answer to ${method} ${url} (network failure): ${messageOf(error)}`);
  }
  const status = response.getStatusCode();
  const body = String(response.getResponseAsString());
  processLog(`${provider} response: HTTP ${status}`);
  if (status < 200 || status > 299) {
    processLog(body);
    throw failure(provider, status, response, body);
  }
  const parsed = parseJson(body);
  if ('problem' in parsed) {
    processLog(body);
    throw new ApiError(status, `${provider}: answered HTTP ${status}, but ${parsed.problem === 'not JSON' ? 'not with JSON' : `with ${parsed.problem}`}; see the process log`);
  }
  const envelope = errorEnvelopeMessage(parsed.value);
  if (envelope !== null) {
    processLog(body);
    throw new ApiError(status, `${provider}: HTTP ${status}, but answered with an error: ${envelope}`);
  }
  return { provider, azure: connection.endpoint.provider === 'azure', status, body, value: parsed.value };
}

/**
 * Sends `method` to `path` below the fine-tuning jobs collection (`''`, `/ftjob-…`,
 * `/ftjob-…/cancel`), with `body` as JSON when given. `path` must be built from checked IDs only.
 */
export function requestJobsApi(connection: Connection, method: RequestMethod, path: string, body?: object): ApiAnswer {
  const url = apiUrl(connection.endpoint, `/fine_tuning/jobs${path}`);
  return sendRequest(connection, method, url, (request) => (body === undefined ? request : request.body(JSON.stringify(body), 'application/json')));
}

/**
 * The error for a 2xx answer that is not what the step asked for (`problem` says how, e.g.
 * `not with a fine-tuning job (it has no job "id")`); the body goes to the log first.
 */
export function refuseAnswer(answer: ApiAnswer, problem: string): ApiError {
  processLog(answer.body);
  return new ApiError(answer.status, `${answer.provider}: answered HTTP ${answer.status}, but ${problem}; see the process log`);
}
