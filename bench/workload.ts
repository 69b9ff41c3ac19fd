import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DemoWorld } from '../demo/types';
import { ROOT } from './processes';

/** One of the benchmark's operations: a real document of the catalogue and the variables it is sent with. */
export interface BenchOperation {
  key: OperationKey;
  label: string;
  file: string;
  operationName: string;
  query: string;
  /** Distinct variable sets, cycled through under load (different customers, orders, baskets). */
  variables: Array<Record<string, unknown>>;
}

export type OperationKey = 'customerOverview' | 'orderLookup' | 'basketPrices' | 'supportCase';
export const OPERATION_KEYS: OperationKey[] = ['customerOverview', 'orderLookup', 'basketPrices', 'supportCase'];

const FILES: Record<OperationKey, { file: string; label: string }> = {
  customerOverview: { file: 'agent-console/customerOverview.graphql', label: 'customer overview (4 subgraphs)' },
  orderLookup: { file: 'agent-console/orderLookup.graphql', label: 'order lookup' },
  basketPrices: { file: 'till/basketPrices.graphql', label: 'basket prices (50 products)' },
  supportCase: { file: 'agent-console/supportCase.graphql', label: 'support case with history' },
};

export const BASKET_SIZE = 50;
const DISTINCT_VARIABLES = 200;

export function benchOperations(world: DemoWorld): Record<OperationKey, BenchOperation> {
  const read = (key: OperationKey, variables: Array<Record<string, unknown>>): BenchOperation => {
    const query = readFileSync(join(ROOT, 'schema', 'operations', FILES[key].file), 'utf8');
    const operationName = /\b(?:query|mutation)\s+(\w+)/.exec(query)?.[1] ?? key;
    return { key, ...FILES[key], operationName, query, variables };
  };
  return {
    customerOverview: read('customerOverview', customersWithOrders(world).map((c) => ({ email: c.email }))),
    orderLookup: read('orderLookup', spread(world.orders).map((o) => ({ number: o.number }))),
    basketPrices: read('basketPrices', baskets(world, BASKET_SIZE)),
    supportCase: read('supportCase', spread(world.supportCases.filter((c) => c.orderNumber)).map((c) => ({ number: c.number }))),
  };
}

/** Generated customers with at least one order, so every overview touches all four subgraphs. */
function customersWithOrders(world: DemoWorld) {
  const withOrders = new Set(world.orders.map((o) => o.customerId));
  return spread(world.customers.filter((c) => withOrders.has(c.id) && c.id >= 'CUS-001000'));
}

/** DISTINCT_VARIABLES items spread over the whole list (not just its first rows). */
function spread<T>(items: T[]): T[] {
  const step = Math.max(1, Math.floor(items.length / DISTINCT_VARIABLES));
  return items.filter((_, i) => i % step === 0).slice(0, DISTINCT_VARIABLES);
}

/** Baskets of `size` distinct SKUs, each a different window over the catalogue. */
export function baskets(world: DemoWorld, size: number): Array<{ skus: string[] }> {
  const skus = world.products.map((p) => p.sku);
  return Array.from({ length: 20 }, (_, i) => ({
    skus: Array.from({ length: size }, (_, k) => skus[(i * 7 + k) % skus.length]),
  }));
}

export function requestBody(operation: BenchOperation, index: number): string {
  return JSON.stringify({
    query: operation.query,
    operationName: operation.operationName,
    variables: operation.variables[index % operation.variables.length],
  });
}
