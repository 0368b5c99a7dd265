/**
 * The endpoints, shared by the OpenAI form (`/v1/…`) and the Azure form (`/openai/…`): files
 * (upload, list, retrieve, delete, content) and fine-tuning jobs (create, list, retrieve,
 * cancel, events, checkpoints). Each handler reads the request, asks the account, and returns
 * the object OpenAI's contract defines; refusals are thrown as the service's own errors.
 */
import type { FileObject } from 'openai/resources/files';
import type { Account } from './account.js';
import { parseCreateRequest } from './create-request.js';
import type { ErrorCatalog } from './errors.js';
import { readMultipart } from './multipart.js';

export interface Exchange {
  method: string;
  /** The path as sent, for messages. */
  path: string;
  params: Readonly<Record<string, string>>;
  query: URLSearchParams;
  contentType: string;
  body: Uint8Array;
  account: Account;
  now: number;
}

export type Reply = { json: unknown } | { bytes: Uint8Array; contentType: string; filename: string };

type Handler = (exchange: Exchange) => Reply | Promise<Reply>;

interface Route {
  method: 'GET' | 'POST' | 'DELETE';
  /** Path segments after the service prefix; `:name` matches one segment. */
  pattern: readonly string[];
  handler: Handler;
}

/** One page of `items` after the item `after` (an unknown cursor gives an empty page). */
function page<T extends { id: string }>(items: readonly T[], after: string | null, limit: number): { data: T[]; has_more: boolean } {
  const start = after === null ? 0 : items.findIndex((item) => item.id === after) + 1 || items.length;
  const data = items.slice(start, start + limit);
  return { data, has_more: start + limit < items.length };
}

function readLimit(query: URLSearchParams, fallback: number, max: number, errors: ErrorCatalog): number {
  const raw = query.get('limit');
  if (raw === null) return fallback;
  if (!/^-?\d+$/.test(raw)) throw errors.invalidRequest(`Invalid type for 'limit': expected an integer, but got a string instead.`, 'limit', 'invalid_type');
  const limit = Number(raw);
  if (limit < 1) throw errors.invalidRequest(`Invalid 'limit': integer below minimum value. Expected a value >= 1, but got ${limit} instead.`, 'limit', 'integer_below_min_value');
  if (limit > max) throw errors.invalidRequest(`Invalid 'limit': integer above maximum value. Expected a value <= ${max}, but got ${limit} instead.`, 'limit', 'integer_above_max_value');
  return limit;
}

function param(exchange: Exchange, name: string): string {
  return exchange.params[name] ?? '';
}

// ---- files -------------------------------------------------------------------------------

async function uploadFile(exchange: Exchange): Promise<Reply> {
  const { account, now } = exchange;
  const { errors, uploadPurposes } = account.dialect;
  const form = await readMultipart(exchange.contentType, exchange.body, errors);
  for (const name of form.names) {
    if (!['file', 'purpose', 'expires_after[anchor]', 'expires_after[seconds]'].includes(name)) {
      throw errors.invalidRequest(`Unknown parameter: '${name}'.`, name, 'unknown_parameter');
    }
  }
  const purpose = form.text('purpose');
  if (purpose === null) throw errors.invalidRequest("Missing required parameter: 'purpose'.", 'purpose', 'missing_required_parameter');
  if (!uploadPurposes.includes(purpose)) {
    const list = uploadPurposes.map((value) => `'${value}'`);
    throw errors.invalidRequest(`Invalid value: '${purpose}'. Supported values are: ${list.slice(0, -1).join(', ')}, and ${list[list.length - 1]}.`, 'purpose', 'invalid_value');
  }
  const file = form.file('file');
  if (file === null) throw errors.invalidRequest("Missing required parameter: 'file'.", 'file', 'missing_required_parameter');
  if (purpose === 'fine-tune' && !file.filename.toLowerCase().endsWith('.jsonl')) {
    throw errors.invalidRequest('Invalid file format for Fine-Tuning API. Must be .jsonl', 'file', 'invalid_file_format');
  }
  const stored = account.addFile(file.filename, purpose as FileObject['purpose'], file.content, now, readExpiry(form.text('expires_after[anchor]'), form.text('expires_after[seconds]'), errors));
  return { json: account.fileObject(stored) };
}

