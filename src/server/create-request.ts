/**
 * The body of `POST /fine_tuning/jobs` (OpenAI's `CreateFineTuningJobRequest`), checked field by
 * field the way OpenAI's API refuses a body: the first problem answers 400 naming the field
 * (`param`) with OpenAI's wording and error codes (`missing_required_parameter`,
 * `unknown_parameter`, `invalid_type`, `integer_above_max_value`, …).
 */
import type { ErrorCatalog } from './errors.js';

export type Auto = 'auto';

export interface Hyperparameters {
  n_epochs: Auto | number;
  batch_size: Auto | number;
  learning_rate_multiplier: Auto | number;
  /** DPO only. */
  beta?: Auto | number;
}

export interface WandbIntegration {
  type: 'wandb';
  wandb: { project: string; name?: string | null; entity?: string | null; tags?: string[] };
}

/** A create request that passed every check; files and model are checked against the account next. */
export interface JobSpec {
  model: string;
  training_file: string;
  validation_file: string | null;
  suffix: string | null;
  seed: number | null;
  metadata: Record<string, string> | null;
  integrations: WandbIntegration[] | null;
  method: { type: 'supervised' | 'dpo'; hyperparameters: Hyperparameters };
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const TOP_LEVEL = ['model', 'training_file', 'validation_file', 'suffix', 'seed', 'metadata', 'integrations', 'method', 'hyperparameters'];
const SUPERVISED_KEYS = ['n_epochs', 'batch_size', 'learning_rate_multiplier'];
const DPO_KEYS = [...SUPERVISED_KEYS, 'beta'];
const MAX_METADATA = 16;

/** The JSON type name OpenAI's messages use. */
function typeName(value: Json | undefined): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'an integer' : 'a decimal';
  if (typeof value === 'object') return 'an object';
  return typeof value === 'string' ? 'a string' : 'a boolean';
}

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

class BodyChecker {
  constructor(private readonly errors: ErrorCatalog) {}

  fail(message: string, param: string | null, code: string | null): never {
    throw this.errors.invalidRequest(message, param, code);
  }

  wrongType(param: string, expected: string, value: Json | undefined): never {
    this.fail(`Invalid type for '${param}': expected ${expected}, but got ${typeName(value)} instead.`, param, 'invalid_type');
  }

  onlyKnownKeys(object: JsonObject, known: readonly string[], prefix: string): void {
    for (const key of Object.keys(object)) {
      if (!known.includes(key)) this.fail(`Unknown parameter: '${prefix}${key}'.`, `${prefix}${key}`, 'unknown_parameter');
    }
  }

  /** `object[key]`, a non-empty string; `prefix` places nested keys (`integrations[0].wandb.`). */
  requiredString(object: JsonObject, key: string, prefix = ''): string {
    const value = object[key];
    const param = `${prefix}${key}`;
    if (value === undefined || value === null) this.fail(`Missing required parameter: '${param}'.`, param, 'missing_required_parameter');
    if (typeof value !== 'string') this.wrongType(param, 'a string', value);
    if (value === '') this.fail(`Invalid '${param}': empty string. Expected a string with minimum length 1, but got an empty string instead.`, param, 'empty_string');
    return value;
  }

  optionalString(object: JsonObject, key: string, maxLength: number): string | null {
    const value = object[key];
    if (value === undefined || value === null) return null;
    if (typeof value !== 'string') this.wrongType(key, 'a string', value);
    if (value.length < 1) this.fail(`Invalid '${key}': string too short. Expected a string with minimum length 1, but got an empty string instead.`, key, 'string_below_min_length');
    if (value.length > maxLength) {
      this.fail(`Invalid '${key}': string too long. Expected a string with maximum length ${maxLength}, but got a string with length ${value.length} instead.`, key, 'string_above_max_length');
    }
    return value;
  }

  integerIn(param: string, value: Json | undefined, min: number, max: number): number {
    if (typeof value !== 'number' || !Number.isInteger(value)) this.wrongType(param, 'an integer', value);
    if (value < min) this.fail(`Invalid '${param}': integer below minimum value. Expected a value >= ${min}, but got ${value} instead.`, param, 'integer_below_min_value');
    if (value > max) this.fail(`Invalid '${param}': integer above maximum value. Expected a value <= ${max}, but got ${value} instead.`, param, 'integer_above_max_value');
    return value;
  }

