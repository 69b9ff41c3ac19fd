import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCheck } from '../check';
import { main, type Io } from '../cli';
import { errorsOf, findingsOf, fixtureBase, fixtureSchema } from './support/fixtureSchema';

/** The operation catalogue itself, composition hints, and how the text report shows findings. */

describe('operation catalogue and report text', () => {
  it('When a catalogue file has a syntax error, an unnamed or a duplicate operation, then each fails at its file and line', async () => {
    const schema = fixtureSchema();
    try {
      const dir = join(schema.schemaDir, 'operations', 'kiosk');
      mkdirSync(dir);
      writeFileSync(join(dir, 'broken.graphql'), '# Sent by the store kiosk.\nquery KioskBroken {\n  product(sku: "1") {\n    name\n');
      writeFileSync(join(dir, 'anonymous.graphql'), '# Sent by the store kiosk.\n{\n  product(sku: "1") {\n    name\n  }\n}\n');
      writeFileSync(join(dir, 'duplicate.graphql'), '# Sent by the store kiosk.\nquery TillProductPrice {\n  product(sku: "1") {\n    sku\n  }\n}\n');

      const report = await runCheck({ schemaDir: schema.schemaDir, base: fixtureBase() });

      expect(errorsOf(report).map((f) => [f.code, f.message, f.location])).toEqual([
        ['UNNAMED_OPERATION', 'schema/operations/kiosk/anonymous.graphql: an operation has no name.', { file: 'schema/operations/kiosk/anonymous.graphql', line: 2, column: 1 }],
        ['INVALID_OPERATION', 'schema/operations/kiosk/broken.graphql: Syntax Error: Expected Name, found <EOF>.', { file: 'schema/operations/kiosk/broken.graphql', line: 5, column: 1 }],
        [
          'DUPLICATE_OPERATION_NAME',
          'TillProductPrice: the name is already used by schema/operations/kiosk/duplicate.graphql:2.',
          { file: 'schema/operations/till/productPrice.graphql', line: 2, column: 1 },
        ],
      ]);
    } finally {
      schema.cleanup();
    }
  });

  it('When a field is being moved with @override while the old subgraph still has it, then the hint names the subgraph, field and fix', async () => {
    const schema = fixtureSchema('field-override-in-progress');
    try {
      const report = await runCheck({ schemaDir: schema.schemaDir, base: fixtureBase() });

      expect(report.ok).toBe(true);
      expect(findingsOf(report, 'OVERRIDDEN_FIELD_CAN_BE_REMOVED')).toEqual([
        {
          step: 'compose',
          severity: 'info',
          code: 'OVERRIDDEN_FIELD_CAN_BE_REMOVED',
          message: 'Field "Customer.phone" on subgraph "orders" is overridden. Consider removing it.',
          subgraphs: ['orders'],
          coordinate: 'Customer.phone',
          fix: 'Consider removing it.',
          location: { file: 'schema/orders.graphql', line: 53, column: 3 },
        },
      ]);
    } finally {
      schema.cleanup();
    }
  });

  it('When composition fails, then the text report leads with the subgraphs and the field, then the fix', async () => {
    const schema = fixtureSchema('conflicting-field-types');
    let out = '';
    const io: Io = { stdout: (t) => void (out += t), stderr: () => undefined, env: {}, cwd: schema.schemaDir };
    try {
      const code = await main(['check', '--schema-dir', schema.schemaDir, '--base-file', join(schema.schemaDir, 'supergraph.graphql')], io);

      expect(code).toBe(1);
      expect(out).toContain(
        [
          'Errors (1)',
          '  compose FIELD_TYPE_MISMATCH  schema/orders.graphql:177:3',
          '    [orders, pricing] Money.amount: Type of field "Money.amount" is incompatible across subgraphs: it has type "String!" in subgraph "orders" but type "Float!" in subgraph "pricing"',
          '    Fix: Give Money.amount the same type in every subgraph that defines it.',
        ].join('\n'),
      );
      expect(out).toContain('  rules       skipped  skipped (composition failed)');
      expect(out.trimEnd().split('\n').pop()).toBe('Schema check FAILED: 1 error, 0 warnings.');
    } finally {
      schema.cleanup();
    }
  });
});
