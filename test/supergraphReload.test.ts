import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SUPERGRAPH_PATH } from '../common/composition';
import { STORY } from '../demo/stories';
import { startTestGraph, type TestGraph } from './support/graph';

/** A gateway picks up a new supergraph without a restart, and refuses one that does not build. */
let graph: TestGraph;
const file = join(mkdtempSync(join(tmpdir(), 'supergraph-')), 'supergraph.graphql');

beforeAll(async () => {
  copyFileSync(SUPERGRAPH_PATH, file);
  graph = await startTestGraph({ customers: 5, gateway: { supergraphPath: file, supergraphPollMs: 100 } });
});
afterAll(() => graph?.stop());

const PROMOTIONS = `{ product(sku: "${STORY.partyLights.sku}") { activePromotions { name } } }`;

async function eventually(check: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('supergraph reload', () => {
  test('When the supergraph file changes, then the gateway serves the new one; when it is broken, the last good one keeps serving', async () => {
    expect((await graph.query(PROMOTIONS)).data.product.activePromotions).toEqual([{ name: 'Garden party mailer' }]);

    const withoutPromotions = readFileSync(SUPERGRAPH_PATH, 'utf8').replace(
      /\n\s*"""Promotions running now\."""\n\s*activePromotions: \[Promotion!\]! @join__field\(graph: PRICING\)/,
      '',
    );
    expect(withoutPromotions).not.toContain('activePromotions');
    writeFileSync(file, withoutPromotions);
    await eventually(async () => (await graph.query(PROMOTIONS)).errors?.[0]?.extensions?.code === 'GRAPHQL_VALIDATION_FAILED');

    writeFileSync(file, 'this is not a supergraph {');
    await new Promise((resolve) => setTimeout(resolve, 500)); // several polls
    const stillServing = await graph.query(`{ product(sku: "${STORY.partyLights.sku}") { name } }`);
    expect(stillServing.data.product.name).toBe('Party Lights, 20 bulbs');
    expect((await graph.query(PROMOTIONS)).errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});