  /** A number greater than 0 and, when `max` is given, at most `max`. */
  positiveNumber(param: string, value: Json | undefined, max?: number): number {
    if (typeof value !== 'number') this.wrongType(param, 'a number', value);
    if (!(value > 0)) this.fail(`Invalid '${param}': number below minimum value. Expected a value > 0, but got ${value} instead.`, param, 'decimal_below_min_value');
    if (max !== undefined && value > max) {
      this.fail(`Invalid '${param}': number above maximum value. Expected a value <= ${max}, but got ${value} instead.`, param, 'decimal_above_max_value');
    }
    return value;
  }

  autoOr<T>(param: string, value: Json | undefined, check: () => T): Auto | T {
    if (value === 'auto') return 'auto';
    if (typeof value === 'string') this.fail(`Invalid value: '${value}'. Supported values are: 'auto' or a number.`, param, 'invalid_value');
    return check();
  }

  hyperparameters(value: Json | undefined, prefix: string, withBeta: boolean): Hyperparameters {
    const given: JsonObject = value === undefined || value === null ? {} : isObject(value) ? value : this.wrongType(prefix, 'an object', value);
    this.onlyKnownKeys(given, withBeta ? DPO_KEYS : SUPERVISED_KEYS, `${prefix}.`);
    const at = (key: string): string => `${prefix}.${key}`;
    const result: Hyperparameters = {
      batch_size: given['batch_size'] === undefined ? 'auto' : this.autoOr(at('batch_size'), given['batch_size'], () => this.integerIn(at('batch_size'), given['batch_size'], 1, 256)),
      learning_rate_multiplier:
        given['learning_rate_multiplier'] === undefined
          ? 'auto'
          : this.autoOr(at('learning_rate_multiplier'), given['learning_rate_multiplier'], () => this.positiveNumber(at('learning_rate_multiplier'), given['learning_rate_multiplier'])),
      n_epochs: given['n_epochs'] === undefined ? 'auto' : this.autoOr(at('n_epochs'), given['n_epochs'], () => this.integerIn(at('n_epochs'), given['n_epochs'], 1, 50)),
    };
    if (withBeta) {
      result.beta = given['beta'] === undefined ? 'auto' : this.autoOr(at('beta'), given['beta'], () => this.positiveNumber(at('beta'), given['beta'], 2));
    }
    return result;
  }

  method(body: JsonObject): JobSpec['method'] {
    const method = body['method'];
    const legacy = body['hyperparameters'];
    if (method === undefined || method === null) {
      return { type: 'supervised', hyperparameters: this.hyperparameters(legacy, 'hyperparameters', false) };
    }
    if (legacy !== undefined && legacy !== null) {
      this.fail("Only one of 'hyperparameters' and 'method' may be set; 'hyperparameters' is deprecated in favour of 'method'.", 'hyperparameters', 'invalid_value');
    }
    if (!isObject(method)) this.wrongType('method', 'an object', method);
    this.onlyKnownKeys(method, ['type', 'supervised', 'dpo', 'reinforcement'], 'method.');
    const type = method['type'];
    if (type === undefined || type === null) this.fail("Missing required parameter: 'method.type'.", 'method.type', 'missing_required_parameter');
    if (typeof type !== 'string') this.wrongType('method.type', 'a string', type);
    if (type === 'reinforcement') {
      this.fail("This server does not run reinforcement fine-tuning jobs; use method type 'supervised' or 'dpo'.", 'method.type', 'unsupported_value');
    }
    if (type !== 'supervised' && type !== 'dpo') {
      this.fail(`Invalid value: '${type}'. Supported values are: 'supervised', 'dpo', and 'reinforcement'.`, 'method.type', 'invalid_value');
    }
    for (const other of ['supervised', 'dpo', 'reinforcement']) {
      if (other !== type && method[other] !== undefined && method[other] !== null) {
        this.fail(`Invalid 'method.${other}': it can only be set when 'method.type' is '${other}'.`, `method.${other}`, 'invalid_value');
      }
    }
    const settings = method[type];
    const given: JsonObject = settings === undefined || settings === null ? {} : isObject(settings) ? settings : this.wrongType(`method.${type}`, 'an object', settings);
    this.onlyKnownKeys(given, ['hyperparameters'], `method.${type}.`);
    return { type, hyperparameters: this.hyperparameters(given['hyperparameters'], `method.${type}.hyperparameters`, type === 'dpo') };
  }

