import { randomUUID } from 'node:crypto';
import type { Queryable } from '../../common/db';

/** Records a domain event in the caller's transaction: it is published only if the change commits. */
export async function recordEvent(
  tx: Queryable,
  type: string,
  payload: object,
  occurredAt: Date = new Date(),
): Promise<string> {
  const id = randomUUID();
  await tx.query('INSERT INTO outbox (id, type, payload, occurred_at) VALUES ($1, $2, $3, $4)', [
    id,
    type,
    JSON.stringify(payload),
    occurredAt,
  ]);
  return id;
}
