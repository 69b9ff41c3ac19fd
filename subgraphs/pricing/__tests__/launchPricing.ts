import { SERVICE, identityHeaders } from '../../../test/support/identity';
import { InProcessEventBus, type EventBus } from '../../../common/events';
import { launchSubgraph, type LaunchedSubgraph } from '../../../common/subgraph';
import { buildDemoWorld } from '../../../demo/world';
import { testDatabase } from '../../../test/support/database';
import { pricingService } from '../service';

export interface GraphQLResponse<D = any> {
  data?: D;
  errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
}

export interface PricingUnderTest {
  launched: LaunchedSubgraph;
  request<D = any>(query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse<D>>;
  stop(): Promise<void>;
}

/** One pricing subgraph over the demo world on a fresh test database (PGlite, or TEST_DATABASE_URL), publishing on `bus`. */
export async function launchPricing(bus: EventBus = new InProcessEventBus()): Promise<PricingUnderTest> {
  const database = testDatabase('pricing');
  const launched = await launchSubgraph(pricingService, {
    port: 0,
    database,
    bus,
    world: buildDemoWorld({ customers: 20 }),
  });
  return {
    launched,
    async request(query, variables) {
      const response = await fetch(launched.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(await identityHeaders(SERVICE, 'pricing')) },
        body: JSON.stringify({ query, variables }),
      });
      return (await response.json()) as GraphQLResponse;
    },
    async stop() {
      await launched.stop();
      await database.cleanup();
    },
  };
}
