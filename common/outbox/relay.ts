import type { Database } from '../db';
import type { DomainEvent, EventBus } from '../events';
import type { Logger } from '../logger';
import { detached, inPublishSpan } from '../spans';

interface OutboxRow {
  seq: string;
  id: string;
  type: string;
  attempts: number;
  payload: Record<string, unknown>;
  occurredAt: Date;
  traceContext: Record<string, string> | string | null;
}

export interface RelayOptions {
  /** The subgraph whose outbox this is: the events' `source` (default orders, the first outbox). */
  source?: string;
  /** How often to look for events a kick did not cover (other processes, failed publishes). */
  intervalMs?: number;
  batchSize?: number;
}

/**
 * Publishes a subgraph's outbox (the `outbox` table of its migrations) in order. Rows are claimed with FOR UPDATE SKIP LOCKED, so several relays
 * on one PostgreSQL server never publish the same row at once; a row is marked published only
 * after the bus accepted it, so nothing is skipped (a crash in between republishes it, and
 * consumers deduplicate by event id).
 */
export class OutboxRelay {
  private running: Promise<void> | undefined;
  private again = false;
  private timer: NodeJS.Timeout | undefined;

  private readonly db: Database;

  constructor(
    db: Database,
    private readonly bus: EventBus,
    private readonly log: Logger,
    private readonly options: RelayOptions = {},
  ) {
    // Publishing is nobody's request: its statements are counted apart from the requests' own.
    this.db = db.background();
  }

  start(): void {
    this.timer = setInterval(() => this.kick(), this.options.intervalMs ?? 1000);
    this.timer.unref();
    this.kick();
  }

  /** Publish now (after a commit); coalesces with a run already under way. */
  kick(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    // A kick comes from a request's commit: the relay's work (other requests' events too) is not that request's.
    this.running = detached(() => this.run()).finally(() => {
      this.running = undefined;
      if (this.again) {
        this.again = false;
        this.kick();
      }
    });
  }

  /** Resolves when the runs under way, and the ones they asked for, have finished. */
  async drain(): Promise<void> {
    while (this.running) await this.running;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.drain();
  }

  private async run(): Promise<void> {
    try {
      while ((await this.publishBatch()) === 'more');
    } catch (error) {
      this.log.error({ err: error }, 'outbox relay failed; retrying on the next tick');
    }
  }

  private publishBatch(): Promise<'more' | 'done'> {
    const batchSize = this.options.batchSize ?? 100;
    return this.db.transaction(async (tx) => {
      // outbox.seq, the number: a bare `seq` would sort by the text alias below ('10' before '9').
      const rows = await tx.query<OutboxRow>(
        `SELECT seq::text AS seq, id, type, attempts, payload, occurred_at AS "occurredAt", trace_context AS "traceContext" FROM outbox
         WHERE published_at IS NULL ORDER BY outbox.seq LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [batchSize],
      );
      const published: string[] = [];
      let failed = false;
      for (const row of rows) {
        try {
          await inPublishSpan(toEvent(row, this.options.source ?? 'orders'), (event) => this.bus.publish(event));
          published.push(row.seq);
        } catch (error) {
          failed = true;
          // Warn once per event; a bus that stays down would otherwise flood the log every tick.
          const level = row.attempts === 0 ? 'warn' : 'debug';
          this.log[level]({ err: error, eventId: row.id, type: row.type }, 'event not accepted by the bus; kept in the outbox');
          await tx.query('UPDATE outbox SET attempts = attempts + 1, last_error = $2 WHERE seq = $1::bigint', [
            row.seq,
            String((error as Error)?.message ?? error),
          ]);
          break; // keep order: later events wait for this one
        }
      }
      if (published.length > 0) {
        await tx.query('UPDATE outbox SET published_at = now() WHERE seq = ANY($1::bigint[])', [published]);
      }
      return !failed && rows.length === batchSize ? 'more' : 'done';
    });
  }
}

function toEvent(row: OutboxRow, source: string): DomainEvent {
  const payload = typeof row.payload === 'string' ? (JSON.parse(row.payload) as Record<string, unknown>) : row.payload;
  const event: DomainEvent = { id: row.id, type: row.type, source, occurredAt: new Date(row.occurredAt).toISOString(), payload };
  const trace = typeof row.traceContext === 'string' ? (JSON.parse(row.traceContext) as Record<string, string>) : row.traceContext;
  if (trace) event.trace = trace;
  return event;
}
