/**
 * The configs every FtJob step shares (U1–U5): API key, organization, project, endpoint and
 * Azure API version, read and checked into one Connection.
 */
import { readAuthSetting, readText, requireToken } from './configs';
import { readEndpoint } from './endpoint';
import { ConfigError } from './errors';
import type { Connection } from './openai-request';

/** The config names of the shared part, fixed across all FtJob steps. */
export const CONNECTION_CONFIGS = {
  auth: 'AuthzConfU1',
  organization: 'StrConfU2',
  project: 'StrConfU3',
  endpoint: 'StrConfU4',
  apiVersion: 'StrConfU5',
} as const;

function readPrefixedId(configName: string, what: string, prefix: string): string {
  const value = readText(configName);
  if (value === '') return '';
  requireToken(configName, value, what, `${prefix}abc123`);
  if (value.indexOf(prefix) !== 0) {
    throw new ConfigError(configName, `${what} must start with "${prefix}" (like ${prefix}abc123), or be left blank`);
  }
  return value;
}

export function readConnection(): Connection {
  const auth = readAuthSetting(CONNECTION_CONFIGS.auth);
  const organization = readPrefixedId(CONNECTION_CONFIGS.organization, 'the OpenAI Organization ID', 'org-');
  const project = readPrefixedId(CONNECTION_CONFIGS.project, 'the OpenAI Project ID', 'proj_');
  const endpoint = readEndpoint(CONNECTION_CONFIGS.endpoint, CONNECTION_CONFIGS.apiVersion);
  return { auth, organization, project, endpoint };
}

/** Log lines describing the connection: never the key, only the setting's name. */
export function logConnection(connection: Connection): void {
  engine.log(`U1: HTTP authorization setting: ${connection.auth.getName()}`);
  if (connection.endpoint.provider === 'azure') {
    engine.log(`U4: Azure OpenAI endpoint: ${connection.endpoint.baseUrl} (api-version ${connection.endpoint.apiVersion})`);
    if (connection.organization !== '' || connection.project !== '') {
      engine.log('U2/U3: not sent: Azure OpenAI has no organization or project headers');
    }
    return;
  }
  engine.log(`U4: endpoint: ${connection.endpoint.baseUrl}`);
  if (connection.organization !== '') engine.log(`U2: OpenAI-Organization: ${connection.organization}`);
  if (connection.project !== '') engine.log(`U3: OpenAI-Project: ${connection.project}`);
}
