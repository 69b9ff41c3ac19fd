import type { DemoWorld } from '../demo/types';
import type { SubgraphName } from '../common/subgraphs';
import type { PlannedFetch } from './plan';
import type { BenchOperation } from './workload';

/** Keys of the entities the plans fetch, and the field that names them. */
const ENTITY_KEYS: Record<string, { field: string; values: (world: DemoWorld) => string[] }> = {
  Customer: { field: 'id', values: (w) => [...new Set(w.orders.map((o) => o.customerId))] },
  Order: { field: 'number', values: (w) => w.orders.map((o) => o.number) },
  Product: { field: 'sku', values: (w) => w.products.map((p) => p.sku) },
};

/**
 * Request bodies for one planned fetch sent straight to its subgraph, as the gateway would send
 * it: root fields take the operation's own variables, entity fetches take representations of
 * entities from the bench world (one Customer or Order, three Products, like an overview).
 */
export function directBodies(fetch: PlannedFetch, operation: BenchOperation, world: DemoWorld, count = 100): string[] {
  if (!fetch.entities) {
    return operation.variables.slice(0, count).map((variables) => JSON.stringify({ query: fetch.operation, variables }));
  }
  const type = /\.\.\.\s*on\s+(\w+)/.exec(fetch.operation)?.[1] ?? '';
  const key = ENTITY_KEYS[type];
  if (!key) throw new Error(`no bench keys for entity type ${type}`);
  const values = key.values(world);
  const perRequest = type === 'Product' ? 3 : 1;
  const step = Math.max(1, Math.floor(values.length / (count * perRequest)));
  return Array.from({ length: count }, (_, i) => {
    const representations = Array.from({ length: perRequest }, (_, k) => ({
      __typename: type,
      [key.field]: values[((i * perRequest + k) * step) % values.length],
    }));
    return JSON.stringify({ query: fetch.operation, variables: { representations } });
  });
}

/** Every planned fetch of the operations, grouped by the subgraph it goes to. */
export function directBodiesBySubgraph(
  plans: Array<{ operation: BenchOperation; fetches: PlannedFetch[] }>,
  world: DemoWorld,
): Partial<Record<SubgraphName, string[]>> {
  const bySubgraph: Partial<Record<SubgraphName, string[]>> = {};
  for (const { operation, fetches } of plans) {
    for (const fetch of fetches) (bySubgraph[fetch.subgraph as SubgraphName] ??= []).push(...directBodies(fetch, operation, world, 50));
  }
  return bySubgraph;
}
