/**
 * Where requests go, and so where the API key goes: OpenAI (the default), an OpenAI-compatible
 * gateway, or an Azure OpenAI resource, which has other paths, an `api-version` query and an
 * `api-key` header. The endpoint config is checked so that the key goes only where the modeler
 * meant: a public DNS host name (no IP address, no localhost), a real port, a plain path; and an
 * address that looks like Azure but is not an Azure OpenAI endpoint is refused, not sent the
 * Azure key as a gateway's bearer token.
 */
import { ConfigError } from './errors';
import { quote, readText } from './configs';

export const OPENAI_BASE_URL = 'https://api.openai.com/v1';
/** The Azure OpenAI GA API version used when the API-version config is blank. */
export const AZURE_DEFAULT_API_VERSION = '2024-10-21';
/** The longest endpoint accepted; real ones have well under 100 characters. */
export const ENDPOINT_LIMIT = 512;

export type Endpoint =
  | { provider: 'openai'; baseUrl: string }
  | { provider: 'azure'; baseUrl: string; apiVersion: string };

const AZURE_EXAMPLE = 'https://my-resource.openai.azure.com';
/**
 * https (in any case: a URL's scheme is case-insensitive, RFC 3986 section 3.1; the base URL is
 * rebuilt with `https://`), an authority of host-name characters (or a bracketed IPv6 address)
 * and a plain path: no query, fragment, credentials or escapes.
 */
const HTTPS_URL = /^[Hh][Tt][Tt][Pp][Ss]:\/\/([A-Za-z0-9.-]*|\[[0-9A-Fa-f:.]*\])(?::(\d*))?(\/[A-Za-z0-9._~/-]*)?$/;
/** One DNS label: letters, digits and inner hyphens, 1–63 characters (host already lower-cased). */
const DNS_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
/** Azure OpenAI's host names: one resource label, then one of Azure's two domains. */
const AZURE_HOST = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.(openai|cognitiveservices)\.azure\.com$/;
/** Hosts that look like Azure: the labels `azure.com` (`.us`, `.cn`) anywhere, or `openai.azure` / `cognitiveservices.azure`. */
const AZURE_LOOKING = /(^|\.)azure\.(com|us|cn)(\.|$)|(^|\.)(openai|cognitiveservices)\.azure(\.|$)/;
/** An IPv4 address in any of the forms URL parsers accept (`127.0.0.1`, `2130706433`, `0x7f.1`). */
const IPV4_LIKE = /^(0x[0-9a-f]*|\d+)(\.(0x[0-9a-f]*|\d+)){0,3}$/;
const API_VERSION = /^\d{4}-\d{2}-\d{2}(-preview)?$/;

/** Reads the endpoint config (blank: OpenAI) and, for Azure, the API-version config. */
export function readEndpoint(endpointConfig: string, apiVersionConfig: string): Endpoint {
  const raw = readText(endpointConfig);
  if (raw === '') return { provider: 'openai', baseUrl: OPENAI_BASE_URL };
  if (raw.length > ENDPOINT_LIMIT) {
    throw new ConfigError(endpointConfig, `the endpoint has ${raw.length} characters; an endpoint has at most ${ENDPOINT_LIMIT} (leave it blank for OpenAI)`);
  }
  const match = HTTPS_URL.exec(raw);
  if (!match) {
    throw new ConfigError(
      endpointConfig,
      `${quote(raw)} is not an https URL without query; leave it blank for OpenAI, or set an Azure OpenAI endpoint like ${AZURE_EXAMPLE}`,
    );
  }
  const host = checkHost(endpointConfig, raw, (match[1] ?? '').toLowerCase());
  const port = checkPort(endpointConfig, raw, match[2]);
  const path = checkPath(endpointConfig, raw, match[3] ?? '');
  if (AZURE_HOST.test(host)) {
    if (path !== '' && path !== '/openai') {
      throw new ConfigError(endpointConfig, `an Azure OpenAI endpoint is the resource's address without a path, like ${AZURE_EXAMPLE}; got ${quote(raw)}`);
    }
    return { provider: 'azure', baseUrl: `https://${host}${port}`, apiVersion: readApiVersion(apiVersionConfig) };
  }
  if (AZURE_LOOKING.test(host)) {
    throw new ConfigError(
      endpointConfig,
      `${quote(raw)} looks like Azure but is not an Azure OpenAI endpoint; set https://<resource>.openai.azure.com or https://<resource>.cognitiveservices.azure.com (the key is not sent elsewhere as if to a gateway)`,
    );
  }
  // OpenAI itself, or a gateway that speaks OpenAI's API under its own base URL.
  const basePath = host === 'api.openai.com' && path === '' ? '/v1' : path;
  return { provider: 'openai', baseUrl: `https://${host}${port}${basePath}` };
}

