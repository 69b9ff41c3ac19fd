import type { ExecutionResult } from 'graphql';
import { STORY } from '../../demo/stories';
import type { TestGraph } from '../../test/support/graph';
import { wsClient } from '../../test/live/support/clients';
import { placeOrder, waitFor } from './measure';

export interface FanOut {
  subscriptions: number;
  /** Domain events fanned out: each cancellation is two (ORDER_CANCELLED, then NOTIFICATION_SENT once the notice went out). */
  events: number;
  /** From cancelOrder's answer to the last of the subscribers' ORDER_CANCELLED payloads (median over the changes). */
  allDeliveredMs: number;
  payloadsPerSecond: number;
  rssBeforeMiB: number;
  rssOpenMiB: number;
  /** CPU of the whole process (gateway, subgraphs, the notice sent) per domain event delivered to every subscriber. */
  cpuMsPerEvent: number;
  listenersAfterClose: number;
}

/**
 * How the subscribers are: `shared`, one agent's identical subscriptions (one connection), which the
 * gateway answers with one execution per event; `distinct`, each subscriber an agent of its own (a
 * connection each), so every payload is executed for its own identity.
 */
export type FanOutMode = 'shared' | 'distinct';

const CONNECT_BATCH = 100;

type Received = Record<'ORDER_CANCELLED' | 'NOTIFICATION_SENT' | 'other', number>;

/** A few of the errors subscribers were sent, by code, for a failed run's message. */
const errorsSeen = new Map<string, number>();
const samples = (seen: Map<string, number>) => [...seen].map(([code, n]) => `${code} ×${n}`).join(', ') || 'no errors';

async function read(stream: AsyncIterableIterator<ExecutionResult>, received: Received): Promise<void> {
  for await (const payload of stream) {
    for (const error of payload.errors ?? []) {
      const code = `${String(error.extensions?.code)}: ${error.message.slice(0, 80)}`;
      errorsSeen.set(code, (errorsSeen.get(code) ?? 0) + 1);
    }
    const kind = (payload.data as { customerActivity?: { kind?: string } } | null)?.customerActivity?.kind;
    received[kind === 'ORDER_CANCELLED' || kind === 'NOTIFICATION_SENT' ? kind : 'other'] += 1;
  }
}

/** `count` open subscriptions to one customer's activity on one gateway, over graphql-ws, and `changes` cancellations. */
export async function fanOut(graph: TestGraph, count: number, changes: number, mode: FanOutMode): Promise<FanOut> {
  global.gc?.();
  const rssBefore = process.memoryUsage().rss;
  const clients =
    mode === 'shared'
      ? [wsClient(graph.gatewayUrl, await graph.token('agent', 'bench-fanout'))]
      : await Promise.all(Array.from({ length: count }, async (_, i) => wsClient(graph.gatewayUrl, await graph.token('agent', `bench-fanout-${i}`))));
  // Orders' fields only: with a field of Support, a thousand distinct callers' payloads per event outran the
  // subgraphs' PostgreSQL pools on this 2-core machine (DATABASE_UNAVAILABLE; docs/live-graph.md).
  const query = `subscription($id: ID!) { customerActivity(customerId: $id) { kind order { number status } } }`;
  const received = { ORDER_CANCELLED: 0, NOTIFICATION_SENT: 0, other: 0 };
  const failures: unknown[] = [];
  const streams: AsyncIterableIterator<ExecutionResult>[] = [];
  const readers: Promise<void>[] = [];
  // Opened a batch at a time: a thousand connections at once overflow the listen backlog of a loaded machine.
  for (let opened = 0; opened < count; opened += CONNECT_BATCH) {
    for (let i = opened; i < Math.min(count, opened + CONNECT_BATCH); i++) {
      const stream = clients[i % clients.length].subscribe(query, { id: STORY.chris.id });
      streams.push(stream);
      readers.push(read(stream, received).catch((error: unknown) => void failures.push(error)));
    }
    const open = Math.min(count, opened + CONNECT_BATCH);
    await waitFor(() => graph.gateway.live.openCount >= open || failures.length > 0, 120_000, `${open} subscriptions`);
    if (failures.length > 0) throw new Error(`a subscriber failed: ${(failures[0] as Error)?.message ?? String(failures[0])}`);
  }
  const streamsToOrders = mode === 'shared' ? 1 : count;
  await waitFor(() => graph.subgraphs.orders!.live.listenerCount >= streamsToOrders, 120_000, `${streamsToOrders} streams to Orders`);
  global.gc?.();
  const rssOpen = process.memoryUsage().rss;
  const durations: number[] = [];
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  for (let round = 0; round < changes; round++) {
    const number = await placeOrder(graph, STORY.chris.id, 10_000 + round);
    const target = (round + 1) * count;
    const { errors } = await graph.query(`mutation { cancelOrder(number: "${number}", reason: CUSTOMER_REQUEST) { status } }`);
    if (errors) throw new Error(`cancelOrder failed: ${JSON.stringify(errors)}`);
    const answered = performance.now();
    await waitFor(() => received.ORDER_CANCELLED >= target, 180_000, () => `cancellation payloads of change ${round} (so far ${JSON.stringify(received)}; ${samples(errorsSeen)})`);
    durations.push(performance.now() - answered);
    // The change is done when the notice's payloads are out too: the next change does not overlap it.
    await waitFor(() => received.NOTIFICATION_SENT >= target, 180_000, () => `notification payloads of change ${round} (so far ${JSON.stringify(received)}; ${samples(errorsSeen)})`);
  }
  if (received.other > 0 || failures.length > 0) throw new Error(`${received.other} payloads of another kind or with no data, ${failures.length} subscribers failed`);
  const events = 2 * changes;
  const elapsed = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  await Promise.all(streams.map((stream) => stream.return?.()));
  await Promise.allSettled(readers);
  await Promise.all(clients.map((client) => client.dispose()));
  await waitFor(() => graph.subgraphs.orders!.live.listenerCount === 0 && graph.gateway.live.openCount === 0, 30_000, 'listeners back to zero');
  durations.sort((a, b) => a - b);
  return {
    subscriptions: count,
    events,
    allDeliveredMs: durations[Math.floor(durations.length / 2)],
    payloadsPerSecond: (received.ORDER_CANCELLED + received.NOTIFICATION_SENT) / (elapsed / 1000),
    rssBeforeMiB: rssBefore / 2 ** 20,
    rssOpenMiB: rssOpen / 2 ** 20,
    cpuMsPerEvent: (cpu.user + cpu.system) / 1000 / events,
    listenersAfterClose: graph.subgraphs.orders!.live.listenerCount,
  };
}
