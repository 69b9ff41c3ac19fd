import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InProcessEventBus } from '../common/events';
import { ACCESS_RECORDS_PATH } from '../common/accessRecords';
import { DEMO_SUBJECTS, signDelegatedBotToken } from '../gateway/auth/demoTokens';
import { startTestGraph, type TestGraph } from './support/graph';
import { AGENT, customer, identityHeaders } from './support/identity';

jest.setTimeout(180_000);

/**
 * Logged reads served from the gateway's entity cache (docs/entity-cache.md): the owner runs no SQL for the
 * cached entities, yet its own access log has an entry per read, with who, for whom, what and when; when the
 * owner does not take the entry, the read goes to the owner, which logs it itself.
 */
const CACHE_ON = { mode: 'auto' as const, maxBytes: 5_000_000, types: ['Customer', 'Order', 'SupportCase', 'Notification', 'Product'] };
const BOB = DEMO_SUBJECTS.customer;
const OVERVIEW = `query CachedOverview($id: ID!) {
  customer(id: $id) { name orders { number status } supportCases { number status interactions { summary } } notifications { subject } }
}`;

interface LogRow {
  actor: string;
  role: string;
  operation: string;
  record: string;
  via: string | null;
  served_by: string;
  at: Date;
}

let graph: TestGraph;

beforeAll(async () => {
  graph = await startTestGraph({ bus: new InProcessEventBus(), gateway: { entityCache: CACHE_ON, redisUrl: undefined } });
  const bob = { authorization: `Bearer ${await graph.token('customer')}` };
  const orders = await graph.query(`{ customer(id: "${BOB}") { orders { number } } }`, {}, bob);
  const opened = await graph.query(
    `mutation { openSupportCase(input: { customerId: "${BOB}", orderNumber: "${orders.data.customer.orders[0].number}", subject: "Late", channel: WEB, summary: "Where is it?" }) { number } }`,
  );
  expect(opened.errors).toBeUndefined();
  await graph.settle();
});
afterAll(() => graph?.stop());

/** Support's own access log of Bob's records, for one operation name. */
function supportLog(operation: string): Promise<LogRow[]> {
  return graph.subgraphs.support!.db.query<LogRow>(
    `SELECT actor, role, operation, record, via, served_by, at FROM customer_access_log WHERE customer_id = $1 AND operation = $2 ORDER BY id`,
    [BOB, operation],
  );
}

const report = { 'x-entity-cache': 'report' };

test("an agent's second read of a customer's overview runs no SQL for the cached entities at the owner, and the owner's log has both reads", async () => {
  const first = await graph.query(OVERVIEW, { id: BOB }, { ...report });
  expect(first.errors).toBeUndefined();
  expect(first.data.customer.supportCases.length).toBeGreaterThan(0);
  const firstLog = await supportLog('CachedOverview');
  expect(firstLog).toHaveLength(1);

  const before = graph.statements().support!;
  const second = await graph.query(OVERVIEW, { id: BOB }, { ...report });
  expect(second.data).toEqual(first.data);
  expect((second as { extensions?: { entityCache?: { hits: number } } }).extensions?.entityCache?.hits).toBeGreaterThan(0);
  // Support read nothing: its one statement is the access-log entry the gateway's record became.
  expect(graph.statements().support! - before).toBe(1);

  const log = await supportLog('CachedOverview');
  expect(log).toHaveLength(2);
  const meaning = ({ actor, role, operation, record, via }: LogRow) => ({ actor, role, operation, record, via });
  expect(log.map(meaning)).toEqual([
    { actor: DEMO_SUBJECTS.agent, role: 'agent', operation: 'CachedOverview', record: 'SupportCase', via: null },
    { actor: DEMO_SUBJECTS.agent, role: 'agent', operation: 'CachedOverview', record: 'SupportCase', via: null },
  ]);
  expect(log.map((row) => row.served_by)).toEqual(['owner', 'gateway-cache']);
  expect(log[1].at.getTime()).toBeGreaterThanOrEqual(log[0].at.getTime());

  // The customer sees both in the access log the graph shows them.
  const bob = { authorization: `Bearer ${await graph.token('customer')}` };
  const shown = await graph.query(`{ customer(id: "${BOB}") { supportAccessLog(last: 500) { actor operation record servedBy } } }`, {}, bob);
  const entries = shown.data.customer.supportAccessLog.filter((entry: { operation: string }) => entry.operation === 'CachedOverview');
  // Newest first.
  expect(entries).toEqual([
    { actor: DEMO_SUBJECTS.agent, operation: 'CachedOverview', record: 'SupportCase', servedBy: 'GATEWAY_CACHE' },
    { actor: DEMO_SUBJECTS.agent, operation: 'CachedOverview', record: 'SupportCase', servedBy: 'OWNER' },
  ]);
});

