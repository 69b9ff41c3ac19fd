import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { inputDepthExceeds, MAX_INPUT_DEPTH } from '../gateway/limits/inputDepth';
import type { JsonSchema } from './inputSchema';

export type ArgumentCheck = (args: unknown) => { ok: true; args: Record<string, unknown> } | { ok: false; problems: string[] };

const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);

/**
 * Checks a call's arguments against the tool's own input schema before anything is sent, and says what is
 * wrong in terms of the arguments. A null means "not given" (models often send null for optional
 * arguments), so nulls are dropped from objects first.
 */
export function compileArgumentCheck(schema: JsonSchema): ArgumentCheck {
  const validate: ValidateFunction = ajv.compile(schema);
  return (given) => {
    // Before anything recursive (withoutNulls, Ajv) walks them: 200,000 nested lists overflowed the stack.
    if (inputDepthExceeds(given)) return { ok: false, problems: [`the arguments nest deeper than ${MAX_INPUT_DEPTH} levels`] };
    const args = withoutNulls(given ?? {});
    if (validate(args)) return { ok: true, args: args as Record<string, unknown> };
    const problems = [...new Set((validate.errors ?? []).map((error) => explain(error, schema)))];
    return { ok: false, problems };
  };
}

function explain(error: ErrorObject, schema: JsonSchema): string {
  const path = error.instancePath.split('/').slice(1).map(decodeURIComponent);
  const where = path.length > 0 ? `argument \`${path.join('.')}\`` : 'the arguments';
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return path.length > 0
        ? `\`${[...path, params.missingProperty].join('.')}\` is required`
        : `missing required argument \`${params.missingProperty}\``;
    case 'additionalProperties': {
      const unknown = [...path, params.additionalProperty].join('.');
      const known = Object.keys(propertiesAt(schema, path));
      return `unknown argument \`${unknown}\`; expected one of: ${known.join(', ') || 'none'}`;
    }
    case 'enum':
      return `${where} must be one of ${(params.allowedValues as string[]).join(', ')}`;
    case 'type':
      return `${where} must be ${article(String(params.type))}`;
    case 'format':
      return `${where} must be ${params.format === 'date-time' ? 'an ISO-8601 date-time, e.g. 2026-06-01T10:00:00Z' : params.format === 'date' ? 'an ISO-8601 date, e.g. 2026-06-01' : `a ${params.format}`}`;
    case 'minProperties':
    case 'maxProperties':
      return path.length === 0 && schema.maxProperties === 1
        ? `give exactly one of: ${Object.keys(schema.properties ?? {}).join(', ')}`
        : `${where} ${error.message}`;
    default:
      return `${where} ${error.message}`;
  }
}

function propertiesAt(schema: JsonSchema, path: string[]): Record<string, JsonSchema> {
  let at: JsonSchema | undefined = schema;
  for (const key of path) at = at?.properties?.[key] ?? at?.items;
  return at?.properties ?? {};
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>)
      .filter(([, field]) => field !== null && field !== undefined)
      .map(([key, field]) => [key, withoutNulls(field)]),
  );
}
