import { join } from 'node:path';
import { SCHEMA_DIR } from '../../../common/composition';
import { loadRules, parseRules } from '../config';
import { UsageError } from '../findings';

/** schema/schema-rules.json: one file, every mistake in it named by key. */

const FILE = 'schema/schema-rules.json';
const priceRule = { type: 'Product', fields: 'price fields', owner: 'pricing', fieldTypes: ['Money'], reason: 'One price engine.' };

describe('schema rules file', () => {
  it("When the project's rules file is read, then Product prices belong to pricing and the value types Money and AccessLogEntry are allow-listed with a reason", () => {
    const rules = loadRules(join(SCHEMA_DIR, 'schema-rules.json'), FILE);

    expect(rules.fieldOwners.map((r) => [r.type, r.owner, r.fieldTypes])).toEqual([['Product', 'pricing', ['Money', 'Price']]]);
    expect(rules.fieldOwners[0].fieldNamePattern?.test('listPrice')).toBe(true);
    expect(rules.sharedFields.map((a) => a.coordinate)).toEqual(['Money', 'AccessLogEntry']);
    for (const allowed of rules.sharedFields) expect(allowed.reason.length).toBeGreaterThan(20);
    expect(rules.unusedBreakingChanges).toBe('fail');
  });

  it.each([
    [{ fieldOwners: [{ ...priceRule, owner: 'billing' }] }, `${FILE}: fieldOwners[0].owner must be one of orders, support, pricing, notifications`],
    [{ sharedFields: { allow: [{ coordinate: 'Money' }] } }, `${FILE}: sharedFields.allow[0].reason must be a non-empty string`],
    [{ sharedFields: { allow: [{ coordinate: 'Money amount', reason: 'x' }] } }, `${FILE}: sharedFields.allow[0].coordinate must be "Type" or "Type.field"`],
    [{ sharedField: {} }, `${FILE}: the top level has an unknown key "sharedField"`],
    [{ fieldOwners: [{ ...priceRule, fieldNamePattern: 'price(' }] }, `${FILE}: fieldOwners[0].fieldNamePattern is not a valid regular expression`],
    [{ fieldOwners: [{ ...priceRule, fieldTypes: [] }] }, `${FILE}: fieldOwners[0] needs fieldNamePattern or fieldTypes`],
    [{ breakingChanges: { unusedByCatalogue: 'ignore' } }, `${FILE}: breakingChanges.unusedByCatalogue must be "fail" or "warn"`],
    [{ conventions: { naming: 'yes' } }, `${FILE}: conventions.naming must be true or false`],
  ])('When the rules are %j, then reading them is a usage error naming the key', (raw, message) => {
    expect(() => parseRules(raw, FILE)).toThrow(UsageError);
    expect(() => parseRules(raw, FILE)).toThrow(message);
  });
});
