import { buildSchema } from 'graphql';
import { DocumentCache } from '../documentCache';

const schema = buildSchema('type Query { name: String, age: Int }');
const options = { maxBytes: 1_000_000, maxTokens: 100, introspection: true, hideSchemaDetails: false };

describe('DocumentCache', () => {
  test('When the same text is sent again, then it is parsed and validated once and the same document and hash come back', () => {
    const cache = new DocumentCache(options);
    const first = cache.resolve(schema, '{ name }');
    const second = cache.resolve(schema, '{ name }');
    if (!first.ok || !second.ok) throw new Error('expected a valid document');
    expect(second.parsed).toBe(first.parsed);
    expect(first.parsed.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(cache.stats).toMatchObject({ hits: 1, misses: 1, entries: 1 });
  });

  test('When the schema changes, then documents are validated again against the new one', () => {
    const cache = new DocumentCache(options);
    expect(cache.resolve(schema, '{ age }').ok).toBe(true);
    const narrower = buildSchema('type Query { name: String }');
    const again = cache.resolve(narrower, '{ age }');
    expect(again.ok).toBe(false);
    expect(cache.stats.misses).toBe(2);
  });

  test('When a document does not parse or validate, then it is refused with a coded 400 error and not kept', () => {
    const cache = new DocumentCache(options);
    const broken = cache.resolve(schema, '{ name');
    const invalid = cache.resolve(schema, '{ nam }');
    if (broken.ok || invalid.ok) throw new Error('expected refusals');
    expect(broken.errors[0].extensions).toMatchObject({ code: 'GRAPHQL_PARSE_FAILED', http: { status: 400 } });
    expect(invalid.errors[0].extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED', http: { status: 400 } });
    expect(invalid.errors[0].message).toContain('Did you mean "name"?');
    expect(cache.stats.entries).toBe(0);
  });

  test('When schema details are hidden and introspection is off, then suggestions are left out and __schema is refused', () => {
    const cache = new DocumentCache({ ...options, introspection: false, hideSchemaDetails: true });
    const invalid = cache.resolve(schema, '{ nam }');
    const introspection = cache.resolve(schema, '{ __schema { queryType { name } } }');
    if (invalid.ok || introspection.ok) throw new Error('expected refusals');
    expect(invalid.errors[0].message).toBe('Cannot query field "nam" on type "Query".');
    expect(introspection.errors[0].extensions).toMatchObject({ validationErrorCode: 'INTROSPECTION_DISABLED', code: 'GRAPHQL_VALIDATION_FAILED' });
  });

  test('When a document has more tokens than allowed, then parsing stops with a parse failure', () => {
    const cache = new DocumentCache({ ...options, maxTokens: 5 });
    const long = cache.resolve(schema, '{ name age name age name age }');
    expect(long.ok ? undefined : long.errors[0].extensions.code).toBe('GRAPHQL_PARSE_FAILED');
  });

  test('When an operation name is looked up twice, then the same operation is returned', () => {
    const cache = new DocumentCache(options);
    const resolved = cache.resolve(schema, 'query A { name } query B { age }');
    if (!resolved.ok) throw new Error('expected a valid document');
    const b = resolved.parsed.operation('B');
    expect(b?.name?.value).toBe('B');
    expect(resolved.parsed.operation('B')).toBe(b);
    expect(resolved.parsed.operation(undefined)).toBeUndefined();
  });
});