/** `expires_after`: anchor `created_at` and 3600 to 2592000 seconds, or nothing. */
function readExpiry(anchor: string | null, seconds: string | null, errors: ErrorCatalog): number | null {
  if (anchor === null && seconds === null) return null;
  if (anchor !== 'created_at') throw errors.invalidRequest(`Invalid value: '${anchor ?? ''}'. Supported values are: 'created_at'.`, 'expires_after.anchor', 'invalid_value');
  const value = seconds === null || !/^\d+$/.test(seconds) ? NaN : Number(seconds);
  if (!(value >= 3600 && value <= 2592000)) {
    throw errors.invalidRequest(`Invalid 'expires_after.seconds': expected an integer between 3600 and 2592000, but got '${seconds ?? ''}' instead.`, 'expires_after.seconds', 'invalid_value');
  }
  return value;
}

function listFiles(exchange: Exchange): Reply {
  const { account, query } = exchange;
  const { errors } = account.dialect;
  const order = query.get('order') ?? 'desc';
  if (order !== 'asc' && order !== 'desc') throw errors.invalidRequest(`Invalid value: '${order}'. Supported values are: 'asc' and 'desc'.`, 'order', 'invalid_value');
  const purpose = query.get('purpose');
  const files = [...account.files.values()].filter((file) => purpose === null || file.purpose === purpose);
  if (order === 'desc') files.reverse();
  const { data, has_more } = page(files, query.get('after'), readLimit(query, 10000, 10000, errors));
  const objects = data.map((file) => account.fileObject(file));
  // OpenAI's ListFilesResponse names the first and last ID of the page (null on an empty page).
  return { json: { object: 'list', data: objects, first_id: objects[0]?.id ?? null, last_id: objects[objects.length - 1]?.id ?? null, has_more } };
}

function retrieveFile(exchange: Exchange): Reply {
  const { account } = exchange;
  return { json: account.fileObject(account.file(param(exchange, 'id'))) };
}

function deleteFile(exchange: Exchange): Reply {
  const { account } = exchange;
  const file = account.file(param(exchange, 'id'));
  account.files.delete(file.id);
  return { json: { id: file.id, object: 'file', deleted: true } };
}

/** Training files cannot be downloaded from OpenAI; results files can. */
function fileContent(exchange: Exchange): Reply {
  const { account } = exchange;
  const file = account.file(param(exchange, 'id'));
  if (file.purpose === 'fine-tune') throw account.dialect.errors.downloadNotAllowed(file.purpose);
  return { bytes: file.content, contentType: file.filename.endsWith('.csv') ? 'text/csv' : 'application/octet-stream', filename: file.filename };
}

// ---- fine-tuning jobs --------------------------------------------------------------------

function createJob(exchange: Exchange): Reply {
  const { account, now } = exchange;
  const { errors } = account.dialect;
  let body: unknown;
  try {
    body = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(exchange.body));
  } catch {
    throw errors.unparsableJson();
  }
  const spec = parseCreateRequest(body, account.dialect.maxSuffixLength, errors);
  return { json: account.jobObject(account.createJob(spec, now)) };
}

/** `metadata[key]=value` pairs of the query, or `metadata=null` (jobs without metadata). */
function metadataFilter(query: URLSearchParams): ((metadata: Record<string, string> | null) => boolean) | null {
  if (query.get('metadata') === 'null') return (metadata) => metadata === null || Object.keys(metadata).length === 0;
  const wanted = [...query.entries()].flatMap(([name, value]) => {
    const key = /^metadata\[(.+)\]$/.exec(name)?.[1];
    return key === undefined ? [] : [[key, value] as const];
  });
  if (wanted.length === 0) return null;
  return (metadata) => metadata !== null && wanted.every(([key, value]) => metadata[key] === value);
}

