import type { ExecutionResult } from 'graphql';
import { sseClient, wsClient, type LiveClient } from '../../test/live/support/clients';

const ACTIVITY = 'subscription HoldActivity($id: ID!) { customerActivity(customerId: $id) { kind supportCase { number } order { number } } }';
const ORDER = 'subscription HoldOrder($number: ID!) { orderChanged(number: $number) { kind order { number status } } }';

type Transport = 'sse' | 'ws';

/** One open subscription and what it has received. */
interface Watch {
  label: string;
  transport: Transport;
  kind: 'activity' | 'order';
  /** The order an orderChanged watch is on. */
  number?: string;
  /** Case numbers (activity) or order numbers (order) seen in payloads, once per payload. */
  seen: string[];
  payloads: number;
  errors: string[];
  ended: boolean;
  stream: AsyncIterableIterator<ExecutionResult>;
  reader: Promise<void>;
}

/** What the subscriptions received against the mutations the load made. */
export interface LiveTally {
  subscriptions: { sse: number; ws: number };
  payloads: number;
  /** Payloads the mutations called for: each opened case on every activity watch, each cancellation of a watched order on its watch. */
  expected: number;
  matched: number;
  missing: number;
  duplicates: number;
  /** Streams that ended or failed before the soak closed them. */
  problems: string[];
}

/**
 * Subscriptions held open through a soak on both gateway replicas and both transports: the activity
 * of the customer the load opens cases for, and `orderChanged` on some of the orders it cancels.
 * Afterwards each payload is matched to the mutation that caused it: every mutation exactly once on
 * every subscription that should see it, nothing missing, nothing twice.
 */
export class LiveWatchers {
  private readonly clients: LiveClient[] = [];
  private readonly watches: Watch[] = [];
  private closing = false;

  constructor(gatewayOrigins: string[], token: string) {
    for (const origin of gatewayOrigins) {
      this.clients.push(sseClient(`${origin}/graphql`, token), wsClient(`${origin}/graphql`, token));
    }
  }

  /** Activity of one customer on every client (each replica, each transport); one orderChanged per order, spread over the clients. */
  open(customerId: string, orderNumbers: string[]): void {
    this.clients.forEach((client, i) => this.watch(client, i, 'activity', ACTIVITY, { id: customerId }));
    orderNumbers.forEach((number, i) => this.watch(this.clients[i % this.clients.length], i % this.clients.length, 'order', ORDER, { number }, number));
  }

  private watch(client: LiveClient, index: number, kind: Watch['kind'], query: string, variables: Record<string, unknown>, number?: string): void {
    const transport: Transport = index % 2 === 0 ? 'sse' : 'ws';
    const stream = client.subscribe(query, variables);
    const watch: Watch = { label: `${kind}${number ? ` ${number}` : ''} via ${transport} on replica ${Math.floor(index / 2) + 1}`, transport, kind, number, seen: [], payloads: 0, errors: [], ended: false, stream, reader: Promise.resolve() };
    watch.reader = (async () => {
      try {
        for await (const result of stream) {
          watch.payloads++;
          if (result.errors?.length) watch.errors.push(result.errors.map((e) => `${e.extensions?.code ?? 'NO_CODE'}: ${e.message}`).join('; '));
          const data = result.data as { customerActivity?: { kind: string; supportCase?: { number: string } | null }; orderChanged?: { kind: string; order?: { number: string } } } | null | undefined;
          if (data?.customerActivity?.kind === 'SUPPORT_CASE_OPENED' && data.customerActivity.supportCase) watch.seen.push(data.customerActivity.supportCase.number);
          if (data?.orderChanged?.kind === 'CANCELLED' && data.orderChanged.order) watch.seen.push(data.orderChanged.order.number);
        }
      } catch (error) {
        watch.errors.push(String((error as Error)?.message ?? error).slice(0, 200));
      }
      if (!this.closing) watch.ended = true;
    })();
    this.watches.push(watch);
  }

  /** Resolves once every activity watch has seen `caseNumber` (the load waits for it: then every subscription is live). */
  async waitForCase(caseNumber: string, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const activity = () => this.watches.filter((w) => w.kind === 'activity');
    while (!activity().every((w) => w.seen.includes(caseNumber))) {
      if (Date.now() > deadline) throw new Error(`subscriptions not live after ${timeoutMs} ms: ${activity().filter((w) => !w.seen.includes(caseNumber)).map((w) => `${w.label}${w.errors.length ? ` (${w.errors[0]})` : ''}`).join(', ')}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** Compares what arrived with the cases opened and orders cancelled, waiting up to `settleMs` for stragglers. */
  async tally(casesOpened: string[], ordersCancelled: string[], settleMs = 15_000): Promise<LiveTally> {
    const cancelled = new Set(ordersCancelled);
    const expectedOf = (w: Watch) => (w.kind === 'activity' ? casesOpened : cancelled.has(w.number!) ? [w.number!] : []);
    const deadline = Date.now() + settleMs;
    while (Date.now() < deadline && this.watches.some((w) => !w.ended && expectedOf(w).some((n) => !w.seen.includes(n)))) {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    let expected = 0;
    let matched = 0;
    let duplicates = 0;
    const problems: string[] = [];
    for (const w of this.watches) {
      const want = expectedOf(w);
      const counts = new Map<string, number>();
      for (const n of w.seen) counts.set(n, (counts.get(n) ?? 0) + 1);
      expected += want.length;
      matched += want.filter((n) => counts.has(n)).length;
      duplicates += [...counts.values()].reduce((d, c) => d + c - 1, 0);
      if (w.ended) problems.push(`${w.label} ended early`);
      if (w.errors.length) problems.push(`${w.label}: ${w.errors.length} errors (${w.errors[0]})`);
    }
    return {
      subscriptions: { sse: this.watches.filter((w) => w.transport === 'sse').length, ws: this.watches.filter((w) => w.transport === 'ws').length },
      payloads: this.watches.reduce((n, w) => n + w.payloads, 0),
      expected,
      matched,
      missing: expected - matched,
      duplicates,
      problems,
    };
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.watches.map((w) => w.stream.return?.()));
    await Promise.allSettled(this.watches.map((w) => w.reader));
    await Promise.all(this.clients.map((c) => c.dispose()));
  }
}
