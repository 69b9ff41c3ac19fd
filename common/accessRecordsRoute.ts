import type { IncomingMessage, ServerResponse } from 'node:http';
import { GraphQLError } from 'graphql';
import { recordCachedReads } from './accessLog';
import { ACCESS_RECORDS_PATH, MAX_ACCESS_RECORDS, type AccessRecord } from './accessRecords';
import { readsAreLogged } from './accessRules';
import type { Queryable } from './db';
import { ErrorCode } from './errors';
import { readBody, sendJson, sendJsonError, type Route } from './http';
import type { Viewer } from './identity';
import type { Logger } from './logger';
import { inServerSpan } from './spans';

export interface AccessRecordsRouteOptions {
  /** The subgraph's name, on its trace spans. */
  subgraph: string;
  db: Queryable;
  /** The types this subgraph logs reads of (its @customerOwned types but those its access log skips). */
  loggedTypes: ReadonlySet<string>;
  /** The caller, from the identity the gateway signed for this subgraph (throws when it does not verify). */
  viewerOf(req: IncomingMessage): Promise<Viewer>;
  log: Logger;
}

const MAX_BODY_BYTES = 256 * 1024;
const ID = /^[\w.:-]{1,128}$/;
const CUSTOMER_ID = /^[\w.:-]{1,128}$/;

/**
 * POST ACCESS_RECORDS_PATH: the gateway's records of reads it served from its cache (common/accessRecords.ts),
 * written into this subgraph's own access log before it answers 200, so that the gateway releases the cached
 * answer only once the entries are committed here. Who read is the identity the request carries, signed by the
 * gateway for this subgraph, exactly as on /graphql; the route takes no more than that identity could cause by
 * reading: only callers whose reads are logged, only the types this subgraph logs, and a client acting for a
 * customer only that customer's records. Anything else is refused with a coded error and writes nothing.
 */
export function accessRecordsRoute(options: AccessRecordsRouteOptions): Route {
  // Traced as /graphql is: the recording is the owner's part of a read the gateway served (under its gateway.fetch).
  const route = record(options);
  return (req, res) => inServerSpan(req, res, ACCESS_RECORDS_PATH, options.subgraph, () => route(req, res));
}

function record(options: AccessRecordsRouteOptions): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  return async (req, res) => {
    if (req.method !== 'POST') {
      res.setHeader('allow', 'POST');
      sendJsonError(res, 405, 'METHOD_NOT_ALLOWED', 'Access records are sent with POST');
      req.resume();
      return;
    }
    let viewer: Viewer;
    try {
      viewer = await options.viewerOf(req);
    } catch (error) {
      const code = error instanceof GraphQLError ? String(error.extensions.code ?? ErrorCode.UNAUTHENTICATED) : ErrorCode.UNAUTHENTICATED;
      sendJsonError(res, 401, code, 'The forwarded identity is not valid');
      req.resume();
      return;
    }
    if (viewer.peer || !readsAreLogged(viewer)) {
      sendJsonError(res, 403, ErrorCode.FORBIDDEN, 'Only reads this subgraph would log are recorded: staff, or a client acting for a customer');
      req.resume();
      return;
    }
    const read = await readBody(req, res, MAX_BODY_BYTES, 0);
    if (!read.ok) return;
    const records = recordsOf(read.body);
    if (typeof records === 'string') return sendJsonError(res, 400, ErrorCode.BAD_USER_INPUT, records);
    const foreign = records.find((record) => !options.loggedTypes.has(record.record));
    if (foreign) return sendJsonError(res, 400, ErrorCode.BAD_USER_INPUT, `This subgraph logs no reads of ${JSON.stringify(foreign.record.slice(0, 64))}`);
    if (viewer.role === 'customer' && records.some((record) => record.customerId !== viewer.customerId)) {
      return sendJsonError(res, 403, ErrorCode.FORBIDDEN, 'A client acting for a customer reads only that customer’s records');
    }
    try {
      const written = await recordCachedReads(options.db, viewer, records);
      sendJson(res, 200, { recorded: records.length, written });
    } catch (error) {
      options.log.error({ err: error, records: records.length }, 'access records of cached reads not written');
      sendJsonError(res, 503, ErrorCode.DATABASE_UNAVAILABLE, 'The access log could not be written');
    }
  };
}

/** The records of a body, or what is wrong with it. */
function recordsOf(body: unknown): AccessRecord[] | string {
  const records = (body as { records?: unknown } | null)?.records;
  if (!Array.isArray(records) || records.length === 0) return 'The body must be { "records": [{ "id", "customerId", "record" }, …] } with at least one record';
  if (records.length > MAX_ACCESS_RECORDS) return `At most ${MAX_ACCESS_RECORDS} records per request, this one has ${records.length}`;
  const valid: AccessRecord[] = [];
  for (const [index, item] of records.entries()) {
    const { id, customerId, record } = (item ?? {}) as Record<string, unknown>;
    if (typeof id !== 'string' || !ID.test(id)) return `records[${index}].id must be 1 to 128 letters, digits or . _ : -`;
    if (typeof customerId !== 'string' || !CUSTOMER_ID.test(customerId)) return `records[${index}].customerId must be a customer id`;
    if (typeof record !== 'string') return `records[${index}].record must name a type`;
    valid.push({ id, customerId, record });
  }
  return valid;
}
