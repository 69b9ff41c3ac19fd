import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSchema } from 'graphql';
import { AGENT_OPERATIONS_DIR, InvalidAgentToolsError, loadAgentTools, snakeCase, validateAgentOperations } from '../agentTools';
import { loadApiSchema } from '../apiSchema';
import { compileArgumentCheck } from '../argumentCheck';
import { createMcpRoute } from '../httpRoute';
import { buildToolInput } from '../inputSchema';
import { shapeResult } from '../shapeResult';
import { readStdioSettings, startStdioServer } from '../stdio';
import { readToolFile, type ToolFile } from '../toolFile';

const apiSchema = loadApiSchema();
const tools = loadAgentTools(apiSchema);
const tool = (name: string) => {
  const found = tools.find((t) => t.name === name);
  if (!found) throw new Error(`no tool ${name}`);
  return found;
};

describe('the tool catalogue', () => {
  test('When the checked-in agent operations are validated against the composed schema, then there is no problem', () => {
    expect(validateAgentOperations(apiSchema)).toEqual([]);
  });

  test('When tools are named, then the name is the operation name in snake_case', () => {
    expect(snakeCase('FindCustomer')).toBe('find_customer');
    expect(snakeCase('OrderStatusV2')).toBe('order_status_v2');
    expect(snakeCase('GetSMSCode')).toBe('get_sms_code');
  });

  test('When a query and a mutation become tools, then their annotations say read-only or how they change data', () => {
    expect(tool('order_status').annotations).toEqual({
      title: 'Order status', readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false,
    });
    expect(tool('cancel_order').annotations).toMatchObject({ readOnlyHint: false, destructiveHint: true, idempotentHint: true });
    expect(tool('add_case_note').annotations).toMatchObject({ readOnlyHint: false, destructiveHint: false, idempotentHint: false });
  });

  test('When a tool has a guard variable, then it is hidden and the argument it guards is optional without its placeholder default', () => {
    const schema = tool('find_customer').inputSchema;
    expect(Object.keys(schema.properties)).toEqual(['email', 'phone', 'orderNumber', 'caseNumber']);
    expect(schema.required).toBeUndefined();
    expect(schema.properties.orderNumber).toEqual({ type: 'string', description: expect.stringMatching(/order number/) });
    expect(tool('find_customer').query).not.toMatch(/^#/m);
  });
});

/** A schema with every kind of input the converter handles, since the graph has no Int, Float or list inputs. */
const KINDS = buildSchema(`
  """An instant"""
  scalar DateTime
  scalar Date
  scalar Json
  enum Size { """Small""" S M }
  """A window of time"""
  input Window { from: DateTime! to: Date "How wide" size: Size = M, next: Window }
  type Query { search(
    "How many" limit: Int
    ratio: Float!
    flags: [Boolean!]!
    window: Window
    extra: Json
  ): [String] }
`);

function toolFile(text: string, path = 'search.graphql'): ToolFile {
  const read = readToolFile(text, path);
  if (!read.ok) throw new Error(read.problems.map((p) => p.message).join('\n'));
  return read.file;
}

describe('input schemas from variable definitions', () => {
  test('When variables use scalars, lists, enums, custom scalars and nested input objects, then each maps to its JSON Schema', () => {
    const file = toolFile(`# Searches.
# @param ratio: The ratio.
# @param flags: Flags.
# @param extra: Anything.
query Search($limit: Int = 5, $ratio: Float!, $flags: [Boolean!]!, $window: Window, $extra: Json) {
  search(limit: $limit, ratio: $ratio, flags: $flags, window: $window, extra: $extra)
}`);
    const { input, problems } = buildToolInput(KINDS, file);
    expect(problems).toEqual([]);
    expect(input?.schema).toEqual({
      type: 'object',
      additionalProperties: false,
      required: ['ratio', 'flags'],
      properties: {
        limit: { type: 'integer', minimum: -2147483648, maximum: 2147483647, description: 'How many', default: 5 },
        ratio: { type: 'number', description: 'The ratio.' },
        flags: { type: 'array', items: { type: 'boolean' }, description: 'Flags.' },
        window: {
          type: 'object',
          description: 'A window of time',
          additionalProperties: false,
          required: ['from'],
          properties: {
            from: { type: 'string', format: 'date-time', description: 'An instant' },
            to: { type: 'string', format: 'date' },
            size: { type: 'string', enum: ['S', 'M'], description: 'How wide\nValues: S: Small', default: 'M' },
            next: { type: 'object', description: 'A window of time (same shape as above)' },
          },
        },
        extra: { description: 'Anything.' },
      },
    });
  });

  test('When an argument has no description in the schema nor a @param line, then the tool is refused naming the variable', () => {
    const file = toolFile(`# Searches.\nquery Search($ratio: Float!, $flags: [Boolean!]!) { search(ratio: $ratio, flags: $flags) }`);
    expect(buildToolInput(KINDS, file).problems.map((p) => p.message)).toEqual([
      expect.stringContaining('$ratio has no description'),
      expect.stringContaining('$flags has no description'),
    ]);
  });
});

describe('argument checks', () => {
  const check = (name: string, args: unknown) => tool(name).checkArguments(args);

  test.each([
    ['find_customer', {}, 'give exactly one of: email, phone, orderNumber, caseNumber'],
    ['find_customer', { email: 'a@b.c', orderNumber: '1' }, 'give exactly one of: email, phone, orderNumber, caseNumber'],
    ['order_status', {}, 'missing required argument `orderNumber`'],
    ['order_status', { orderNumber: 987654321 }, 'argument `orderNumber` must be a string'],
    ['order_status', { orderNumber: '1', verbose: true }, 'unknown argument `verbose`; expected one of: orderNumber'],
    ['product_price', { sku: 'TENT-2P', channel: 'BANANA' }, 'argument `channel` must be one of WEB, STORE, PHONE, EMAIL, CHAT, MAILER'],
    ['open_support_case', { input: { customerId: 'CUS-000001', channel: 'CHAT', summary: 'x' } }, '`input.subject` is required'],
  ])('When %s gets %j, then it is refused with "%s"', (name, args, message) => {
    const result = check(name, args);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems).toContain(message);
  });

  test('When an optional argument is null, then it counts as not given', () => {
    expect(check('find_customer', { email: 'bob.jones@email.com', phone: null })).toEqual({ ok: true, args: { email: 'bob.jones@email.com' } });
  });

  test('When a date argument is not ISO-8601, then it is refused naming the format', () => {
    const result = compileArgumentCheck({ type: 'object', properties: { at: { type: 'string', format: 'date-time' } } })({ at: 'yesterday' });
    expect(result).toEqual({ ok: false, problems: ['argument `at` must be an ISO-8601 date-time, e.g. 2026-06-01T10:00:00Z'] });
  });
});

