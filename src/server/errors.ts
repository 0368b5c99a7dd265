/**
 * Failed answers, in each service's own words: OpenAI's envelope
 * `{"error": {"message", "type", "param", "code"}}` and Azure OpenAI's `{"error": {"code", "message"}}`,
 * with the statuses each uses (e.g. cancelling an ended job: 400 on OpenAI, 409 on Azure).
 */

/** A request the server refuses: thrown by handlers, written by the HTTP layer as it is. */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly body: object,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(`HTTP ${status}`);
  }
}

/** Every refusal the server can give, worded by the service the request was addressed to. */
export interface ErrorCatalog {
  invalidUrl(method: string, path: string): ApiFailure;
  invalidMethod(method: string, path: string): ApiFailure;
  missingKey(): ApiFailure;
  wrongKey(masked: string): ApiFailure;
  mismatchedOrganization(): ApiFailure;
  mismatchedProject(): ApiFailure;
  /** The request body or query breaks the contract (`param` names the field). */
  invalidRequest(message: string, param: string | null, code: string | null): ApiFailure;
  unparsableJson(): ApiFailure;
  bodyTooLarge(limit: number): ApiFailure;
  jobNotFound(id: string): ApiFailure;
  fileNotFound(id: string): ApiFailure;
  /** A job or validation file named in a create request that this account does not hold. */
  unknownFile(param: 'training_file' | 'validation_file', id: string): ApiFailure;
  modelNotAvailable(model: string): ApiFailure;
  jobAlreadyEnded(id: string): ApiFailure;
  downloadNotAllowed(purpose: string): ApiFailure;
  rateLimited(retryAfterSeconds: number): ApiFailure;
  quotaExceeded(): ApiFailure;
}

function openai(status: number, message: string, param: string | null = null, code: string | null = null, type = 'invalid_request_error', headers: Record<string, string> = {}): ApiFailure {
  return new ApiFailure(status, { error: { message, type, param, code } }, headers);
}

export const OPENAI_ERRORS: ErrorCatalog = {
  invalidUrl: (method, path) => openai(404, `Invalid URL (${method} ${path})`),
  invalidMethod: (method, path) => openai(405, `Invalid method for URL (${method} ${path})`),
  missingKey: () =>
    openai(
      401,
      "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY), or as the password field (with blank username) if you're accessing the API from your browser and are prompted for a username and password. You can obtain an API key from https://platform.openai.com/account/api-keys.",
    ),
  wrongKey: (masked) =>
    openai(401, `Incorrect API key provided: ${masked}. You can find your API key at https://platform.openai.com/account/api-keys.`, null, 'invalid_api_key'),
  mismatchedOrganization: () => openai(401, 'OpenAI-Organization header should match organization for API key', null, 'mismatched_organization'),
  mismatchedProject: () => openai(401, 'OpenAI-Project header should match project for API key', null, 'mismatched_project'),
  invalidRequest: (message, param, code) => openai(400, message, param, code),
  unparsableJson: () =>
    openai(
      400,
      "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON. If you have trouble figuring out how to fix this, please contact us through our help center at help.openai.com.)",
    ),
  bodyTooLarge: (limit) => openai(413, `The request body is larger than this server accepts (${limit} bytes).`, null, 'request_too_large'),
  jobNotFound: (id) => openai(404, `Could not find fine-tune: ${id}`, null, null),
  fileNotFound: (id) => openai(404, `No such File object: ${id}`, 'id'),
  unknownFile: (param, id) => openai(400, `invalid ${param}: ${id}`, param),
  modelNotAvailable: (model) => openai(400, `Model ${model} is not available for fine-tuning or does not exist.`, 'model', 'model_not_available'),
  jobAlreadyEnded: (id) => openai(400, `Job has already completed: ${id}`),
  downloadNotAllowed: (purpose) => openai(400, `Not allowed to download files of purpose: ${purpose}`),
  rateLimited: (seconds) =>
    openai(429, `Rate limit reached for requests. Please try again in ${seconds}s.`, null, 'rate_limit_exceeded', 'requests', { 'retry-after': String(seconds) }),
  quotaExceeded: () =>
    openai(
      429,
      'You exceeded your current quota, please check your plan and billing details. For more information on this error, read the docs: https://platform.openai.com/docs/guides/error-codes/api-errors.',
      null,
      'insufficient_quota',
      'insufficient_quota',
    ),
};

function azure(status: number, code: string, message: string, headers: Record<string, string> = {}): ApiFailure {
  return new ApiFailure(status, { error: { code, message } }, headers);
}

/** Azure OpenAI: the gateway's own answers (401, 404 "Resource not found") and the fine-tuning service's error codes. */
export const AZURE_ERRORS: ErrorCatalog & { missingApiVersion(): ApiFailure; unsupportedApiVersion(): ApiFailure } = {
  invalidUrl: () => azure(404, '404', 'Resource not found'),
  invalidMethod: () => azure(404, '404', 'Resource not found'),
  missingKey: () => azure(401, '401', 'Access denied due to missing subscription key. Make sure to include subscription key when making requests to an API.'),
  wrongKey: () =>
    azure(401, '401', 'Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource.'),
  // Azure OpenAI has no organization or project headers: it never refuses them.
  mismatchedOrganization: () => azure(401, '401', 'unreachable'),
  mismatchedProject: () => azure(401, '401', 'unreachable'),
  invalidRequest: (message) => azure(400, 'invalidPayload', message),
  unparsableJson: () => azure(400, 'invalidPayload', 'The request body is not valid JSON.'),
  bodyTooLarge: (limit) => azure(413, 'invalidPayload', `The request body is larger than this server accepts (${limit} bytes).`),
  jobNotFound: (id) => azure(404, 'notFound', `Fine-tuning job ${id} was not found.`),
  fileNotFound: (id) => azure(404, 'notFound', `File ${id} was not found.`),
  unknownFile: (param, id) => azure(400, 'invalidPayload', `The ${param.replace('_', ' ')} ${id} was not found.`),
  modelNotAvailable: (model) => azure(400, 'invalidPayload', `The base model ${model} does not support fine-tuning.`),
  jobAlreadyEnded: (id) => azure(409, 'conflict', `Job has already completed: ${id}`),
  downloadNotAllowed: (purpose) => azure(400, 'invalidPayload', `Files of purpose ${purpose} cannot be downloaded.`),
  rateLimited: (seconds) => azure(429, 'tooManyRequests', `Rate limit exceeded. Please retry after ${seconds} seconds.`, { 'retry-after': String(seconds) }),
  quotaExceeded: () => azure(429, 'quotaExceeded', 'The quota of this resource is exhausted.'),
  missingApiVersion: () => azure(404, '404', 'Resource not found'),
  unsupportedApiVersion: () => azure(400, 'BadRequest', 'API version not supported'),
};
