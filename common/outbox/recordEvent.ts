import { randomUUID } from 'node:crypto';
import type { Queryable } from '../db';
import { traceCarrier } from '../spans';
import { noteOutboxWrite } from './writtenEntities';

/**
 * Records a domain event in the caller's transaction: it is published only if the change commits.
 * The current request notes it (writtenEntities.ts). With tracing on, the request's trace context is kept with it (see the relay).
 */
export async function recordEvent(
  tx: Queryable,
  type: string,
  payload: object,
  occurredAt: Date = new Date(),
): Promise<string> {
  const id = randomUUID();
  // The request's answer names what it wrote (writtenEntities.ts): a gateway's cache drops just those.
  noteOutboxWrite(type, payload);
  const trace = traceCarrier();
  await tx.query('INSERT INTO outbox (id, type, payload, occurred_at, trace_context) VALUES ($1, $2, $3, $4, $5)', [
    id,
    type,
    JSON.stringify(payload),
    occurredAt,
    trace ? JSON.stringify(trace) : null,
  ]);
  return id;
}
