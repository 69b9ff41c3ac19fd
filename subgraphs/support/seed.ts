import { insertMany } from '../../common/bulkInsert';
import type { Database, Queryable } from '../../common/db';
import type { DemoCase, DemoWorld } from '../../demo/types';

function insertCases(tx: Queryable, cases: readonly DemoCase[]): Promise<void> {
  return insertMany(
    tx,
    'support_cases',
    { number: 'text', customer_id: 'text', order_number: 'text', subject: 'text', status: 'text', opened_at: 'timestamptz', channel: 'text' },
    cases,
    (c) => [c.number, c.customerId, c.orderNumber, c.subject, c.status, c.openedAt, c.channel],
    2000,
  );
}

interface InteractionSeed {
  caseNumber: string;
  at: Date;
  channel: string;
  summary: string;
}

/** In the story's order, so identity ids follow it for interactions at the same instant. */
function insertInteractions(tx: Queryable, rows: readonly InteractionSeed[]): Promise<void> {
  return insertMany(tx, 'case_interactions', { case_number: 'text', at: 'timestamptz', channel: 'text', summary: 'text' },
    rows, (r) => [r.caseNumber, r.at, r.channel, r.summary], 2000);
}

/** Keeps new numbers above every seeded one, however large the demo world. */
async function advanceCaseNumbers(tx: Queryable): Promise<void> {
  await tx.query(
    `SELECT setval('support_case_number_seq',
       GREATEST(500000, COALESCE((SELECT max(substr(number, 4)::bigint) FROM support_cases), 0) + 1), false)`,
  );
}

/** Writes the demo world's cases and their interactions, in one transaction. */
export async function seed(db: Database, world: DemoWorld): Promise<void> {
  const interactions: InteractionSeed[] = world.supportCases.flatMap((c) =>
    c.interactions.map((i) => ({ caseNumber: c.number, at: i.at, channel: i.channel, summary: i.summary })),
  );
  await db.transaction(async (tx) => {
    await insertCases(tx, world.supportCases);
    await insertInteractions(tx, interactions);
    await advanceCaseNumbers(tx);
  });
}
