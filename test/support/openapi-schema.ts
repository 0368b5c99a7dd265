/**
 * OpenAI's contract in the tests: the schema fixtures (copied from OpenAI's OpenAPI description,
 * test/fixtures/) compiled with ajv into strict validators.
 */
import { readFileSync } from 'node:fs';
import AjvModule, { type ValidateFunction } from 'ajv';

// ajv is CommonJS: under NodeNext its default export is the module object.
const Ajv = AjvModule.default;

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Keywords whose value is a map from names to schemas, not a schema. */
const SCHEMA_MAPS = new Set(['properties', '$defs', 'definitions', 'patternProperties']);
/** Keywords whose value is data, not a schema. */
const DATA_KEYWORDS = new Set(['enum', 'const', 'default', 'example', 'examples', 'required', 'x-source']);

/**
 * The fixture's OpenAPI 3.0 dialect as plain JSON Schema (draft-07), made strict:
 * `nullable: true` → `null` allowed; `minimum` + `exclusiveMinimum: true` → `exclusiveMinimum`;
 * `x-…` and `example` dropped; every object schema that lists `properties` gets
 * `additionalProperties: false`, so a value may hold only the properties the contract defines.
 */
export function toStrictJsonSchema(node: Json): Json {
  if (Array.isArray(node)) return node.map(toStrictJsonSchema);
  if (!isObject(node)) return node;
  const schema: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    if (key.startsWith('x-') || key === 'example' || key === 'nullable') continue;
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

function allowNull(schema: JsonObject): JsonObject {
  const type = schema['type'];
  if (typeof type === 'string') {
    const enumValues = schema['enum'];
    return { ...schema, type: [type, 'null'], ...(Array.isArray(enumValues) ? { enum: [...enumValues, null] } : {}) };
  }
  return { anyOf: [schema, { type: 'null' }] };
}

/** A strict validator for the schema fixture `file` (test/fixtures/…). */
export function compileContract(file: string): ValidateFunction {
  const fixture = JSON.parse(readFileSync(file, 'utf8')) as Json;
  // strict: false because descriptions of the original carry keywords draft-07 does not know
  // (`deprecated`, `min_items`, `format: binary`); they describe, they do not constrain.
  const ajv = new Ajv({ strict: false, allErrors: true, formats: { uri: true, binary: true, int64: true, unixtime: true } });
  return ajv.compile(toStrictJsonSchema(fixture) as object);
}
