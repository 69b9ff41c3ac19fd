import { join } from 'node:path';
import { buildSchema, graphql } from 'graphql';
import { testDatabase } from '../../test/support/database';
import { accessLogOf, accessLogRules, createAccessLogger } from '../accessLog';
import { applyAccessRules } from '../accessRules';
import { openDatabase, type Database } from '../db';
import type { Viewer } from '../identity';
import { migrate } from '../migrate';

/** A subgraph in miniature: one owned type, the shared access-log plumbing, Support's migrations. */
const schema = buildSchema(`
  directive @customerOwned on OBJECT
  type Query { ticket(id: ID!): Ticket }
  type Ticket @customerOwned { id: ID! customerId: ID! }
`);
schema.getQueryType()!.getFields().ticket.resolve = (_: unknown, { id }: { id: string }) => ({ id, customerId: `CUS-${id}` });
applyAccessRules(schema, accessLogRules());

const options = testDatabase('accesslog');
let db: Database;
beforeAll(async () => {
  db = await openDatabase(options);
  await migrate(db, join(__dirname, '..', '..', 'subgraphs', 'support', 'migrations'));
});
afterAll(async () => {
  await db?.close();
  await options.cleanup();
});

async function read(viewer: Viewer, query: string) {
  const context = { viewer, accessLog: createAccessLogger(db, () => viewer) };
  const result = await graphql({ schema, source: query, contextValue: context });
  expect(result.errors).toBeUndefined();
}

describe('the shared access log', () => {
  test('When staff read the same customer\'s records several times in one request, then one entry per kind of record is written', async () => {
    await read({ role: 'store', subject: 'till-7', operation: 'Tickets' }, '{ a: ticket(id: "1") { id } b: ticket(id: "1") { id } }');
    expect((await accessLogOf(db, 'CUS-1', 10)).map((e) => [e.actor, e.role, e.operation, e.record, e.via])).toEqual([['till-7', 'store', 'Tickets', 'Ticket', null]]);
  });

  test('When a bot acting for a customer reads the customer\'s records, then the read is logged with the bot as `via`', async () => {
    await read({ role: 'customer', subject: 'CUS-2', customerId: 'CUS-2', operation: 'ChatLookup', actor: 'bot-chat' }, '{ ticket(id: "2") { id } }');
    expect((await accessLogOf(db, 'CUS-2', 10)).map((e) => [e.actor, e.role, e.record, e.via])).toEqual([['CUS-2', 'customer', 'Ticket', 'bot-chat']]);
  });

  test('When the customer reads their own records directly, then nothing is logged', async () => {
    await read({ role: 'customer', subject: 'CUS-3', customerId: 'CUS-3', operation: 'Mine' }, '{ ticket(id: "3") { id } }');
    expect(await accessLogOf(db, 'CUS-3', 10)).toEqual([]);
  });

  test('When more than 500 entries (or fewer than 1) are asked for, then it is a BAD_USER_INPUT', () => {
    expect(() => accessLogOf(db, 'CUS-1', 501)).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }) }));
  });
});
