import { InProcessEventBus, type EventBus } from '../../../../common/events';
import { launchSubgraph, type LaunchedSubgraph } from '../../../../common/subgraph';
import { buildDemoWorld, type DemoWorld } from '../../../../demo/world';
import { testDatabase } from '../../../../test/support/database';
import { createSupportService } from '../../service';
import { FakeCustomerDirectory } from './fakeCustomerDirectory';

export interface LaunchedSupport {
  subgraph: LaunchedSubgraph;
  world: DemoWorld;
  directory: FakeCustomerDirectory;
  stop(): Promise<void>;
}

/** One seeded Support subgraph per test file (PGlite takes seconds to start), with a fake Orders directory, publishing on `bus`. */
export async function launchSupport(customers = 20, bus: EventBus = new InProcessEventBus()): Promise<LaunchedSupport> {
  const world = buildDemoWorld({ customers });
  const directory = new FakeCustomerDirectory(world);
  const database = testDatabase('support');
  const subgraph = await launchSubgraph(createSupportService({ customerDirectory: directory }), {
    port: 0,
    database,
    bus,
    world,
  });
  return {
    subgraph,
    world,
    directory,
    async stop() {
      await subgraph.stop();
      await database.cleanup();
    },
  };
}

/** Rows in Support's tables, to prove a refused change wrote nothing. */
export async function rowCounts(subgraph: LaunchedSubgraph): Promise<{ cases: number; interactions: number }> {
  const [row] = await subgraph.db.query<{ cases: string; interactions: string }>(
    `SELECT (SELECT count(*) FROM support_cases)::text AS cases, (SELECT count(*) FROM case_interactions)::text AS interactions`,
  );
  return { cases: Number(row.cases), interactions: Number(row.interactions) };
}
