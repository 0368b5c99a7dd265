/**
 * The configs every FtJob step shares (U1–U5): API key, organization, project, endpoint and
 * Azure API version, read and checked into one Connection. readConnection comes first in every
 * step: it arms the secrets gate before any other config is read or quoted.
 */
import { readApiKey, readText, requireToken } from './configs';
import { readEndpoint } from './endpoint';
import { ConfigError } from './errors';
import { processLog } from './log';
import type { Connection } from './openai-request';

/** The config names of the shared part, fixed across all FtJob steps. */
export const CONNECTION_CONFIGS = {
  auth: 'AuthzConfU1',
  organization: 'StrConfU2',
  project: 'StrConfU3',
  endpoint: 'StrConfU4',
  apiVersion: 'StrConfU5',
} as const;

/** The longest organization or project ID accepted (OpenAI's have under 30 characters). */
export const ID_LIMIT = 64;

function readPrefixedId(configName: string, what: string, prefix: string): string {
  const value = readText(configName);
  if (value === '') return '';
  if (value.length > ID_LIMIT) {
    throw new ConfigError(configName, `${what} has ${value.length} characters; an ID like ${prefix}abc123 has at most ${ID_LIMIT}, or leave it blank`);
  }
  requireToken(configName, value, what, `${prefix}abc123`);
  if (value.indexOf(prefix) !== 0) {
    throw new ConfigError(configName, `${what} must start with "${prefix}" (like ${prefix}abc123), or be left blank`);
  }
  return value;
}

export function readConnection(): Connection {
  const key = readApiKey(CONNECTION_CONFIGS.auth);
  const organization = readPrefixedId(CONNECTION_CONFIGS.organization, 'the OpenAI Organization ID', 'org-');
  const project = readPrefixedId(CONNECTION_CONFIGS.project, 'the OpenAI Project ID', 'proj_');
  const endpoint = readEndpoint(CONNECTION_CONFIGS.endpoint, CONNECTION_CONFIGS.apiVersion);
  return { auth: key.setting, token: key.token, organization, project, endpoint };
}

/** Log lines describing the connection: never the key, only the setting's name. */
export function logConnection(connection: Connection): void {
  processLog(`U1: HTTP authorization setting: ${connection.auth.getName()}`);
  if (connection.endpoint.provider === 'azure') {
    processLog(`U4: Azure OpenAI endpoint: ${connection.endpoint.baseUrl} (api-version ${connection.endpoint.apiVersion})`);
    if (connection.organization !== '' || connection.project !== '') {
      processLog('U2/U3: not sent: Azure OpenAI has no organization or project headers');
    }
    return;
  }
  processLog(`U4: endpoint: ${connection.endpoint.baseUrl}`);
  if (connection.organization !== '') processLog(`U2: OpenAI-Organization: ${connection.organization}`);
  if (connection.project !== '') processLog(`U3: OpenAI-Project: ${connection.project}`);
}
