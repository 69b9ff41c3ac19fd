import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCheck, type CheckOptions } from '../check';
import type { CheckReport } from '../findings';
import { errorsOf, fixtureBase, fixtureSchema } from './support/fixtureSchema';

/** Real mistakes teams make in a subgraph SDL, each of which the check must catch with a precise message. */

const USED_BREAK_FIX =
  'Keep the old shape working (add the new one, deprecate the old) until the listed clients have moved, or acknowledge the break with --allow-breaking "<reason>".';
const OPERATION_FIX =
  'Keep the schema compatible (add the new shape, deprecate the old one) or update this operation and the client that sends it.';

async function checkFixture(fixture: string, options: Partial<CheckOptions> = {}): Promise<CheckReport> {
  const schema = fixtureSchema(fixture);
  try {
    return await runCheck({ schemaDir: schema.schemaDir, base: fixtureBase(), ...options });
  } finally {
    schema.cleanup();
  }
}

describe('schema check on a mistake', () => {
  it('When a subgraph removes a field a catalogued operation uses, then the diff and the operation fail with its file and line', async () => {
    const report = await checkFixture('removed-field-used');

    expect(report.ok).toBe(false);
    expect(errorsOf(report)).toEqual([
      {
        step: 'diff',
        severity: 'error',
        code: 'FIELD_REMOVED',
        message:
          "[orders] Field 'phone' was removed from object type 'Customer' (breaking); used by ShopAccountOrders (schema/operations/shop/accountOrders.graphql:7).",
        subgraphs: ['orders'],
        coordinate: 'Customer.phone',
        location: { file: 'schema/operations/shop/accountOrders.graphql', line: 7, column: 1 },
        fix: USED_BREAK_FIX,
      },
      {
        step: 'operations',
        severity: 'error',
        code: 'INVALID_OPERATION',
        message: 'ShopAccountOrders: Cannot query field "phone" on type "Customer".',
        fix: OPERATION_FIX,
        location: { file: 'schema/operations/shop/accountOrders.graphql', line: 7, column: 5 },
      },
    ]);
  });

  it('When a nullable argument becomes non-null, then it is breaking and every call without it fails at its line', async () => {
    const report = await checkFixture('argument-nullable-to-non-null');

    expect(errorsOf(report).map((f) => [f.code, f.message, f.location])).toEqual([
      [
        'FIELD_ARGUMENT_TYPE_CHANGED',
        "[orders] Type for argument 'email' on field 'Query.customer' changed from 'String' to 'String!' (breaking); used by AgentCustomerOverview (schema/operations/agent-console/customerOverview.graphql:3), ShopAccountOrders (schema/operations/shop/accountOrders.graphql:3), TillCustomerByPhone (schema/operations/till/customerByPhone.graphql:3).",
        { file: 'schema/operations/agent-console/customerOverview.graphql', line: 3, column: 1 },
      ],
      [
        'INVALID_OPERATION',
        'ShopAccountOrders: Field "customer" argument "email" of type "String!" is required, but it was not provided.',
        { file: 'schema/operations/shop/accountOrders.graphql', line: 3, column: 3 },
      ],
      [
        'INVALID_OPERATION',
        'TillCustomerByPhone: Field "customer" argument "email" of type "String!" is required, but it was not provided.',
        { file: 'schema/operations/till/customerByPhone.graphql', line: 3, column: 3 },
      ],
    ]);
  });

  it('When an enum value is removed, then it is breaking and the operation sending it fails at its line', async () => {
    const report = await checkFixture('enum-value-removed');

    expect(errorsOf(report).map((f) => [f.code, f.message, f.location])).toEqual([
      [
        'ENUM_VALUE_REMOVED',
        "[orders, pricing, support] Enum value 'PHONE' was removed from enum 'Channel' (breaking); used by AgentCustomerOverview (schema/operations/agent-console/customerOverview.graphql:15), ShopOrderPage (schema/operations/shop/orderPage.graphql:6), TillCustomerByPhone (schema/operations/till/customerByPhone.graphql:9), TillProductPrice (schema/operations/till/productPrice.graphql:6).",
        { file: 'schema/operations/agent-console/customerOverview.graphql', line: 15, column: 1 },
      ],
      [
        'INVALID_OPERATION',
        'AgentCustomerOverview: Value "PHONE" does not exist in "Channel" enum. Did you mean the enum value "STORE"?',
        { file: 'schema/operations/agent-console/customerOverview.graphql', line: 15, column: 26 },
      ],
    ]);
  });

  it("When an argument's type changes, then it is breaking and the operation's variable fails at its line", async () => {
    const report = await checkFixture('argument-type-changed');

    expect(errorsOf(report).map((f) => [f.code, f.message, f.location])).toEqual([
      [
        'FIELD_ARGUMENT_TYPE_CHANGED',
        "[orders] Type for argument 'number' on field 'Query.order' changed from 'ID!' to 'Int!' (breaking); used by ShopOrderPage (schema/operations/shop/orderPage.graphql:3).",
        { file: 'schema/operations/shop/orderPage.graphql', line: 3, column: 1 },
      ],
      [
        'INVALID_OPERATION',
        'ShopOrderPage: Variable "$number" of type "ID!" used in position expecting type "Int!".',
        { file: 'schema/operations/shop/orderPage.graphql', line: 2, column: 21 },
      ],
    ]);
  });

  it('When a field moves to another subgraph without @override, then the new owner is told to add it', async () => {
    const report = await checkFixture('field-moved-without-override');

    expect(report.changes).toEqual([]);
    expect(errorsOf(report)).toEqual([
      {
        step: 'rules',
        severity: 'error',
        code: 'MOVED_WITHOUT_OVERRIDE',
        message: '[support] Customer.phone moved from orders to support without @override.',
        subgraphs: ['support', 'orders'],
        coordinate: 'Customer.phone',
        fix: 'In schema/support.graphql declare Customer.phone with @override(from: "orders") (import "@override" in its @link), compose and deploy support, then remove the field from orders.',
        location: { file: 'schema/support.graphql', line: 96, column: 3 },
      },
    ]);
  });

  it('When orders adds a price field to Product, then the pricing-only rule names orders, the field and the fix', async () => {
    const report = await checkFixture('price-field-in-orders');

    expect(errorsOf(report)).toEqual([
      {
        step: 'rules',
        severity: 'error',
        code: 'FIELD_OWNER',
        message: '[orders] Product.listPrice is served by orders, but price and money-amount fields of Product come only from pricing.',
        subgraphs: ['orders'],
        coordinate: 'Product.listPrice',
        fix: 'Remove listPrice from Product in schema/orders.graphql and let pricing serve it; orders may read a pricing field with @external and @requires.',
        location: { file: 'schema/orders.graphql', line: 187, column: 3 },
      },
    ]);
  });

  it('When two subgraphs give a shared field different types, then composition fails with both subgraphs, the field and the fix', async () => {
    const report = await checkFixture('conflicting-field-types');

    expect(report.steps.map((s) => [s.step, s.status])).toEqual([
      ['compose', 'failed'],
      ['drift', 'skipped'],
      ['diff', 'skipped'],
      ['operations', 'skipped'],
      ['rules', 'skipped'],
      ['events', 'passed'],
    ]);
    expect(errorsOf(report)).toEqual([
      {
        step: 'compose',
        severity: 'error',
        code: 'FIELD_TYPE_MISMATCH',
        message:
          'Type of field "Money.amount" is incompatible across subgraphs: it has type "String!" in subgraph "orders" but type "Float!" in subgraph "pricing"',
        subgraphs: ['orders', 'pricing'],
        coordinate: 'Money.amount',
        fix: 'Give Money.amount the same type in every subgraph that defines it.',
        location: { file: 'schema/orders.graphql', line: 177, column: 3 },
      },
    ]);
  });

  it('When a subgraph SDL has a syntax error, then the check names the file and line instead of crashing', async () => {
    const schema = fixtureSchema();
    try {
      const path = join(schema.schemaDir, 'pricing.graphql');
      writeFileSync(path, readFileSync(path, 'utf8').replace('  sku: ID!\n  "Product name."', '  sku: ID!!\n  "Product name."'));

      const report = await runCheck({ schemaDir: schema.schemaDir, base: fixtureBase() });

      expect(errorsOf(report).map((f) => [f.code, f.message, f.location])).toEqual([
        ['INVALID_GRAPHQL', '[pricing] schema/pricing.graphql: Syntax Error: Expected Name, found "!".', { file: 'schema/pricing.graphql', line: 40, column: 11 }],
      ]);
    } finally {
      schema.cleanup();
    }
  });
});
