import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { printSchema } from 'graphql';
import { SCHEMA_DIR } from '../../../common/composition';
import { runCheck, type CheckOptions } from '../check';
import { readBaseSchema } from '../diff';
import type { CheckReport } from '../findings';
import { BASE_DIR, errorsOf, findingsOf, fixtureBase, fixtureSchema } from './support/fixtureSchema';

/** Safe changes pass; breaking ones pass only when acknowledged; the project's own schema passes. */

async function checkFixture(fixture: string | undefined, options: Partial<CheckOptions> = {}): Promise<CheckReport> {
  const schema = fixtureSchema(fixture);
  try {
    return await runCheck({ schemaDir: schema.schemaDir, base: fixtureBase(), ...options });
  } finally {
    schema.cleanup();
  }
}

describe('schema check on changes', () => {
  it('When the project checks its own schema against its committed supergraph, then every step passes', async () => {
    const base = { kind: 'sdl' as const, label: 'schema/supergraph.graphql', sdl: readFileSync(join(SCHEMA_DIR, 'supergraph.graphql'), 'utf8') };

    const report = await runCheck({ schemaDir: SCHEMA_DIR, base });

    expect(errorsOf(report)).toEqual([]);
    expect(report.steps.map((s) => [s.step, s.status])).toEqual([
      ['compose', 'passed'],
      ['drift', 'skipped'],
      ['diff', 'passed'],
      ['operations', 'passed'],
      ['rules', 'passed'],
      ['events', 'passed'],
    ]);
    expect(report.ok).toBe(true);
  });

  it('When a subgraph adds an optional field, a new type and edits a description, then every change is safe and the check passes', async () => {
    const report = await checkFixture('safe-changes');

    expect(report.ok).toBe(true);
    expect(report.findings).toEqual([]);
    expect(report.changes.map((c) => [c.level, c.message])).toEqual([
      ['safe', "Type 'LoyaltyAccount' was added"],
      ['safe', "Field 'points' was added to object type 'LoyaltyAccount'"],
      ['safe', "Field 'LoyaltyAccount.points' has description 'Points collected and not yet spent.'"],
      ['safe', "Field 'joinedOn' was added to object type 'LoyaltyAccount'"],
      ['safe', "Field 'LoyaltyAccount.joinedOn' has description 'When the customer joined.'"],
      ['safe', "Object type 'LoyaltyAccount' has description 'A customer\\'s membership of the loyalty programme.'"],
      ['safe', "Field 'preferredChannel' was added to object type 'Customer'"],
      ['safe', "Field 'Customer.preferredChannel' has description 'The channel the customer prefers to be contacted in, if they said.'"],
      ['safe', "Field 'loyalty' was added to object type 'Customer'"],
      ['safe', "Field 'Customer.loyalty' has description 'The customer\\'s loyalty account, if they joined the programme.'"],
      ['safe', "Field 'Customer.name' description changed from 'Full name.' to 'The customer\\'s full name, as they gave it.'"],
    ]);
  });

  it('When a field no catalogued operation uses is removed, then it is reported as unused and still fails without an acknowledgement', async () => {
    const report = await checkFixture('unused-field-removed');

    expect(report.ok).toBe(false);
    expect(errorsOf(report)).toEqual([
      {
        step: 'diff',
        severity: 'error',
        code: 'FIELD_REMOVED',
        message: "[orders] Field 'customers' was removed from object type 'Query' (breaking); no catalogued operation uses it.",
        subgraphs: ['orders'],
        coordinate: 'Query.customers',
        fix: 'Deprecate it first and remove it once no client sends it, or acknowledge the break with --allow-breaking "<reason>".',
      },
    ]);
  });

  it('When the rules let unused breaking changes warn, then a removal no catalogued operation uses passes with a warning', async () => {
    const schema = fixtureSchema('unused-field-removed');
    try {
      const rulesFile = join(schema.schemaDir, 'schema-rules.json');
      const rules = JSON.parse(readFileSync(rulesFile, 'utf8'));
      writeFileSync(rulesFile, JSON.stringify({ ...rules, breakingChanges: { unusedByCatalogue: 'warn' } }));

      const report = await runCheck({ schemaDir: schema.schemaDir, base: fixtureBase() });

      expect(report.ok).toBe(true);
      expect(findingsOf(report, 'FIELD_REMOVED').map((f) => f.severity)).toEqual(['warning']);
    } finally {
      schema.cleanup();
    }
  });

  it('When a breaking change is acknowledged with a reason, then it passes and the report records the reason', async () => {
    const reason = 'Order.total is null for orders imported from the old shop; the shop and agent console handle null since 2.3.';

    const unacknowledged = await checkFixture('output-made-nullable');
    const acknowledged = await checkFixture('output-made-nullable', { allowBreaking: reason });

    expect(errorsOf(unacknowledged).map((f) => f.code)).toEqual(['FIELD_TYPE_CHANGED']);
    expect(acknowledged.ok).toBe(true);
    expect(acknowledged.acknowledgement).toEqual({ reason, covers: ['Order.total'] });
    expect(findingsOf(acknowledged, 'FIELD_TYPE_CHANGED').map((f) => [f.severity, f.message])).toEqual([
      [
        'warning',
        `[orders] Field 'Order.total' changed type from 'Money!' to 'Money' (breaking); used by ShopAccountOrders (schema/operations/shop/accountOrders.graphql:12), ShopOrderPage (schema/operations/shop/orderPage.graphql:28). Acknowledged: ${reason}`,
      ],
    ]);
  });

  it('When a breaking change is acknowledged but a catalogued operation no longer validates, then the check still fails', async () => {
    const report = await checkFixture('removed-field-used', { allowBreaking: 'Phone numbers move to the contact-details service.' });

    expect(report.ok).toBe(false);
    expect(errorsOf(report).map((f) => f.code)).toEqual(['INVALID_OPERATION']);
  });

  it('When a field moves with @override(from:), then the move passes', async () => {
    const report = await checkFixture('field-moved-with-override');

    expect(findingsOf(report, 'MOVED_WITHOUT_OVERRIDE')).toEqual([]);
    expect(report.ok).toBe(true);
  });

  it('When a subgraph adds undescribed or misnamed elements, then each names the subgraph, the element and the rename', async () => {
    const report = await checkFixture('conventions');

    expect(errorsOf(report).map((f) => [f.message, f.fix, f.location?.line])).toEqual([
      [
        '[orders] Customer.loyaltyPoints has no description.',
        'Add a description string above Customer.loyaltyPoints in schema/orders.graphql: it is the documentation every client reads.',
        56,
      ],
      [
        '[orders] Customer.date_of_birth is not camelCase.',
        'Rename it to dateOfBirth in schema/orders.graphql (if clients already use the old name, add the new one and deprecate the old).',
        58,
      ],
      [
        '[orders] Loyalty_tier is not PascalCase.',
        'Rename it to LoyaltyTier in schema/orders.graphql (if clients already use the old name, add the new one and deprecate the old).',
        64,
      ],
      [
        '[orders] OrderStatus.lostInTransit is not SCREAMING_CASE.',
        'Rename it to LOST_IN_TRANSIT in schema/orders.graphql (if clients already use the old name, add the new one and deprecate the old).',
        104,
      ],
    ]);
  });

  it('When Money is not allow-listed as shared, then each of its copied fields fails naming both subgraphs', async () => {
    const schema = fixtureSchema();
    try {
      const rulesFile = join(schema.schemaDir, 'schema-rules.json');
      const rules = JSON.parse(readFileSync(rulesFile, 'utf8'));
      writeFileSync(rulesFile, JSON.stringify({ ...rules, sharedFields: { allow: [{ coordinate: 'Price', reason: 'An old exception.' }] } }));

      const report = await runCheck({ schemaDir: schema.schemaDir, base: fixtureBase() });

      expect(report.findings.filter((f) => f.step === 'rules').map((f) => [f.severity, f.message])).toEqual([
        ['error', '[orders, pricing] Money.amount is resolved by 2 subgraphs (orders, pricing); each field has exactly one owning subgraph.'],
        ['error', '[orders, pricing] Money.currency is resolved by 2 subgraphs (orders, pricing); each field has exactly one owning subgraph.'],
        ['warning', 'schema/schema-rules.json: sharedFields.allow "Price" matches no field resolved by several subgraphs.'],
      ]);
      expect(findingsOf(report, 'SHARED_FIELD')[0].fix).toBe(
        'Keep Money.amount in one subgraph (move it with @override(from: "<old subgraph>")), or allow-list "Money.amount" or "Money" with a reason under sharedFields.allow in schema/schema-rules.json.',
      );
    } finally {
      schema.cleanup();
    }
  });

  it('When a subgraph changes but schema/supergraph.graphql is not recomposed, then the check says to run npm run compose', async () => {
    const schema = fixtureSchema('safe-changes', { compose: false });
    try {
      const report = await runCheck({ schemaDir: schema.schemaDir, base: fixtureBase() });

      expect(errorsOf(report).map((f) => [f.code, f.message, f.fix])).toEqual([
        ['SUPERGRAPH_OUT_OF_DATE', 'schema/supergraph.graphql is not the composition of the subgraph SDLs.', 'Run npm run compose and commit schema/supergraph.graphql.'],
      ]);
    } finally {
      schema.cleanup();
    }
  });

  it('When the base is a plain API schema, then changes are still classified and the @override check says it is skipped', async () => {
    const apiSdl = printSchema(readBaseSchema(readFileSync(join(BASE_DIR, 'supergraph.graphql'), 'utf8')).api);

    const report = await checkFixture('unused-field-removed', { base: { kind: 'sdl', label: 'api.graphql', sdl: apiSdl } });

    expect(report.changes.map((c) => [c.level, c.path])).toEqual([['breaking', 'Query.customers']]);
    expect(report.steps.find((s) => s.step === 'rules')?.summary).toContain('moves need @override: skipped (no base supergraph)');
  });

  it('When there is no base to compare with, then the diff is skipped with the reason and the other steps still run', async () => {
    const report = await checkFixture('removed-field-used', {
      base: { kind: 'none', label: 'HEAD:schema/supergraph.graphql', reason: 'schema/supergraph.graphql does not exist at HEAD' },
    });

    expect(report.steps.find((s) => s.step === 'diff')).toEqual({
      step: 'diff',
      status: 'skipped',
      summary: 'skipped (schema/supergraph.graphql does not exist at HEAD)',
    });
    expect(errorsOf(report).map((f) => f.code)).toEqual(['INVALID_OPERATION']);
  });
});
