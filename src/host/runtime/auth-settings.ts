/**
 * "HTTP authorization settings" (Java `AuthSettingWrapper`): what an `OAUTH2` config gives a
 * script, and the test API that makes them. Every secret of a setting (token, client secret,
 * password, private key, custom secrets) is reported to the runner, which checks that none of
 * them leaks into a log line, a data item or an error message.
 */
import { base64Encode, bytesOfText } from './bytes';
import { requireString } from './java-checks';
import { state } from './state';

export type AuthType = 'TOKEN' | 'OAUTH2' | 'OAUTH2_CLIENT_CREDENTIALS' | 'OAUTH2_JWT_BEARER' | 'BASIC';

interface AuthFields {
  authorizationEndpoint?: string;
  tokenEndpoint?: string;
  scope?: string;
  clientId?: string;
  clientSecret?: string;
  token?: string;
  username?: string;
  password?: string;
  privateKeyId?: string;
  privateKey?: string;
  customSecret1?: string;
  customSecret2?: string;
}

/** A setting of one of the five types; the getters a type has no value for give `''`, as on the server. */
export class AuthSetting {
  private readonly name: string;
  private readonly type: AuthType;
  private readonly fields: AuthFields;

  /** @internal Use the httpClient.createAuthSetting… functions. */
  constructor(name: string, type: AuthType, fields: AuthFields) {
    this.name = name;
    this.type = type;
    this.fields = fields;
  }

  getName(): string {
    return this.name;
  }

  /** The token of a TOKEN setting; the access token of an OAuth2 one. */
  getToken(): string {
    return this.fields.token ?? '';
  }

  getAuthorizationEndpoint(): string {
    return this.fields.authorizationEndpoint ?? '';
  }

  getTokenEndpoint(): string {
    return this.fields.tokenEndpoint ?? '';
  }

  getScope(): string {
    return this.fields.scope ?? '';
  }

  getClientId(): string {
    return this.fields.clientId ?? '';
  }

  getClientSecret(): string {
    return this.fields.clientSecret ?? '';
  }

  /** Old names of the client ID and secret (OAuth 1-style "consumer"). */
  getConsumerKey(): string {
    return this.getClientId();
  }

  getConsumerSecret(): string {
    return this.getClientSecret();
  }

  getUsername(): string {
    return this.fields.username ?? '';
  }

  getPassword(): string {
    return this.fields.password ?? '';
  }

  getPrivateKeyId(): string {
    return this.fields.privateKeyId ?? '';
  }

  getPrivateKey(): string {
    return this.fields.privateKey ?? '';
  }

  getCustomSecret1(): string {
    return this.fields.customSecret1 ?? '';
  }

  getCustomSecret2(): string {
    return this.fields.customSecret2 ?? '';
  }

  toString(): string {
    return this.name;
  }

  /** @internal The setting's type. */
  authType(): AuthType {
    return this.type;
  }

  /** @internal The `Authorization` header `request.authSetting(this)` adds, or null (JWT bearer: the script gets the token). */
  authorizationHeader(): string | null {
    switch (this.type) {
      case 'BASIC':
        return `Basic ${base64Encode(bytesOfText(`${this.getUsername()}:${this.getPassword()}`), false)}`;
      case 'OAUTH2_JWT_BEARER':
        return null;
      default:
        return `Bearer ${this.getToken()}`;
    }
  }

  /** @internal Every secret value of the setting. */
  secrets(): string[] {
    const { token, clientSecret, password, privateKey, customSecret1, customSecret2 } = this.fields;
    return [token, clientSecret, password, privateKey, customSecret1, customSecret2].filter((value): value is string => typeof value === 'string' && value !== '');
  }
}

export function isAuthSetting(value: unknown): value is AuthSetting {
  return value instanceof AuthSetting;
}

function register(setting: AuthSetting): AuthSetting {
  state.authSettings.push(setting);
  return setting;
}

