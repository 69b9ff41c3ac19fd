import type { TestGraph } from '../../test/support/graph';

/** Percentile of a sorted copy, nearest rank. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** A PLACED order of the customer, made directly in Orders' database, so every round has one to cancel. */
export async function placeOrder(graph: TestGraph, customerId: string, round: number): Promise<string> {
  const number = String(800_000_000 + ((Date.now() % 1_000_000) * 100 + round) % 100_000_000);
  await graph.subgraphs.orders!.db.query(
    `INSERT INTO orders (number, customer_id, placed_at, channel, status, currency) VALUES ($1, $2, now(), 'WEB', 'PLACED', 'USD')`,
    [number, customerId],
  );
  return number;
}

export async function waitFor(condition: () => boolean, ms: number, what: string | (() => string)): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`${typeof what === 'string' ? what : what()}: not within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

export function ms(value: number): string {
  return `${value.toFixed(1)} ms`;
}
