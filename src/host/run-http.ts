/**
 * `qaddon run`: sends the requests a step builds (WireRequest, read as untrusted input from the
 * sandbox process) over HTTP, from qaddon's own process. Two ways:
 *   - to the URL the step built (real HTTP), but never to this machine or its network: a host
 *     that is, or resolves to, a loopback, private, link-local or otherwise non-public address
 *     is refused (the check is made on the address actually connected to);
 *   - with a server given (`--server URL`), every request goes there instead, whatever host the
 *     step named: the path and query stay the step's, under the server's own path.
 * No redirect is followed. The multipart/form-data body is written here, with a boundary of
 * this process's choosing, as the platform writes it.
 */
import { randomBytes } from 'node:crypto';
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { BlockList, isIP } from 'node:net';
import type { WireAnswer, WirePart, WireRequest } from './runtime/run-protocol.js';

export interface HttpRoute {
  /** Every request goes to this server instead of the step's host (null: real HTTP). */
  server: URL | null;
  /** Milliseconds a request may take, answer included. */
  timeoutMs: number;
}

/** The largest answer body read (larger ones fail the request). */
export const MAX_ANSWER_BYTES = 64 * 1024 * 1024;
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE']);

/** Addresses a step run on this machine may not reach without --server (IANA special-purpose ranges). */
const NOT_PUBLIC = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.0.2.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['198.51.100.0', 24], ['203.0.113.0', 24],
  ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) NOT_PUBLIC.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of [
  ['::', 128], ['::1', 128], ['64:ff9b::', 96], ['100::', 64], ['2001:db8::', 32], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8],
] as const) NOT_PUBLIC.addSubnet(network, prefix, 'ipv6');

/** Whether `address` (an IP address) is one real HTTP may go to. */
export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  // BlockList judges an IPv4 address written as IPv6 (::ffff:127.0.0.1, ::ffff:7f00:1) by the IPv4 rules.
  return !NOT_PUBLIC.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/** DNS lookup that keeps only public addresses (and fails when none is left). */
function publicLookup(hostname: string, options: object, callback: (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void): void {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, []);
    const allowed = addresses.filter((entry) => isPublicAddress(entry.address));
    if (allowed.length === 0) {
      const refused = new Error(`${hostname} resolves to ${addresses.map((entry) => entry.address).join(', ')}, not a public address; qaddon run sends requests to this machine or its network only with --server`) as NodeJS.ErrnoException;
      refused.code = 'QADDON_NOT_PUBLIC';
      return callback(refused, []);
    }
    if ((options as { all?: boolean }).all) return callback(null, allowed);
    const first = allowed[0] as LookupAddress;
    return callback(null, first.address, first.family);
  });
}

/** The request checked field by field (it comes from the sandbox), or what is wrong with it. */
export function checkWireRequest(value: unknown): WireRequest | string {
  if (typeof value !== 'object' || value === null) return 'not a request';
  const request = value as Record<string, unknown>;
  if (typeof request['method'] !== 'string' || !METHODS.has(request['method'])) return `the method ${JSON.stringify(request['method'])} is not one qaddon sends`;
  if (typeof request['url'] !== 'string') return 'no URL';
  const headers = request['headers'];
  if (!Array.isArray(headers) || !headers.every((pair) => Array.isArray(pair) && pair.length === 2 && typeof pair[0] === 'string' && typeof pair[1] === 'string')) return 'malformed headers';
  const body = request['body'] as Record<string, unknown> | null;
  if (typeof body !== 'object' || body === null) return 'no body';
  if (body['kind'] === 'bytes') {
    if (typeof body['contentType'] !== 'string' || typeof body['base64'] !== 'string') return 'a malformed body';
  } else if (body['kind'] === 'multipart') {
    const parts = body['parts'];
    const partOk = (part: unknown): boolean => {
      const p = part as Record<string, unknown> | null;
      if (typeof p !== 'object' || p === null || typeof p['name'] !== 'string') return false;
      return typeof p['text'] === 'string' || (typeof p['filename'] === 'string' && typeof p['contentType'] === 'string' && typeof p['base64'] === 'string');
    };
    if (!Array.isArray(parts) || !parts.every(partOk)) return 'a malformed multipart body';
  } else if (body['kind'] !== 'none') {
    return 'a body of an unknown kind';
  }
  return value as WireRequest;
}