/** Java `String` parameters: text, or null (GraalJS passes `undefined` as null too). */
function text(value: unknown, method: string, parameter: string): string {
  if (value === null || value === undefined) return '';
  return requireString(value, method, parameter);
}

export const authSettingFactories = {
  createAuthSettingToken(name: string, token: string): AuthSetting {
    const method = 'httpClient.createAuthSettingToken';
    return register(new AuthSetting(requireString(name, method, 'name'), 'TOKEN', { token: text(token, method, 'token') }));
  },
  createAuthSettingBasic(name: string, username: string, password: string): AuthSetting {
    const method = 'httpClient.createAuthSettingBasic';
    return register(
      new AuthSetting(requireString(name, method, 'name'), 'BASIC', {
        username: text(username, method, 'username'),
        password: text(password, method, 'password'),
      }),
    );
  },
  createAuthSettingOAuth2(
    name: string,
    authorizationEndpoint: string,
    tokenEndpoint: string,
    scope: string,
    clientId: string,
    clientSecret: string,
    accessToken: string,
  ): AuthSetting {
    const method = 'httpClient.createAuthSettingOAuth2';
    return register(
      new AuthSetting(requireString(name, method, 'name'), 'OAUTH2', {
        authorizationEndpoint: text(authorizationEndpoint, method, 'authorizationEndpoint'),
        tokenEndpoint: text(tokenEndpoint, method, 'tokenEndpoint'),
        scope: text(scope, method, 'scope'),
        clientId: text(clientId, method, 'clientId'),
        clientSecret: text(clientSecret, method, 'clientSecret'),
        token: text(accessToken, method, 'accessToken'),
      }),
    );
  },
  createAuthSettingOAuth2ClientCredentials(
    name: string,
    tokenEndpoint: string,
    scope: string,
    clientId: string,
    clientSecret: string,
    accessToken: string,
  ): AuthSetting {
    const method = 'httpClient.createAuthSettingOAuth2ClientCredentials';
    return register(
      new AuthSetting(requireString(name, method, 'name'), 'OAUTH2_CLIENT_CREDENTIALS', {
        tokenEndpoint: text(tokenEndpoint, method, 'tokenEndpoint'),
        scope: text(scope, method, 'scope'),
        clientId: text(clientId, method, 'clientId'),
        clientSecret: text(clientSecret, method, 'clientSecret'),
        token: text(accessToken, method, 'accessToken'),
      }),
    );
  },
  /** The script itself signs a JWT with the private key and trades it for a token (`request.oauth2JwtBearer`). */
  createAuthSettingOAuth2JwtBearer(
    name: string,
    scope: string,
    clientId: string,
    clientSecret: string,
    privateKeyId: string,
    privateKey: string,
    customSecret1: string,
    customSecret2: string,
  ): AuthSetting {
    const method = 'httpClient.createAuthSettingOAuth2JwtBearer';
    return register(
      new AuthSetting(requireString(name, method, 'name'), 'OAUTH2_JWT_BEARER', {
        scope: text(scope, method, 'scope'),
        clientId: text(clientId, method, 'clientId'),
        clientSecret: text(clientSecret, method, 'clientSecret'),
        privateKeyId: text(privateKeyId, method, 'privateKeyId'),
        privateKey: text(privateKey, method, 'privateKey'),
        customSecret1: text(customSecret1, method, 'customSecret1'),
        customSecret2: text(customSecret2, method, 'customSecret2'),
      }),
    );
  },
};

/** The setting `request.authSetting(x)` means: the setting itself, or the one of that name. */
export function findAuthSetting(value: unknown, method: string): AuthSetting {
  if (isAuthSetting(value)) return value;
  if (typeof value === 'string') {
    const found = state.authSettings.find((setting) => setting.getName() === value);
    if (!found) throw new Error(`${method}: no HTTP authorization setting named '${value}'`);
    return found;
  }
  throw new TypeError(`${method}: the argument is not an HTTP authorization setting`);
}
