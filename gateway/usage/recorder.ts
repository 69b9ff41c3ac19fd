import { getOperationAST, type DocumentNode, type GraphQLSchema } from 'graphql';
import { Counter, type Registry } from 'prom-client';
import type { Logger } from '../../common/logger';
import type { UsageClient } from './client';
import { operationCoordinates } from './coordinates';
import { operationSignature, signatureId } from './signature';
import type { OperationShape, UsageCount, UsageStore } from './usageData';

/** One operation a client sent, as the gateway resolved it (validated against `schema`). */
export interface UsageRecord {
  schema: GraphQLSchema;
  document: DocumentNode;
  operationName?: string | null;
  client: UsageClient;
}

export interface UsageRecorderOptions {
  store: UsageStore;
  log: Logger;
  /** The gateway's metrics registry: usage_* counters are registered there. */
  registry?: Registry;
  /** Counts are kept per bucket of this length (default one minute). */
  bucketMs?: number;
  /** How often pending counts are written (default 10 s). */
  flushMs?: number;
  /** Distinct (bucket, operation, client, version) counters held at most; past it new ones are dropped and counted. */
  maxCounters?: number;
  now?: () => number;
}

/**
 * Usage reporting, off the request path: record() finds the operation's shape (signature and schema
 * coordinates, computed once per schema, document and operation) and increments a counter; a timer
 * writes the counters to the store in batches. Memory is bounded by maxCounters; when the store is
 * down the counters are kept for the next flush (within the bound), the failure is counted and logged,
 * and no request ever waits for or fails on the store. stop() writes what is left.
 */
export class UsageRecorder {
  private readonly shapes = new WeakMap<GraphQLSchema, WeakMap<DocumentNode, Map<string, OperationShape | null>>>();
  private pending = new Map<string, UsageCount>();
  private unwritten = new Map<string, OperationShape>();
  private readonly written = new Set<string>();
  private readonly bucketMs: number;
  private readonly maxCounters: number;
  private readonly now: () => number;
  private readonly timer: NodeJS.Timeout;
  private flushing: Promise<void> | undefined;
  private stopped = false;
  private failedAt = -Infinity;
  private lastBucket = { start: NaN, iso: '' };
  private readonly flushMs: number;
  private readonly recorded?: Counter;
  private readonly failures?: Counter;
  private readonly dropped?: Counter;

  constructor(private readonly options: UsageRecorderOptions) {
    this.bucketMs = options.bucketMs ?? 60_000;
    this.maxCounters = options.maxCounters ?? 10_000;
    this.now = options.now ?? Date.now;
    this.flushMs = options.flushMs ?? 10_000;
    this.timer = setInterval(() => void this.flush(), this.flushMs);
    this.timer.unref();
    const registers = options.registry ? [options.registry] : [];
    if (registers.length > 0) {
      this.recorded = new Counter({ name: 'usage_operations_recorded_total', help: 'Operations counted for usage reporting', registers });
      this.failures = new Counter({ name: 'usage_store_failures_total', help: 'Flushes of usage counts the usage store refused or did not answer', registers });
      this.dropped = new Counter({ name: 'usage_counts_dropped_total', help: 'Operations not counted because the usage buffer was full (the store down for long)', registers });
    }
  }

  /** Counts one operation. Never throws: usage reporting must not fail a request. */
  record(record: UsageRecord): void {
    try {
      const shape = this.shapeOf(record);
      if (!shape) return;
      const bucket = this.bucketOf(this.now());
      const key = `${bucket}\u0000${shape.id}\u0000${record.client.name}\u0000${record.client.version}`;
      const counter = this.pending.get(key);
      if (counter) counter.count += 1;
      else if (this.pending.size >= this.maxCounters) {
        this.dropped?.inc();
        return;
      } else {
        this.pending.set(key, { bucket, operation: shape.id, client: record.client.name, version: record.client.version, count: 1 });
        if (!this.written.has(shape.id)) this.unwritten.set(shape.id, shape);
        // Half full: write early, unless the store just failed (the timer retries; no flush per request).
        if (this.pending.size >= this.maxCounters / 2 && !this.flushing && this.now() - this.failedAt > this.flushMs) void this.flush();
      }
      this.recorded?.inc();
    } catch (error) {
      this.options.log.warn({ err: error }, 'usage: an operation could not be counted');
    }
  }

  /** Writes the pending counts (one flush at a time; a second call waits for the first, then writes the rest). */
  flush(): Promise<void> {
    const run = async (): Promise<void> => {
      if (this.flushing) await this.flushing.catch(() => {});
      if (this.pending.size === 0) return;
      const counts = [...this.pending.values()];
      const operations = [...this.unwritten.values()];
      this.pending = new Map();
      this.unwritten = new Map();
      try {
        await this.options.store.write({ operations, counts });
        if (this.written.size > 50_000) this.written.clear(); // bound: a shape written twice is read once
        for (const operation of operations) this.written.add(operation.id);
      } catch (error) {
        this.failures?.inc();
        this.failedAt = this.now();
        this.restore(counts, operations);
        this.options.log.warn({ err: error, store: this.options.store.description, pending: this.pending.size }, 'usage: the usage store refused a flush; counts kept for the next one');
      }
    };
    const flushing = run().finally(() => {
      if (this.flushing === flushing) this.flushing = undefined;
    });
    this.flushing = flushing;
    return flushing;
  }

  /** Graceful stop: no more timer, everything pending written (once, however often called). */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    clearInterval(this.timer);
    await this.flush();
    await this.options.store.close();
  }

  /** The bucket's ISO start, formatted once per bucket rather than once per request. */
  private bucketOf(at: number): string {
    const start = at - (at % this.bucketMs);
    if (start !== this.lastBucket.start) this.lastBucket = { start, iso: new Date(start).toISOString() };
    return this.lastBucket.iso;
  }

  private shapeOf({ schema, document, operationName }: UsageRecord): OperationShape | null {
    let documents = this.shapes.get(schema);
    if (!documents) this.shapes.set(schema, (documents = new WeakMap()));
    let operations = documents.get(document);
    if (!operations) documents.set(document, (operations = new Map()));
    const name = operationName ?? '';
    let shape = operations.get(name);
    if (shape === undefined) {
      const operation = getOperationAST(document, operationName ?? undefined);
      if (operation) {
        const signature = operationSignature(document, operation);
        shape = { id: signatureId(signature), name: operation.name?.value ?? '', type: operation.operation, signature, coordinates: operationCoordinates(schema, document, operation) };
      } else shape = null;
      operations.set(name, shape);
    }
    return shape;
  }

  /** Counts a failed flush did not write go back, merged with those counted since, within the bound. */
  private restore(counts: UsageCount[], operations: OperationShape[]): void {
    for (const operation of operations) if (!this.unwritten.has(operation.id)) this.unwritten.set(operation.id, operation);
    for (const count of counts) {
      const key = `${count.bucket}\u0000${count.operation}\u0000${count.client}\u0000${count.version}`;
      const newer = this.pending.get(key);
      if (newer) newer.count += count.count;
      else if (this.pending.size < this.maxCounters) this.pending.set(key, count);
      else this.dropped?.inc(count.count);
    }
  }
}
