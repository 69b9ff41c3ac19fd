import DataLoader from 'dataloader';
import { noteLogged, type AccessRecord } from './accessRecords';
import type { AccessContext, AccessRuleOptions } from './accessRules';
import { badInput } from './errors';
import type { Queryable } from './db';
import type { Viewer } from './identity';

/**
 * The access log every subgraph that holds customer records keeps of staff reads (agent, store,
 * bot, service; and any read made by a client acting for someone, `Viewer.actor`): who, for whom,
 * which kind of record, which operation, when. Each subgraph keeps its own table
 * (`customer_access_log`, created by its own migration) and contributes its own field on
 * `Customer`: one owner per fact, and a read is logged where the record lives.
 */
export interface AccessLogRow {
  at: Date;
  actor: string;
  role: string;
  operation: string;
  /** The GraphQL type of the record read, e.g. `SupportCase`. */
  record: string;
  /** The client that read it for the actor (a bot acting for a customer), if any. */
  via: string | null;
  /** Who answered the read (the `served_by` column: `owner`, or `gateway-cache` for a read the gateway answered from its entity cache and recorded here). */
  servedBy: 'OWNER' | 'GATEWAY_CACHE';
}

/** Loads once per customer and kind of record per request; the writes of one tick are one INSERT. */
export type AccessLogger = DataLoader<string, true>;

/** What a subgraph's context holds for its access log. */
export interface AccessLogContext extends AccessContext {
  accessLog: AccessLogger;
}

const SEPARATOR = '\u0000';

/**
 * Records reads of customer records, once per customer and kind of record per request, in one
 * INSERT per batch: logging costs a request one statement whatever it reads.
 */
export function createAccessLogger(db: Queryable, viewer: () => Viewer): AccessLogger {
  return new DataLoader<string, true>(async (keys) => {
    const who = viewer();
    const customers: string[] = [];
    const records: string[] = [];
    for (const key of keys) {
      const [customerId, record] = key.split(SEPARATOR);
      customers.push(customerId);
      records.push(record);
    }
    await db.query(
      `INSERT INTO customer_access_log (customer_id, record, actor, role, operation, via)
       SELECT c, r, $3, $4, $5, $6 FROM unnest($1::text[], $2::text[]) AS u(c, r)`,
      [customers, records, who.subject ?? 'unknown', who.role, who.operation ?? 'anonymous', who.actor ?? null],
    );
    return keys.map(() => true as const);
  });
}

/**
 * The access rules' hook: each owned object a staff caller (or a client acting for someone) reads
 * waits for its entry. `skip`: types whose objects hold nothing of the customer's in this subgraph
 * (a subgraph's stub of Orders' `Customer`), whose contents are logged as their own types.
 */
export function accessLogRules(options: { skip?: string[] } = {}): Pick<AccessRuleOptions, 'onStaffRead' | 'accessLog'> {
  const skip = new Set(options.skip ?? []);
  return {
    onStaffRead: (typename, customerId, _viewer, context, entity) => {
      if (skip.has(typename)) return undefined;
      // Said in an `_entities` answer, so that the gateway can log the same when it serves that answer again.
      noteLogged(context, entity, customerId, typename);
      return (context as AccessLogContext).accessLog.load(`${customerId}${SEPARATOR}${typename}`);
    },
    accessLog: { skip },
  };
}

/**
 * Writes the entries of reads the gateway served from its cache (common/accessRecords.ts) for `viewer`, the
 * caller the gateway's identity names, with the fields the owner's own entries have; each once, by its id.
 */
export async function recordCachedReads(db: Queryable, viewer: Viewer, records: readonly AccessRecord[]): Promise<number> {
  const rows = await db.query<{ id: string }>(
    `INSERT INTO customer_access_log (record_id, customer_id, record, actor, role, operation, via, served_by)
     SELECT i, c, r, $4, $5, $6, $7, 'gateway-cache' FROM unnest($1::text[], $2::text[], $3::text[]) AS u(i, c, r)
     ON CONFLICT (record_id) DO NOTHING RETURNING id`,
    [records.map((r) => r.id), records.map((r) => r.customerId), records.map((r) => r.record), viewer.subject ?? 'unknown', viewer.role, viewer.operation ?? 'anonymous', viewer.actor ?? null],
  );
  return rows.length;
}

/** The newest `last` entries of a customer's log in this subgraph (1–500). */
export function accessLogOf(db: Queryable, customerId: string, last: number): Promise<AccessLogRow[]> {
  if (last < 1 || last > 500) throw badInput('last', 'last must be between 1 and 500');
  return db.query<AccessLogRow>(
    `SELECT at, actor, role, operation, record, via, CASE served_by WHEN 'gateway-cache' THEN 'GATEWAY_CACHE' ELSE 'OWNER' END AS "servedBy" FROM customer_access_log WHERE customer_id = $1 ORDER BY at DESC, id DESC LIMIT $2`,
    [customerId, last],
  );
}