/** The host (lower-cased) when it is a public DNS name: labels, a top-level domain, not an address. */
function checkHost(configName: string, raw: string, host: string): string {
  const refuse = (problem: string): never => {
    throw new ConfigError(configName, `${quote(raw)} ${problem}; set the https address of the API, like ${AZURE_EXAMPLE} or https://gateway.example.com/v1`);
  };
  if (host === '') refuse('has no host name');
  if (host.charAt(0) === '[' || IPV4_LIKE.test(host)) refuse('is an IP address, not a host name');
  const labels = host.split('.');
  if (labels.length > 1 && labels[labels.length - 1] === '' && labels.slice(0, -1).every((label) => label !== '')) {
    refuse('has a host name ending in a dot; remove the dot');
  }
  if (labels.some((label) => label === '')) refuse('has a host name with an empty label (".." or a dot at the start)');
  const bad = labels.find((label) => !DNS_LABEL.test(label));
  if (bad !== undefined) refuse(`has the host-name label ${quote(bad)}; a label has 1 to 63 letters, digits or inner hyphens`);
  if (host.length > 253) refuse('has a host name longer than 253 characters');
  if (host === 'localhost' || /\.localhost$/.test(host)) refuse('points to the server itself (localhost)');
  if (labels.length < 2) refuse('has no domain in its host name (like example.com)');
  if (!/^[a-z]/.test(labels[labels.length - 1] ?? '')) refuse('has a host name whose last label is not a top-level domain');
  return host;
}

/** `:port` when the endpoint names one (1–65535), else ''. */
function checkPort(configName: string, raw: string, digits: string | undefined): string {
  if (digits === undefined) return '';
  const port = digits === '' ? 0 : Number(digits);
  if (!(port >= 1 && port <= 65535)) {
    throw new ConfigError(configName, `${quote(raw)} has the port ${quote(digits)}; a port is a number from 1 to 65535 (or leave it out)`);
  }
  return `:${port}`;
}

/** The path without one trailing slash; no empty, `.` or `..` segment (`//`, `/./`, `/../`). */
function checkPath(configName: string, raw: string, path: string): string {
  const trimmed = path.replace(/\/$/, '');
  const segments = trimmed.split('/').slice(1);
  if (segments.some((segment) => segment === '' || segment === '.' || segment === '..')) {
    throw new ConfigError(configName, `${quote(raw)} has an empty, "." or ".." path segment; write the path plainly, like https://gateway.example.com/openai/v1`);
  }
  return trimmed;
}

function readApiVersion(configName: string): string {
  const value = readText(configName);
  if (value === '') return AZURE_DEFAULT_API_VERSION;
  if (!API_VERSION.test(value)) {
    throw new ConfigError(configName, `${quote(value)} is not an Azure OpenAI API version; use a date like ${AZURE_DEFAULT_API_VERSION} or 2025-04-01-preview, or leave it blank`);
  }
  return value;
}

/**
 * The URL of `path` (like `/fine_tuning/jobs/ftjob-1/cancel` or `/files`) on `endpoint`: below
 * the base URL for OpenAI and gateways, below `/openai` with `api-version` for Azure OpenAI.
 */
export function apiUrl(endpoint: Endpoint, path: string): string {
  if (endpoint.provider === 'azure') return `${endpoint.baseUrl}/openai${path}?api-version=${endpoint.apiVersion}`;
  return `${endpoint.baseUrl}${path}`;
}

/** The provider's name in messages. */
export function providerName(endpoint: Endpoint): string {
  return endpoint.provider === 'azure' ? 'Azure OpenAI' : 'OpenAI API';
}