describe('result shaping', () => {
  test('When a result has __typename and null fields, then they are dropped, but a null root field and nulls in lists stay', () => {
    const shaped = shapeResult(
      { order: { __typename: 'Order', number: '1', cancellation: null, lines: [{ warranty: null, quantity: 1 }] }, missing: null, products: [null, { sku: 'A' }] },
      { maxItems: 10 },
    );
    expect(shaped).toEqual({ order: { number: '1', lines: [{ quantity: 1 }] }, missing: null, products: [null, { sku: 'A' }] });
  });

  test('When a list is longer than the bound, then it is cut with a note, from the end for a @keepLast path', () => {
    const items = Array.from({ length: 13 }, (_, i) => ({ n: i }));
    const shaped = shapeResult({ customer: { orders: items, supportCases: [{ interactions: items }] } }, {
      maxItems: 10,
      keepLast: ['customer.supportCases.interactions'],
    });
    expect(shaped.customer).toEqual({
      orders: items.slice(0, 10),
      supportCases: [{ interactions: items.slice(3), _note: 'interactions: showing the last 10 of 13' }],
      _note: 'orders: showing the first 10 of 13',
    });
  });
});

describe('start-up with an invalid tool', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'agent-tools-'));
    copyFileSync(join(AGENT_OPERATIONS_DIR, 'order_status.graphql'), join(dir, 'order_status.graphql'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test.each([
    ['shoe_size.graphql', '# Shoe size.\n# @param id: Id.\nquery ShoeSize($id: ID!) { customer(id: $id) { shoeSize } }', /shoe_size\.graphql:3: Cannot query field "shoeSize" on type "Customer"/],
    ['forget.graphql', '# Forgets.\nmutation Forget($n: ID!) { cancelOrder(number: $n, reason: FRAUD_SUSPECTED) { number } }', /forget\.graphql:2: a mutation must say how it changes data/],
    ['lookup_order.graphql', '# Looks up.\n# @param n: N.\nquery Lookup($n: ID!) { order(number: $n) { number } }', /lookup_order\.graphql:3: name the file after its tool lookup: lookup\.graphql/],
    ['undescribed.graphql', '# Undescribed.\nquery Undescribed($n: ID!) { order(number: $n) { number } }', /undescribed\.graphql:2: \$n has no description/],
    ['two.graphql', '# Two.\nquery One { __typename }\nquery Two { __typename }', /two\.graphql: a tool file holds exactly one operation, found 2/],
    ['broken.graphql', '# Broken.\nquery Broken( {', /broken\.graphql:2: Syntax Error/],
    ['typo.graphql', '# Typo.\n# @annotation: idempotent=true\nquery Typo { __typename }', /typo\.graphql:2: unknown header setting @annotation/],
    ['no_doc.graphql', 'query NoDoc { __typename }', /no_doc\.graphql:1: the operation needs a description/],
    ['guard.graphql', '# Guard.\nquery Guard($has_x: Boolean!) { __typename @include(if: $has_x) }', /guard\.graphql:2: \$has_x guards \$x, which the operation does not declare/],
    ['keep.graphql', '# Keep.\n# @param n: N.\n# @keepLast: order.number\nquery Keep($n: ID!) { order(number: $n) { number } }', /keep\.graphql:4: @keepLast order\.number is no list in the result/],
    ['one_of.graphql', '# One of.\n# @oneOf\n# @param n: N.\nquery OneOf($n: ID!) { order(number: $n) { number } }', /one_of\.graphql: @oneOf needs every argument optional, but n is required/],
  ])('When %s is in the tool directory, then loading fails naming the file and its problem', (name, text, problem) => {
    writeFileSync(join(dir, name), text);
    expect(validateAgentOperations(apiSchema, dir).map((p) => `${p.file}${p.line ? `:${p.line}` : ''}: ${p.message}`).join('\n')).toMatch(problem);
    expect(() => loadAgentTools(apiSchema, dir)).toThrow(InvalidAgentToolsError);
  });

  test('When a tool is invalid, then neither the HTTP route nor the stdio server starts', async () => {
    writeFileSync(join(dir, 'shoe_size.graphql'), '# Shoe size.\n# @param id: Id.\nquery ShoeSize($id: ID!) { customer(id: $id) { shoeSize } }');
    expect(() => createMcpRoute({ graphUrl: 'http://localhost:1/graphql', operationsDir: dir })).toThrow(/does not start:[\s\S]*shoe_size\.graphql:3: Cannot query field "shoeSize"/);
    await expect(startStdioServer({ graphUrl: 'http://localhost:1/graphql' }, { operationsDir: dir })).rejects.toThrow(InvalidAgentToolsError);
  });
});

describe('stdio settings', () => {
  test('When GRAPH_URL and GRAPH_TOKEN are unset, then the local gateway is called without a token', () => {
    expect(readStdioSettings({})).toEqual({ graphUrl: 'http://localhost:4000/graphql', token: undefined });
    expect(readStdioSettings({ GRAPH_URL: 'https://graph.example.com/graphql', GRAPH_TOKEN: ' abc ' })).toEqual({
      graphUrl: 'https://graph.example.com/graphql',
      token: 'abc',
    });
  });

  test('When GRAPH_URL is not a URL, then start-up fails naming GRAPH_URL', () => {
    expect(() => readStdioSettings({ GRAPH_URL: 'localhost:4000' })).toThrow(/GRAPH_URL must be an absolute http\(s\) URL/);
  });
});