function listJobs(exchange: Exchange): Reply {
  const { account, query } = exchange;
  const filter = metadataFilter(query);
  const jobs = [...account.jobs.values()].reverse().filter((job) => filter === null || filter(job.spec.metadata));
  const { data, has_more } = page(jobs, query.get('after'), readLimit(query, 20, 100, account.dialect.errors));
  return { json: { object: 'list', data: data.map((job) => account.jobObject(job)), has_more } };
}

function retrieveJob(exchange: Exchange): Reply {
  const { account } = exchange;
  return { json: account.jobObject(account.job(param(exchange, 'id'))) };
}

function cancelJob(exchange: Exchange): Reply {
  const { account, now } = exchange;
  const job = account.job(param(exchange, 'id'));
  if (!job.cancel(now)) throw account.dialect.errors.jobAlreadyEnded(job.id);
  return { json: account.jobObject(job) };
}

function listEvents(exchange: Exchange): Reply {
  const { account, query } = exchange;
  const job = account.job(param(exchange, 'id'));
  const { data, has_more } = page(job.eventObjects(), query.get('after'), readLimit(query, 20, 100, account.dialect.errors));
  return { json: { object: 'list', data, has_more } };
}

function listCheckpoints(exchange: Exchange): Reply {
  const { account, query } = exchange;
  const job = account.job(param(exchange, 'id'));
  const newestFirst = [...job.checkpoints].reverse();
  const { data, has_more } = page(newestFirst, query.get('after'), readLimit(query, 10, 100, account.dialect.errors));
  return { json: { object: 'list', data, first_id: data[0]?.id ?? null, last_id: data[data.length - 1]?.id ?? null, has_more } };
}

export const ROUTES: readonly Route[] = [
  { method: 'POST', pattern: ['files'], handler: uploadFile },
  { method: 'GET', pattern: ['files'], handler: listFiles },
  { method: 'GET', pattern: ['files', ':id'], handler: retrieveFile },
  { method: 'DELETE', pattern: ['files', ':id'], handler: deleteFile },
  { method: 'GET', pattern: ['files', ':id', 'content'], handler: fileContent },
  { method: 'POST', pattern: ['fine_tuning', 'jobs'], handler: createJob },
  { method: 'GET', pattern: ['fine_tuning', 'jobs'], handler: listJobs },
  { method: 'GET', pattern: ['fine_tuning', 'jobs', ':id'], handler: retrieveJob },
  { method: 'POST', pattern: ['fine_tuning', 'jobs', ':id', 'cancel'], handler: cancelJob },
  { method: 'GET', pattern: ['fine_tuning', 'jobs', ':id', 'events'], handler: listEvents },
  { method: 'GET', pattern: ['fine_tuning', 'jobs', ':id', 'checkpoints'], handler: listCheckpoints },
];

export type RouteMatch = { handler: Handler; params: Record<string, string> } | 'wrong-method' | 'no-route';

/** The route for `method` and the (already split and decoded) path segments. */
export function matchRoute(method: string, segments: readonly string[]): RouteMatch {
  let pathKnown = false;
  for (const route of ROUTES) {
    if (route.pattern.length !== segments.length) continue;
    const params: Record<string, string> = {};
    const fits = route.pattern.every((part, i) => {
      const segment = segments[i] as string;
      if (part.startsWith(':')) {
        params[part.slice(1)] = segment;
        return segment !== '';
      }
      return part === segment;
    });
    if (!fits) continue;
    if (route.method === method) return { handler: route.handler, params };
    pathKnown = true;
  }
  return pathKnown ? 'wrong-method' : 'no-route';
}
