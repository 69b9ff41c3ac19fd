/**
 * The history a consistency run records: every operation with the client's clock when it was sent and
 * when its answer arrived (performance.now(), milliseconds). Times are the client's, so a write "completed"
 * when its client heard back, and a read "started" when it was sent: the checker's bar is what a client can
 * tell, not what the servers' clocks say.
 */

/** What a completed write makes true, for every read that starts after it. */
export type Fact =
  | { kind: 'cancelled'; order: string }
  | { kind: 'returned'; order: string; returnId: string }
  | { kind: 'noted'; caseNumber: string; summary: string }
  /** Prices only grow in a run (each write of a product is higher than the last), so "at least" is exact. */
  | { kind: 'priced'; sku: string; cents: number };

export type Replica = string;

export interface WriteOp {
  id: number;
  /** The mutation (cancelOrder, requestReturn, setProductPrice, addCaseInteraction). */
  operation: string;
  replica: Replica;
  start: number;
  end: number;
  /** Undefined when the write failed or its answer never came: it may or may not have happened. */
  fact?: Fact;
  error?: string;
}

/** One entity as a read saw it. A read may see the same entity more than once (a case's order and the customer's). */
export interface Observation {
  orders: Array<{ number: string; status: string; returnIds: string[] }>;
  cases: Array<{ number: string; summaries: string[] }>;
  prices: Array<{ sku: string; cents: number }>;
}

export interface ReadOp {
  id: number;
  operation: string;
  replica: Replica;
  start: number;
  end: number;
  /** Undefined when the read failed (an error, a dropped connection): nothing to check. */
  observation?: Observation;
  /** Representations the replica served from its cache (extensions.entityCache.hits). */
  cacheHits: number;
  error?: string;
}

export class History {
  readonly writes: WriteOp[] = [];
  readonly reads: ReadOp[] = [];
  private nextId = 1;

  /** Runs `write`, recording it with its times; `write` returns the fact its answer proves. */
  async write(operation: string, replica: Replica, write: () => Promise<Fact>): Promise<WriteOp> {
    const start = performance.now();
    const op: WriteOp = { id: this.nextId++, operation, replica, start, end: start };
    try {
      op.fact = await write();
    } catch (error) {
      op.error = error instanceof Error ? error.message : String(error);
    }
    op.end = performance.now();
    this.writes.push(op);
    return op;
  }

  async read(operation: string, replica: Replica, read: () => Promise<{ observation: Observation; cacheHits: number }>): Promise<ReadOp> {
    const start = performance.now();
    const op: ReadOp = { id: this.nextId++, operation, replica, start, end: start, cacheHits: 0 };
    try {
      const { observation, cacheHits } = await read();
      op.observation = observation;
      op.cacheHits = cacheHits;
    } catch (error) {
      op.error = error instanceof Error ? error.message : String(error);
    }
    op.end = performance.now();
    this.reads.push(op);
    return op;
  }
}
