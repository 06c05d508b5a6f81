import fastJson from 'fast-json-stringify';
import type { FastifySerializerCompiler } from 'fastify/types/schema.js';
import { z } from 'zod';

type JsonSchema = { [keyword: string]: unknown };

/** Keywords that only validate: writing a value needs none of them. */
const VALIDATION_ONLY = new Set(['$schema', 'pattern', 'format', 'minLength', 'maxLength', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'minItems', 'maxItems']);

/**
 * `schema` with only what writing needs, and zod's `X | null` (`anyOf: [X, {type: "null"}]`) as
 * `type: [X's type, "null"]`: fast-json-stringify chooses an anyOf branch by validating the value
 * against each (for a date-time, zod's long pattern) on every response.
 */
function forWriting(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(forWriting);
  if (schema === null || typeof schema !== 'object') return schema;
  const simplified: JsonSchema = {};
  for (const [keyword, value] of Object.entries(schema)) {
    if (VALIDATION_ONLY.has(keyword)) continue;
    // Property names and enum/const values are data, not schemas.
    simplified[keyword] = keyword === 'enum' || keyword === 'const' ? value : forWriting(value);
  }
  const branches = simplified.anyOf;
  if (Array.isArray(branches) && branches.length === 2 && Object.keys(simplified).length === 1) {
    const [value, nil] = branches as JsonSchema[];
    if (nil?.type === 'null' && Object.keys(nil).length === 1 && typeof value?.type === 'string' && !('anyOf' in value)) return { ...value, type: [value.type, 'null'] };
  }
  return simplified;
}

/** Each schema's writer: every route declares the same error schema for several statuses. */
const compiled = new WeakMap<z.ZodType, (value: unknown) => string>();

/**
 * Responses are written by fast-json-stringify, compiled once per route and status from the
 * route's zod schema as JSON Schema (its output side, as the OpenAPI document shows it). Only the
 * declared fields are written, and a missing required field is a 500, as with zod; the values
 * are not validated on the way out: the presenters (present.ts) are typed from the same schemas,
 * so the compiler checks them instead. zod's serializer validated every response before writing
 * it, about a fifth of a `GET /manage/tokens/verify` (most of it the date-time patterns).
 */
export const serializerCompiler: FastifySerializerCompiler<z.ZodType> = ({ schema }) => {
  let write = compiled.get(schema);
  if (!write) {
    write = fastJson(forWriting(z.toJSONSchema(schema, { io: 'output', target: 'draft-7', unrepresentable: 'any' })) as Parameters<typeof fastJson>[0]);
    compiled.set(schema, write);
  }
  return write;
};
