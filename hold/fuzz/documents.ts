import fc from 'fast-check';
import {
  getNamedType,
  isCompositeType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  type GraphQLArgument,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLSchema,
} from 'graphql';
import { STORY } from '../../demo/stories';

/** A draw from fast-check inside a case: every random choice goes through it, so a seed replays the case. */
export type Draw = fc.GeneratorValue;

/** An operation to send: the document, its variables and its operation name (any may be hostile). */
export interface GeneratedOperation {
  query: unknown;
  variables?: unknown;
  operationName?: unknown;
}

/** One item of a list, drawn by index: fast-check compares a draw's arguments, and schema objects are cyclic. */
export function pick<T>(g: Draw, items: readonly T[]): T {
  return items[g(fc.integer, { min: 0, max: items.length - 1 })];
}

/** Real identifiers of the demo world: valid documents then reach resolvers, entities and the database. */
const KNOWN_IDS: string[] = [
  STORY.alice.id, STORY.bob.id, STORY.alice.order, STORY.bob.deliveredOrder, STORY.bob.placedOrder, STORY.chris.case,
  STORY.dana.incident, STORY.dana.sku, STORY.partyLights.sku, STORY.alice.email, STORY.bob.phone, 'NTF-0000001',
];

/** Strings that have broken parsers, databases and loggers elsewhere. */
const NASTY_STRINGS = [
  '', ' ', '\u0000', '\uD800', '\uFFFF', '😀'.repeat(50), 'e\u0301', '\u202Etxt', "'; DROP TABLE orders; --", '%00', '\\u0000',
  '${jndi:ldap://x}', '<script>', '../../etc/passwd', '-0', '1e309', 'NaN', 'null', '{"$gt":""}',
];

function drawString(g: Draw): string {
  switch (g(fc.integer, { min: 0, max: 9 })) {
    case 0: return g(fc.constantFrom, ...NASTY_STRINGS);
    case 1: return 'x'.repeat(g(fc.integer, { min: 1_000, max: 60_000 }));
    case 2: return g(fc.string, { unit: 'binary', maxLength: 40 });
    case 3: return g(fc.string, { maxLength: 20 });
    default: return g(fc.constantFrom, ...KNOWN_IDS);
  }
}

function drawNumber(g: Draw, integer: boolean): number | string {
  switch (g(fc.integer, { min: 0, max: 5 })) {
    case 0: return g(fc.constantFrom, 2 ** 31, -(2 ** 31) - 1, Number.MAX_SAFE_INTEGER, -1, 0);
    case 1: return g(fc.constantFrom, '1e400', '-1e400', '9'.repeat(400), '0.' + '0'.repeat(300) + '1');
    case 2: return integer ? g(fc.integer) : g(fc.double, { noNaN: true, noDefaultInfinity: true });
    default: return g(fc.integer, { min: 0, max: 200 });
  }
}

/** A value for an input type: usually right, sometimes of a wrong type, null, or huge. */
export function drawValue(g: Draw, schema: GraphQLSchema, type: GraphQLInputType, depth = 0): unknown {
  const roll = g(fc.integer, { min: 0, max: 19 });
  if (roll === 0) return null;
  if (roll === 1) return g(fc.constantFrom, 'wrong', 42, true, [], {}, 1.5);
  const inner = isNonNullType(type) ? type.ofType : type;
  if (isListType(inner)) {
    const length = g(fc.constantFrom, 0, 1, 2, 3, 101, 5_000);
    // Huge lists hold short items: the case is about the length, not about gigabytes of body.
    if (length > 10) return Array.from({ length }, (_, i) => `${g(fc.constantFrom, ...KNOWN_IDS)}-${i}`);
    return Array.from({ length }, () => drawValue(g, schema, inner.ofType, depth + 1));
  }
  if (isEnumType(inner)) {
    const values = inner.getValues().map((v) => v.name);
    return g(fc.boolean) ? g(fc.constantFrom, ...values) : drawString(g);
  }
  if (isInputObjectType(inner)) {
    if (depth > 4) return {};
    const fields = Object.values(inner.getFields());
    const out: Record<string, unknown> = {};
    for (const field of fields) if (g(fc.integer, { min: 0, max: 9 }) > 0) out[field.name] = drawValue(g, schema, field.type, depth + 1);
    if (g(fc.integer, { min: 0, max: 9 }) === 0) out[g(fc.constantFrom, '__proto__', 'constructor', 'unknownField')] = 'x';
    return out;
  }
  if (isScalarType(inner)) {
    if (inner.name === 'Int') return drawNumber(g, true);
    if (inner.name === 'Float') return drawNumber(g, false);
    if (inner.name === 'Boolean') return g(fc.boolean);
    return drawString(g);
  }
  return null;
}

