import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCheck } from '../check';
import { errorsOf, fixtureBase, fixtureSchema } from './support/fixtureSchema';

describe('agent tool operations', () => {
  it('When an agent tool file breaks the tool conventions though it validates, then the check fails at that file', async () => {
    const schema = fixtureSchema();
    try {
      const dir = join(schema.schemaDir, 'operations', 'agent');
      mkdirSync(dir, { recursive: true });
      // Valid GraphQL, but a mutation tool must declare its annotations, and its argument has no description.
      writeFileSync(
        join(dir, 'set_price.graphql'),
        '# Sets a price.\nmutation SetPrice($sku: ID!, $amount: String!) {\n  setProductPrice(sku: $sku, amount: $amount) {\n    sku\n  }\n}\n',
      );

      const report = await runCheck({ schemaDir: schema.schemaDir, base: fixtureBase() });

      const agentErrors = errorsOf(report).filter((f) => f.code === 'INVALID_AGENT_TOOL');
      expect(agentErrors.length).toBeGreaterThan(0);
      expect(agentErrors.every((f) => f.location?.file.endsWith('operations/agent/set_price.graphql'))).toBe(true);
      expect(agentErrors.map((f) => f.message).join('\n')).toMatch(/annotations/);
      expect(report.ok).toBe(false);
    } finally {
      schema.cleanup();
    }
  });
});
