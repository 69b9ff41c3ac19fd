import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildASTSchema, getNullableType, isListType, isNonNullType, isObjectType, parse } from 'graphql';
import { SCHEMA_DIR } from '../composition';
import { CACHEABLE_ENTITIES, KEYED_ROOT_FIELDS } from '../entityCacheContract';

/** Each declared keyed root field, as `subgraph.field`. */
const declared = Object.entries(KEYED_ROOT_FIELDS).flatMap(([subgraph, fields]) => Object.entries(fields ?? {}).map(([field, keyed]) => [`${subgraph}.${field}`, subgraph, field, keyed] as const));

describe.each(declared)('the keyed root field %s', (_name, subgraph, fieldName, keyed) => {
  const schema = buildASTSchema(parse(readFileSync(join(SCHEMA_DIR, `${subgraph}.graphql`), 'utf8')), { assumeValidSDL: true });
  const field = schema.getQueryType()?.getFields()[fieldName];

  test('is a root field of its subgraph returning one cacheable entity, nullable (an unknown key gives null)', () => {
    expect(field).toBeDefined();
    expect(isNonNullType(field!.type) || isListType(getNullableType(field!.type))).toBe(false);
    expect(isObjectType(field!.type) && field!.type.name).toBe(keyed.returns);
    expect(Object.hasOwn(CACHEABLE_ENTITIES, keyed.returns)).toBe(true);
  });

  test("takes the entity's whole key, each key field as an argument of the field's type", () => {
    expect(Object.keys(keyed.key).sort()).toEqual([...CACHEABLE_ENTITIES[keyed.returns].key].sort());
    const entity = schema.getType(keyed.returns);
    for (const [keyField, argument] of Object.entries(keyed.key)) {
      const arg = field!.args.find((candidate) => candidate.name === argument);
      expect(arg).toBeDefined();
      expect(isObjectType(entity) && String(getNullableType(entity.getFields()[keyField].type))).toBe(String(getNullableType(arg!.type)));
    }
  });
});
