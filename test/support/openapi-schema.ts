/**
 * OpenAI's response schemas (test/fixtures/openai-fine-tuning-responses.schema.json, copied from
 * OpenAI's OpenAPI description) as strict JSON Schema validators, to check that every answer of
 * the embedded server is what OpenAI's contract says it is, with no property it does not define.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import AjvModule, { type ValidateFunction } from 'ajv';

// ajv is CommonJS: under NodeNext its default export is the module object.
const Ajv = AjvModule.default;

const FIXTURE = join(import.meta.dirname, '..', 'fixtures', 'openai-fine-tuning-responses.schema.json');

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Keywords whose value maps names to schemas. */
const SCHEMA_MAPS = new Set(['properties', '$defs', 'patternProperties']);
/** Keywords whose value is data, not a schema. */
const DATA_KEYWORDS = new Set(['enum', 'const', 'default', 'example', 'examples', 'required', 'x-source']);

/**
 * OpenAPI's dialect as JSON Schema: `minimum` + `exclusiveMinimum: true` → `exclusiveMinimum`;
 * `x-…`, `example`, `deprecated` dropped; every object schema that lists `properties` gets
 * `additionalProperties: false`, so an answer may hold only what the contract defines.
 */
function toStrictJsonSchema(node: Json): Json {
  if (Array.isArray(node)) return node.map(toStrictJsonSchema);
  if (!isObject(node)) return node;
  const schema: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    if (key.startsWith('x-') || key === 'example' || key === 'deprecated' || key === '$comment' || key === 'nullable') continue;
    if (SCHEMA_MAPS.has(key) && isObject(value)) {
      schema[key] = Object.fromEntries(Object.entries(value).map(([name, sub]) => [name, toStrictJsonSchema(sub)]));
    } else {
      schema[key] = DATA_KEYWORDS.has(key) ? value : toStrictJsonSchema(value);
    }
  }
  for (const bound of ['Minimum', 'Maximum'] as const) {
    if (schema[`exclusive${bound}`] === true) {
      schema[`exclusive${bound}`] = schema[bound.toLowerCase()] ?? null;
      delete schema[bound.toLowerCase()];
    } else if (schema[`exclusive${bound}`] === false) {
      delete schema[`exclusive${bound}`];
    }
  }
  if ('properties' in schema && !('additionalProperties' in schema)) schema['additionalProperties'] = false;
  return node['nullable'] === true ? allowNull(schema) : schema;
}

/** OpenAPI's `nullable: true`: the schema, or null. */
function allowNull(schema: JsonObject): JsonObject {
  const type = schema['type'];
  if (typeof type === 'string') {
    const enumValues = schema['enum'];
    return { ...schema, type: [type, 'null'], ...(Array.isArray(enumValues) ? { enum: [...enumValues, null] } : {}) };
  }
  return { anyOf: [schema, { type: 'null' }] };
}

function definitions(): JsonObject {
  const fixture = JSON.parse(readFileSync(FIXTURE, 'utf8')) as JsonObject;
  return toStrictJsonSchema(fixture['$defs'] as Json) as JsonObject;
}

/**
 * Where the server answers what the schema cannot say, it follows OpenAI's answers:
 * - an empty page of `GET /files` has `first_id` and `last_id` null (the schema types them string);
 * - Azure OpenAI jobs show `pending` (and `created`) before they run (Azure's FineTuningState).
 */
function adjust(defs: JsonObject, provider: 'openai' | 'azure'): JsonObject {
  const list = defs['ListFilesResponse'] as JsonObject;
  const listProperties = list['properties'] as JsonObject;
  for (const key of ['first_id', 'last_id']) listProperties[key] = { type: ['string', 'null'] };
  if (provider === 'azure') {
    const job = defs['FineTuningJob'] as JsonObject;
    const status = (job['properties'] as JsonObject)['status'] as JsonObject;
    status['enum'] = [...(status['enum'] as string[]), 'pending', 'created'];
  }
  return defs;
}

export type SchemaName =
  | 'OpenAIFile'
  | 'DeleteFileResponse'
  | 'ListFilesResponse'
  | 'FineTuningJob'
  | 'FineTuningJobEvent'
  | 'ListFineTuningJobEventsResponse'
  | 'ListPaginatedFineTuningJobsResponse'
  | 'FineTuningJobCheckpoint'
  | 'ListFineTuningJobCheckpointsResponse';

export interface ResponseSchemas {
  /** The schema problems of `value` as an answer of type `name` (empty when it validates). */
  problems(name: SchemaName, value: unknown): string[];
}

export function responseSchemas(provider: 'openai' | 'azure'): ResponseSchemas {
  const ajv = new Ajv({ strict: false, allErrors: true, formats: { unixtime: true, uri: true } });
  ajv.addSchema({ $id: 'openai', $defs: adjust(definitions(), provider) } as object);
  const cache = new Map<SchemaName, ValidateFunction>();
  return {
    problems(name, value) {
      let validate = cache.get(name);
      if (validate === undefined) {
        validate = ajv.compile({ $ref: `openai#/$defs/${name}` });
        cache.set(name, validate);
      }
      if (validate(value)) return [];
      return (validate.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message ?? ''} ${JSON.stringify(error.params)}`);
    },
  };
}

/**
 * A strict validator for a request-schema fixture (`file`, relative to the package root: a
 * schema with its `$ref` and `$defs`, like test/fixtures/openai-create-file-request.schema.json),
 * for the contract tests of the steps' requests.
 */
export function compileContract(file: string): ValidateFunction {
  const fixture = JSON.parse(readFileSync(file, 'utf8')) as Json;
  // strict: false because descriptions of the original carry keywords draft-07 does not know
  // (`min_items`, `format: binary`); they describe, they do not constrain.
  const ajv = new Ajv({ strict: false, allErrors: true, formats: { uri: true, binary: true, int64: true, unixtime: true } });
  return ajv.compile(toStrictJsonSchema(fixture) as object);
}