/** A name or file name in a Content-Disposition header, as browsers write it (", CR and LF escaped). */
function dispositionValue(text: string): string {
  return text.replace(/"/g, '%22').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** The multipart/form-data body of `parts` and its Content-Type. */
export function multipartBody(parts: WirePart[]): { contentType: string; bytes: Buffer } {
  const boundary = `----qaddon${randomBytes(12).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const part of parts) {
    let head = `--${boundary}\r\nContent-Disposition: form-data; name="${dispositionValue(part.name)}"`;
    if ('text' in part) {
      chunks.push(Buffer.from(`${head}\r\n\r\n`, 'utf8'), Buffer.from(part.text, 'utf8'), Buffer.from('\r\n'));
      continue;
    }
    head += `; filename="${dispositionValue(part.filename)}"\r\nContent-Type: ${part.contentType.replace(/[\r\n]/g, ' ')}\r\n\r\n`;
    chunks.push(Buffer.from(head, 'utf8'), Buffer.from(part.base64, 'base64'), Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { contentType: `multipart/form-data; boundary=${boundary}`, bytes: Buffer.concat(chunks) };
}

/** A request's body as it goes over the wire: its bytes and the Content-Type it is sent with (null: none). */
export interface WireBody {
  contentType: string | null;
  bytes: Buffer | null;
}

/** The body of `request`, encoded (a multipart body gets its boundary here: encode once, then print and send that). */
export function bodyOf(request: WireRequest): WireBody {
  switch (request.body.kind) {
    case 'none':
      return { contentType: null, bytes: null };
    case 'bytes':
      return { contentType: request.body.contentType, bytes: Buffer.from(request.body.base64, 'base64') };
    case 'multipart':
      return multipartBody(request.body.parts);
  }
}

/** Where `url` is sent: itself, or the same path and query on the server. */
export function targetOf(url: URL, server: URL | null): URL {
  if (server === null) return url;
  const target = new URL(server.href);
  target.pathname = `${server.pathname.replace(/\/$/, '')}${url.pathname}`;
  target.search = url.search;
  return target;
}

function answerOf(response: IncomingMessage, bytes: Buffer): WireAnswer {
  const headers: [string, string][] = [];
  for (let i = 0; i + 1 < response.rawHeaders.length; i += 2) headers.push([response.rawHeaders[i] as string, response.rawHeaders[i + 1] as string]);
  return { status: response.statusCode ?? 0, headers, base64: bytes.toString('base64') };
}

/**
 * Sends `request`, its body encoded as `body` (bodyOf), as `route` says; every failure is an
 * answer `{ error }` (the step sees it as a network failure).
 */
export async function sendWireRequest(request: WireRequest, route: HttpRoute, body: WireBody = bodyOf(request)): Promise<WireAnswer> {
  let url: URL;
  try {
    url = new URL(request.url);
  } catch {
    return { error: `${JSON.stringify(request.url)} is not a URL` };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { error: `${url.protocol} URLs are not sent; only http and https` };
  if (url.username !== '' || url.password !== '') return { error: 'a URL with user information is not sent' };
  const target = targetOf(url, route.server);
  if (route.server === null) {
    const host = url.hostname.replace(/^\[|\]$/g, '');
    if (host === 'localhost' || host.endsWith('.localhost') || (isIP(host) !== 0 && !isPublicAddress(host))) {
      return { error: `${url.host} is this machine or its network; qaddon run sends requests there only with --server` };
    }
  }
  const { contentType, bytes } = body;
  const headers: Record<string, string> = {};
  for (const [name, value] of request.headers) headers[name] = value;
  if (contentType !== null && !Object.keys(headers).some((name) => name.toLowerCase() === 'content-type')) headers['Content-Type'] = contentType;
  if (bytes !== null) headers['Content-Length'] = String(bytes.length);
  const options: RequestOptions = { method: request.method, headers, timeout: route.timeoutMs, agent: false };
  if (route.server === null) options.lookup = publicLookup as RequestOptions['lookup'];
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<WireAnswer>((resolve) => {
    let settled = false;
    const settle = (answer: WireAnswer): void => {
      if (!settled) resolve(answer);
      settled = true;
    };
    let outgoing;
    try {
      outgoing = send(target, options, (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_ANSWER_BYTES) {
            settle({ error: `the answer is larger than ${MAX_ANSWER_BYTES / 1024 / 1024} MiB` });
            response.destroy();
          } else {
            chunks.push(chunk);
          }
        });
        response.on('end', () => settle(answerOf(response, Buffer.concat(chunks))));
        response.on('error', (error) => settle({ error: error.message }));
      });
    } catch (error) {
      // Node refuses a header name or value it cannot send (a line break in it) before connecting.
      settle({ error: (error as Error).message });
      return;
    }
    outgoing.on('timeout', () => {
      settle({ error: `no answer within ${route.timeoutMs / 1000} s` });
      outgoing.destroy();
    });
    outgoing.on('error', (error) => settle({ error: error.message }));
    outgoing.end(bytes ?? undefined);
  });
}
