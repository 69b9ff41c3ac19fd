import type { Queryable } from '../../common/db';
import type { CaseStatus, Channel, InteractionRecord, SupportCaseRecord } from './types';

interface CaseRow {
  number: string;
  customer_id: string;
  order_number: string | null;
  subject: string;
  status: CaseStatus;
  opened_at: Date;
  channel: Channel;
}

interface InteractionRow {
  case_number: string;
  at: Date;
  channel: Channel;
  summary: string;
}

const CASE_COLUMNS = 'number, customer_id, order_number, subject, status, opened_at, channel';
/** Newest first; the number breaks ties so the order is stable. */
const NEWEST_FIRST = 'ORDER BY opened_at DESC, number DESC';

function toCase(row: CaseRow): SupportCaseRecord {
  return {
    number: row.number,
    customerId: row.customer_id,
    orderNumber: row.order_number,
    subject: row.subject,
    status: row.status,
    openedAt: row.opened_at,
    channel: row.channel,
  };
}

function toInteraction(row: InteractionRow): InteractionRecord {
  return { caseNumber: row.case_number, at: row.at, channel: row.channel, summary: row.summary };
}

export async function casesByNumbers(db: Queryable, numbers: readonly string[]): Promise<SupportCaseRecord[]> {
  const rows = await db.query<CaseRow>(
    `SELECT ${CASE_COLUMNS} FROM support_cases WHERE number = ANY($1::text[])`,
    [numbers],
  );
  return rows.map(toCase);
}

export async function casesByCustomers(db: Queryable, customerIds: readonly string[]): Promise<SupportCaseRecord[]> {
  const rows = await db.query<CaseRow>(
    `SELECT ${CASE_COLUMNS} FROM support_cases WHERE customer_id = ANY($1::text[]) ${NEWEST_FIRST}`,
    [customerIds],
  );
  return rows.map(toCase);
}

export async function casesByOrders(db: Queryable, orderNumbers: readonly string[]): Promise<SupportCaseRecord[]> {
  const rows = await db.query<CaseRow>(
    `SELECT ${CASE_COLUMNS} FROM support_cases WHERE order_number = ANY($1::text[]) ${NEWEST_FIRST}`,
    [orderNumbers],
  );
  return rows.map(toCase);
}

/** Oldest first; interactions recorded at the same instant keep the order they were written in. */
export async function interactionsByCases(db: Queryable, caseNumbers: readonly string[]): Promise<InteractionRecord[]> {
  const rows = await db.query<InteractionRow>(
    `SELECT case_number, at, channel, summary FROM case_interactions
     WHERE case_number = ANY($1::text[]) ORDER BY case_number, at, id`,
    [caseNumbers],
  );
  return rows.map(toInteraction);
}

export interface NewCase {
  customerId: string;
  orderNumber: string | null;
  subject: string;
  channel: Channel;
}

/** Inserts a case under the next number of the sequence, opened now, with status OPEN. */
export async function insertCase(db: Queryable, input: NewCase): Promise<SupportCaseRecord> {
  const [row] = await db.query<CaseRow>(
    `INSERT INTO support_cases (number, customer_id, order_number, subject, status, opened_at, channel)
     VALUES ('CS-' || nextval('support_case_number_seq')::text, $1, $2, $3, 'OPEN', now(), $4)
     RETURNING ${CASE_COLUMNS}`,
    [input.customerId, input.orderNumber, input.subject, input.channel],
  );
  return toCase(row);
}

/** Appends an interaction at the current instant. */
export async function insertInteraction(
  db: Queryable,
  caseNumber: string,
  channel: Channel,
  summary: string,
): Promise<void> {
  await db.query(
    'INSERT INTO case_interactions (case_number, at, channel, summary) VALUES ($1, now(), $2, $3)',
    [caseNumber, channel, summary],
  );
}

/**
 * Locks the case for a new interaction and reopens it when it was resolved: a customer coming back
 * about a solved issue means it is not solved. Null when there is no such case.
 */
export async function touchCaseForInteraction(db: Queryable, caseNumber: string): Promise<SupportCaseRecord | null> {
  const rows = await db.query<CaseRow>(
    `UPDATE support_cases
     SET status = CASE WHEN status = 'RESOLVED' THEN 'OPEN' ELSE status END
     WHERE number = $1
     RETURNING ${CASE_COLUMNS}`,
    [caseNumber],
  );
  return rows[0] ? toCase(rows[0]) : null;
}