/** A JSON value written as a GraphQL literal; numbers given as text stay unquoted (oversized literals). */
export function literal(value: unknown, enumLike = false): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return enumLike && /^[_A-Za-z][_0-9A-Za-z]*$/.test(value) ? value : JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map((v) => literal(v, enumLike)).join(', ')}]`;
  return `{${Object.entries(value as Record<string, unknown>).map(([k, v]) => `${k}: ${literal(v)}`).join(', ')}}`;
}

interface Build {
  g: Draw;
  schema: GraphQLSchema;
  fragments: string[];
  variables: Record<string, unknown>;
  definitions: string[];
}

function argumentsOf(b: Build, args: readonly GraphQLArgument[]): string {
  const parts: string[] = [];
  for (const arg of args) {
    if (isNonNullType(arg.type) ? b.g(fc.integer, { min: 0, max: 19 }) === 0 : b.g(fc.boolean)) continue;
    const value = drawValue(b.g, b.schema, arg.type);
    if (b.g(fc.integer, { min: 0, max: 3 }) === 0) {
      // Through a variable: the gateway coerces it, not the parser.
      const name = `v${b.definitions.length}`;
      const declared = b.g(fc.integer, { min: 0, max: 9 }) === 0 ? b.g(fc.constantFrom, 'Int', 'String!', '[ID]', 'Nope') : String(arg.type);
      b.definitions.push(`$${name}: ${declared}`);
      b.variables[name] = value;
      parts.push(`${arg.name}: $${name}`);
    } else parts.push(`${arg.name}: ${literal(value, isEnumType(getNamedType(arg.type)))}`);
  }
  if (b.g(fc.integer, { min: 0, max: 14 }) === 0) parts.push(`${b.g(fc.constantFrom, 'unknown', 'first', 'limit')}: 1`);
  return parts.length ? `(${parts.join(', ')})` : '';
}

function directives(b: Build): string {
  switch (b.g(fc.integer, { min: 0, max: 24 })) {
    case 0: return ' @skip(if: true)';
    case 1: return ' @include(if: "yes")';
    case 2: return ' @deprecated';
    case 3: return ' @nope(x: 1)';
    case 4: return ' @include(if: false)'.repeat(b.g(fc.integer, { min: 2, max: 300 }));
    case 5: return ' @defer';
    default: return '';
  }
}

/** A selection set on a composite type; depth-bounded, sometimes with unknown fields and fragments. */
function selection(b: Build, type: GraphQLCompositeType, depth: number): string {
  const g = b.g;
  const parts: string[] = [];
  if (isObjectType(type) || 'getFields' in type) {
    const fields = Object.values((type as { getFields(): Record<string, GraphQLField<unknown, unknown>> }).getFields());
    const count = g(fc.integer, { min: 1, max: 4 });
    for (let i = 0; i < count; i++) {
      const field = pick(g, fields);
      const alias = g(fc.integer, { min: 0, max: 5 }) === 0 ? `a${i}: ` : '';
      const named = getNamedType(field.type);
      const head = `${alias}${field.name}${argumentsOf(b, field.args)}${directives(b)}`;
      if (isCompositeType(named)) {
        if (depth > 3 && g(fc.integer, { min: 0, max: 3 }) === 0) parts.push(head); // a composite without a selection
        else if (depth > 5) parts.push(`${head} { __typename }`);
        else parts.push(`${head} ${selection(b, named, depth + 1)}`);
      } else parts.push(head);
    }
  } else {
    const possible = b.schema.getPossibleTypes(type);
    parts.push('__typename');
    for (const t of possible.slice(0, g(fc.integer, { min: 0, max: possible.length }))) parts.push(`... on ${t.name} ${selection(b, t, depth + 1)}`);
  }
  switch (g(fc.integer, { min: 0, max: 14 })) {
    case 0: parts.push(g(fc.constantFrom, 'notAField', '__schema { types { name } }', '_entities', '_service { sdl }', 'id(x: 1)')); break;
    case 1: {
      const name = `F${b.fragments.length}`;
      b.fragments.push(`fragment ${name} on ${type.name} { __typename }`);
      parts.push(`...${name}`);
      break;
    }
    case 2: parts.push(`... on ${g(fc.constantFrom, 'Query', 'Order', 'Nope', type.name)} { __typename }`); break;
  }
  return `{ ${parts.join(' ')} }`;
}

/** A schema-aware operation: a query or mutation over the API schema, valid or subtly not. */
export function schemaOperation(g: Draw, schema: GraphQLSchema, only?: 'subscription'): GeneratedOperation {
  const b: Build = { g, schema, fragments: [], variables: {}, definitions: [] };
  const mutation = schema.getMutationType();
  const subscription = only === 'subscription' ? schema.getSubscriptionType() : undefined;
  const kind = subscription ? 'subscription' : g(fc.integer, { min: 0, max: 9 }) < 7 || !mutation ? 'query' : 'mutation';
  const root = (subscription ?? (kind === 'query' ? schema.getQueryType() : mutation))!;
  const body = selection(b, root, 0);
  const vars = b.definitions.length ? `(${b.definitions.join(', ')})` : '';
  const name = g(fc.boolean) ? ` Fuzz${g(fc.integer, { min: 0, max: 9 })}` : '';
  const query = `${kind}${name}${vars} ${body} ${b.fragments.join(' ')}`;
  const operationName = name && g(fc.integer, { min: 0, max: 9 }) === 0 ? 'Other' : name.trim() || undefined;
  const variables = g(fc.integer, { min: 0, max: 19 }) === 0 ? g(fc.constantFrom, 'str', [1], 7, null) : b.variables;
  return { query, variables, operationName };
}

/** Shapes that stress the parser, validation and limits rather than the resolvers. */
export function hostileOperation(g: Draw): GeneratedOperation {
  const n = g(fc.integer, { min: 2, max: 3_000 });
  switch (g(fc.integer, { min: 0, max: 11 })) {
    case 0: return { query: `{ ${'customer(id: "CUS-000001") { orders { customer { '.repeat(Math.min(n, 200))}id${' } } }'.repeat(Math.min(n, 200))} }` };
    case 1: return { query: `query { ...A } fragment A on Query { ...B } fragment B on Query { ...A }` };
    case 2: return { query: `{ ${Array.from({ length: Math.min(n, 500) }, (_, i) => `a${i}: product(sku: "${STORY.dana.sku}") { name }`).join(' ')} }` };
    case 3: return { query: `query { ...F0 } ${Array.from({ length: Math.min(n, 300) }, (_, i) => `fragment F${i} on Query { ...F${i + 1} }`).join(' ')} fragment F${Math.min(n, 300)} on Query { __typename }` };
    case 4: return { query: `{ customers(ids: [${Array.from({ length: n }, (_, i) => `"CUS-${i}"`).join(',')}]) { id } }` };
    case 5: return { query: g(fc.string, { unit: 'binary', maxLength: 300 }) };
    case 6: return { query: `{ __typename ${'{'.repeat(n)} }` };
    case 7: return { query: `subscription { customerActivity(customerId: "${STORY.bob.id}") { __typename } }` };
    case 8: return { query: g(fc.constantFrom, '', ' ', '#', '{}', 'query', 'mutation', '{ __typename }', '{ __schema { types { fields { type { ofType { ofType { name } } } } } } }') };
    case 9: return { query: `{ product(sku: ${JSON.stringify('\u{1F600}'.repeat(n))}) { name } }` };
    case 10: return { query: `{ __typename } query B { __typename }`, operationName: g(fc.constantFrom, undefined, 'B', 'C', 5, {}) };
    default: return { query: g(fc.constantFrom, 5, null, [], { kind: 'Document' }, true) };
  }
}
