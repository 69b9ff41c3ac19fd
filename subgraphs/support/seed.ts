import type { Database, Queryable } from '../../common/db';
import type { DemoCase, DemoWorld } from '../../demo/types';

/** Rows per INSERT: each column is one array parameter, so a chunk is one statement. */
const CHUNK = 2000;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

async function insertCases(tx: Queryable, cases: DemoCase[]): Promise<void> {
  await tx.query(
    `INSERT INTO support_cases (number, customer_id, order_number, subject, status, opened_at, channel)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[], $7::text[])`,
    [
      cases.map((c) => c.number),
      cases.map((c) => c.customerId),
      cases.map((c) => c.orderNumber),
      cases.map((c) => c.subject),
      cases.map((c) => c.status),
      cases.map((c) => c.openedAt.toISOString()),
      cases.map((c) => c.channel),
    ],
  );
}

interface InteractionSeed {
  caseNumber: string;
  at: Date;
  channel: string;
  summary: string;
}

async function insertInteractions(tx: Queryable, rows: InteractionSeed[]): Promise<void> {
  // Ordered by position so identity ids follow the story's order for interactions at the same instant.
  await tx.query(
    `INSERT INTO case_interactions (case_number, at, channel, summary)
     SELECT case_number, at, channel, summary
     FROM unnest($1::text[], $2::timestamptz[], $3::text[], $4::text[]) WITH ORDINALITY AS s(case_number, at, channel, summary, position)
     ORDER BY position`,
    [rows.map((r) => r.caseNumber), rows.map((r) => r.at.toISOString()), rows.map((r) => r.channel), rows.map((r) => r.summary)],
  );
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
    for (const part of chunks(world.supportCases, CHUNK)) await insertCases(tx, part);
    for (const part of chunks(interactions, CHUNK)) await insertInteractions(tx, part);
    await advanceCaseNumbers(tx);
  });
}
