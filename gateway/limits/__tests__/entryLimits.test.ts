import { buildSchema, parse, validate } from 'graphql';
import { prepareOperation, screenRequest, type EntryLimits } from '../entryLimits';
import { boundedMessage } from '../errorEcho';
import { inputDepthExceeds, MAX_INPUT_DEPTH } from '../inputDepth';
import { conditionalSubscriptionRoot, VALIDATION_RULES } from '../subscriptionRoot';

const schema = buildSchema(`
  type Query { item(id: ID!): Item items(first: Int): [Item] }
  type Subscription { changed(id: ID!): Item other: Item }
  type Item { id: ID! next: Item }
`);
const LIMITS: EntryLimits = { maxBodyBytes: 1_000_000, maxTokens: 200, maxDepth: 4, maxAliases: 2, maxRootFields: 3, maxCost: 100, defaultListSize: 10 };
const nested = (levels: number): unknown => JSON.parse('['.repeat(levels) + ']'.repeat(levels));
const codes = (result: ReturnType<typeof prepareOperation>) => ('errors' in result ? result.errors.map((e) => e.extensions.code) : []);

describe('the limits every entry point keeps', () => {
  test('When variables nest 200,000 lists deep, then the check says so without overflowing the stack, and 64 levels still pass', () => {
    expect(inputDepthExceeds(nested(200_000))).toBe(true);
    expect(inputDepthExceeds({ a: nested(MAX_INPUT_DEPTH - 1) })).toBe(false);
    expect(inputDepthExceeds({ a: nested(MAX_INPUT_DEPTH) })).toBe(true);
    expect(codes(prepareOperation(schema, { query: '{ item(id: 1) { id } }', variables: { x: nested(200_000) } }, LIMITS))).toEqual(['INPUT_DEPTH_LIMIT_EXCEEDED']);
  });

  test.each([
    ['a variable', 'subscription($s: Boolean!) { changed(id: 1) @skip(if: $s) { id } }', true],
    ['a fragment', 'subscription($s: Boolean!) { ...F } fragment F on Subscription { changed(id: 1) @include(if: $s) { id } }', true],
    ['an inline fragment', 'subscription S($s: Boolean!) { ... @skip(if: $s) { changed(id: 1) { id } } }', true],
    ['a literal', 'subscription { changed(id: 1) @skip(if: false) { id } }', false],
  ])('When a subscription root is conditional through %s, then it is a validation error with a code, not an exception', (_how, query, throwsInGraphqlJs) => {
    const document = parse(query);
    if (throwsInGraphqlJs) expect(() => validate(schema, document)).toThrow(/not provided a runtime value/);
    expect(validate(schema, document, VALIDATION_RULES).map((e) => e.message)).toEqual([expect.stringMatching(/must not use @skip or @include in its top level selection/)]);
    expect(conditionalSubscriptionRoot(document)?.message).toMatch(/top level selection/);
    expect(codes(prepareOperation(schema, { query, variables: { s: true } }, LIMITS))).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(screenRequest({ query }, LIMITS)?.extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  test('When a subscription uses @skip below its root, then it passes, as the specification allows', () => {
    const query = 'subscription($s: Boolean!) { changed(id: 1) { id next @skip(if: $s) { id } } }';
    expect(codes(prepareOperation(schema, { query, variables: { s: true } }, LIMITS))).toEqual([]);
    expect(screenRequest({ query }, LIMITS)).toBeUndefined();
  });

  test('When an operation breaks the token, depth, alias or cost limit, then it is refused with the code /graphql gives', () => {
    const tokens = `{ ${'item(id: 1) { id } '.repeat(30)} }`;
    expect(codes(prepareOperation(schema, { query: tokens }, LIMITS))).toEqual(['GRAPHQL_PARSE_FAILED']);
    expect(codes(prepareOperation(schema, { query: 'subscription { changed(id: 1) { next { next { next { next { id } } } } } }' }, LIMITS))).toEqual(['DEPTH_LIMIT_EXCEEDED']);
    expect(codes(prepareOperation(schema, { query: '{ a: item(id: 1) { id } b: item(id: 2) { id } c: item(id: 3) { id } }' }, LIMITS))).toEqual(['ALIAS_LIMIT_EXCEEDED']);
    expect(codes(prepareOperation(schema, { query: '{ items(first: 50) { id next { id } } }' }, LIMITS))).toEqual(['COST_LIMIT_EXCEEDED']);
    const refused = prepareOperation(schema, { query: '{ items(first: 50) { id next { id } } }' }, LIMITS);
    expect('errors' in refused && refused.errors[0].extensions.http).toBeUndefined(); // Apollo's status hint is not sent over a live transport
  });

  test('When the parameters are malformed, then each is a coded refusal: no query, a query that is not a string, variables that are a list, an unknown operation', () => {
    expect(codes(prepareOperation(schema, {}, LIMITS))).toEqual(['BAD_REQUEST']);
    expect(codes(prepareOperation(schema, { query: 42 }, LIMITS))).toEqual(['BAD_REQUEST']);
    expect(codes(prepareOperation(schema, { query: '{ item(id: 1) { id } }', variables: [] }, LIMITS))).toEqual(['BAD_REQUEST']);
    expect(codes(prepareOperation(schema, { query: '{ item(id: 1) { id } }', operationName: 'Nope' }, LIMITS))).toEqual(['BAD_REQUEST']);
    expect(codes(prepareOperation(schema, { query: '{ item(id: ' }, LIMITS))).toEqual(['GRAPHQL_PARSE_FAILED']);
  });

  test('When an error message quotes a 900 KB input, then the quote is cut to its first characters and says how long it was', () => {
    const message = `"${'x'.repeat(900_000)}" is not a valid email address`;
    const bounded = boundedMessage(message);
    expect(bounded.length).toBeLessThan(200);
    expect(bounded).toMatch(/^"x{64}…" \(900000 characters\) is not a valid email address$/);
    expect(boundedMessage(`Int cannot represent ${'y'.repeat(5000)}`).length).toBeLessThanOrEqual(1010);
    expect(boundedMessage('short "message"')).toBe('short "message"');
  });
});