test('a bot acting for the customer is recorded with the bot as the client that read', async () => {
  const bot = { authorization: `Bearer ${await signDelegatedBotToken(graph.gateway.config.auth, BOB, 'chatbot-cache')}` };
  // A bot sends only the curated agent operations.
  const read = readFileSync(join(__dirname, '..', 'schema', 'operations', 'agent', 'customer_overview.graphql'), 'utf8');
  const first = await graph.query(read, { customerId: BOB }, bot);
  expect(first.errors).toBeUndefined();
  const before = graph.statements().support!;
  const second = await graph.query(read, { customerId: BOB }, bot);
  expect(second.data).toEqual(first.data);
  expect(graph.statements().support! - before).toBe(1);
  const log = await supportLog('CustomerOverview');
  expect(log.map(({ actor, role, via, served_by }) => ({ actor, role, via, served_by }))).toEqual([
    { actor: BOB, role: 'customer', via: 'chatbot-cache', served_by: 'owner' },
    { actor: BOB, role: 'customer', via: 'chatbot-cache', served_by: 'gateway-cache' },
  ]);
});

test('when the owner does not take the record, the read goes to the owner, which logs it itself', async () => {
  const support = graph.subgraphs.support!.db;
  await graph.query(OVERVIEW.replace('CachedOverview', 'RefusedOverview'), { id: BOB });
  // The owner's database refuses entries written for the gateway's cache (as a full disk or a broken log would).
  await support.query(`ALTER TABLE customer_access_log ADD CONSTRAINT refuse_cached_reads CHECK (served_by <> 'gateway-cache') NOT VALID`);
  try {
    const before = graph.statements().support!;
    const read = await graph.query(OVERVIEW.replace('CachedOverview', 'RefusedOverview'), { id: BOB }, { ...report });
    expect(read.errors).toBeUndefined();
    expect(read.data.customer.supportCases.length).toBeGreaterThan(0);
    // Support answered the read itself: more than its log entry ran there.
    expect(graph.statements().support! - before).toBeGreaterThan(2);
    expect((await supportLog('RefusedOverview')).map((row) => row.served_by)).toEqual(['owner', 'owner']);
  } finally {
    await support.query('ALTER TABLE customer_access_log DROP CONSTRAINT refuse_cached_reads');
  }
  const metrics = await (await fetch(graph.gatewayUrl.replace(/\/graphql$/, '/metrics'))).text();
  expect(Number(/^gateway_entity_cache_access_records_failed_total (\d+)/m.exec(metrics)?.[1])).toBeGreaterThan(0);
});

describe(`a subgraph's ${ACCESS_RECORDS_PATH}`, () => {
  const post = async (headers: Record<string, string>, body: unknown) => {
    const url = graph.subgraphs.support!.url.replace(/\/graphql\/?$/, '') + ACCESS_RECORDS_PATH;
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
    return { status: response.status, body: (await response.json()) as { recorded?: number; written?: number; errors?: Array<{ extensions: { code: string } }> } };
  };
  const record = (id: string, customerId = BOB, type = 'SupportCase') => ({ records: [{ id, customerId, record: type }] });
  const withAgent = () => identityHeaders({ ...AGENT, operation: 'RouteTest' }, 'support');

  test('writes a record once, however often it is sent', async () => {
    const id = `route-test-${Date.now()}`;
    expect((await post(await withAgent(), record(id))).body).toEqual({ recorded: 1, written: 1 });
    expect((await post(await withAgent(), record(id))).body).toEqual({ recorded: 1, written: 0 });
    expect((await supportLog('RouteTest')).map((row) => [row.actor, row.served_by])).toEqual([[AGENT.subject, 'gateway-cache']]);
  });

  test('refuses what the identity could not have caused by reading, with a code, and writes nothing', async () => {
    const code = (answer: { body: { errors?: Array<{ extensions: { code: string } }> } }) => answer.body.errors?.[0].extensions.code;
    const refusals = [
      // No identity: anonymous, whose reads nobody logs.
      [await post({}, record('r1')), 403],
      [await post({ 'x-identity': 'forged' }, record('r2')), 401],
      // A customer reading their own records is not logged: there is nothing to record.
      [await post(await identityHeaders({ ...customer(BOB), operation: 'RouteTest' }, 'support'), record('r3')), 403],
      // A bot acting for Bob records Bob's reads only.
      [await post(await identityHeaders({ ...customer(BOB), actor: 'chatbot', operation: 'RouteTest' }, 'support'), record('r4', 'CUS-999999')), 403],
      [await post(await withAgent(), record('r5', BOB, 'Customer')), 400],
      [await post(await withAgent(), { records: [] }), 400],
      [await post(await withAgent(), { records: [{ id: 'bad id with spaces', customerId: BOB, record: 'SupportCase' }] }), 400],
    ] as const;
    for (const [answer, status] of refusals) {
      expect(answer.status).toBe(status);
      expect(code(answer)).toEqual(expect.any(String));
    }
    expect(await supportLog('RouteTest')).toHaveLength(1);
  });
});
