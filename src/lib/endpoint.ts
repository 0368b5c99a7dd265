/**
 * Where requests go: OpenAI (the default), an OpenAI-compatible gateway, or an Azure OpenAI
 * resource, which has other paths, an `api-version` query and an `api-key` header.
 */
import { ConfigError } from './errors';
import { quote, readText } from './configs';

export const OPENAI_BASE_URL = 'https://api.openai.com/v1';
/** The Azure OpenAI GA API version used when the API-version config is blank. */
export const AZURE_DEFAULT_API_VERSION = '2024-10-21';

export type Endpoint =
  | { provider: 'openai'; baseUrl: string }
  | { provider: 'azure'; baseUrl: string; apiVersion: string };

/** Host names of Azure OpenAI resources. */
const AZURE_HOST = /\.(openai\.azure\.com|cognitiveservices\.azure\.com)$/;
/** https, a host, an optional port and a plain path: nothing that could carry a query or credentials. */
const HTTPS_URL = /^https:\/\/([A-Za-z0-9.-]+)(:\d{1,5})?(\/[A-Za-z0-9._~\/-]*)?$/;
const API_VERSION = /^\d{4}-\d{2}-\d{2}(-preview)?$/;

/** Reads the endpoint config (blank: OpenAI) and, for Azure, the API-version config. */
export function readEndpoint(endpointConfig: string, apiVersionConfig: string): Endpoint {
  const raw = readText(endpointConfig);
  if (raw === '') return { provider: 'openai', baseUrl: OPENAI_BASE_URL };
  const match = HTTPS_URL.exec(raw);
  if (!match) {
    throw new ConfigError(
      endpointConfig,
      `${quote(raw)} is not an https URL without query; leave it blank for OpenAI, or set an Azure OpenAI endpoint like https://my-resource.openai.azure.com`,
    );
  }
  const host = (match[1] ?? '').toLowerCase();
  const port = match[2] ?? '';
  const path = (match[3] ?? '').replace(/\/+$/, '');
  if (AZURE_HOST.test(host)) {
    if (path !== '' && path !== '/openai') {
      throw new ConfigError(endpointConfig, `an Azure OpenAI endpoint is the resource's address without a path, like https://my-resource.openai.azure.com; got ${quote(raw)}`);
    }
    return { provider: 'azure', baseUrl: `https://${host}${port}`, apiVersion: readApiVersion(apiVersionConfig) };
  }
  // OpenAI itself, or a gateway that speaks OpenAI's API under its own base URL.
  const basePath = host === 'api.openai.com' && path === '' ? '/v1' : path;
  return { provider: 'openai', baseUrl: `https://${host}${port}${basePath}` };
}

function readApiVersion(configName: string): string {
  const value = readText(configName);
  if (value === '') return AZURE_DEFAULT_API_VERSION;
  if (!API_VERSION.test(value)) {
    throw new ConfigError(configName, `${quote(value)} is not an Azure OpenAI API version; use a date like ${AZURE_DEFAULT_API_VERSION} or 2025-04-01-preview, or leave it blank`);
  }
  return value;
}

/** The URL of the fine-tuning jobs collection, or of `path` below it (e.g. `/ftjob-1/cancel`). */
export function jobsUrl(endpoint: Endpoint, path: string): string {
  if (endpoint.provider === 'azure') {
    return `${endpoint.baseUrl}/openai/fine_tuning/jobs${path}?api-version=${endpoint.apiVersion}`;
  }
  return `${endpoint.baseUrl}/fine_tuning/jobs${path}`;
}

/** The URL of the files collection (`POST` uploads a file). */
export function filesUrl(endpoint: Endpoint): string {
  if (endpoint.provider === 'azure') return `${endpoint.baseUrl}/openai/files?api-version=${endpoint.apiVersion}`;
  return `${endpoint.baseUrl}/files`;
}

/** The provider's name in messages. */
export function providerName(endpoint: Endpoint): string {
  return endpoint.provider === 'azure' ? 'Azure OpenAI' : 'OpenAI API';
}