  seed(body: JsonObject): number | null {
    const seed = body['seed'];
    return seed === undefined || seed === null ? null : this.integerIn('seed', seed, 0, 2147483647);
  }

  metadata(body: JsonObject): Record<string, string> | null {
    const metadata = body['metadata'];
    if (metadata === undefined || metadata === null) return null;
    if (!isObject(metadata)) this.wrongType('metadata', 'an object', metadata);
    const entries = Object.entries(metadata);
    if (entries.length > MAX_METADATA) {
      this.fail(
        `Invalid 'metadata': too many properties. Expected an object with at most ${MAX_METADATA} properties, but got an object with ${entries.length} properties instead.`,
        'metadata',
        'object_above_max_properties',
      );
    }
    const result: Record<string, string> = {};
    for (const [key, value] of entries) {
      if (key.length > 64) {
        this.fail(`Invalid 'metadata': string too long. Expected a key with maximum length 64, but got a key with length ${key.length} instead.`, 'metadata', 'string_above_max_length');
      }
      if (typeof value !== 'string') this.wrongType(`metadata.${key}`, 'a string', value);
      if (value.length > 512) {
        this.fail(`Invalid 'metadata.${key}': string too long. Expected a string with maximum length 512, but got a string with length ${value.length} instead.`, `metadata.${key}`, 'string_above_max_length');
      }
      result[key] = value;
    }
    return result;
  }

  integrations(body: JsonObject): WandbIntegration[] | null {
    const integrations = body['integrations'];
    if (integrations === undefined || integrations === null) return null;
    if (!Array.isArray(integrations)) this.wrongType('integrations', 'an array', integrations);
    if (integrations.length > 5) this.fail(`Invalid 'integrations': array too long. Expected an array with maximum length 5, but got an array with length ${integrations.length} instead.`, 'integrations', 'array_above_max_length');
    return integrations.map((item, index) => {
      const at = `integrations[${index}]`;
      if (!isObject(item)) this.wrongType(at, 'an object', item);
      this.onlyKnownKeys(item, ['type', 'wandb'], `${at}.`);
      if (item['type'] !== 'wandb') this.fail(`Invalid value: '${String(item['type'])}'. Supported values are: 'wandb'.`, `${at}.type`, 'invalid_value');
      const wandb = item['wandb'];
      if (!isObject(wandb)) this.wrongType(`${at}.wandb`, 'an object', wandb);
      this.onlyKnownKeys(wandb, ['project', 'name', 'entity', 'tags'], `${at}.wandb.`);
      const project = this.requiredString(wandb, 'project', `${at}.wandb.`);
      return { type: 'wandb', wandb: { ...(wandb as WandbIntegration['wandb']), project } };
    });
  }
}

/** Checks a parsed create body; throws the API's 400 for the first problem. */
export function parseCreateRequest(body: unknown, maxSuffixLength: number, errors: ErrorCatalog): JobSpec {
  // Typed explicitly so that its `never`-returning checks narrow `json` below.
  const checker: BodyChecker = new BodyChecker(errors);
  const json = body as Json;
  if (!isObject(json)) checker.fail(`Invalid type for body: expected an object, but got ${typeName(json)} instead.`, null, 'invalid_type');
  checker.onlyKnownKeys(json, TOP_LEVEL, '');
  return {
    model: checker.requiredString(json, 'model'),
    training_file: checker.requiredString(json, 'training_file'),
    validation_file: checker.optionalString(json, 'validation_file', 512),
    suffix: checker.optionalString(json, 'suffix', maxSuffixLength),
    seed: checker.seed(json),
    metadata: checker.metadata(json),
    integrations: checker.integrations(json),
    method: checker.method(json),
  };
}
