import { readFileSync } from 'node:fs';
import type { FetchNode, PlanNode } from '@apollo/query-planner';
import { parse } from 'graphql';
import { ACCESS_LOGGED_EXTENSION } from '../../../common/accessRecords';
import type { Viewer } from '../../../common/identity';
import { createLogger } from '../../../common/logger';
import { projectPath } from '../../../common/paths';
import type { GatewayContext } from '../../context';
import { compilePlan } from '../../engine/compile';
import { loadSupergraph } from '../../engine/loadedSupergraph';
import type { SubgraphAnswer } from '../../engine/request';
import type { SubgraphFetcher, SubgraphRequestInit } from '../../subgraphFetcher';
import { HttpAccessRecorder, loggedReadsOf, type AccessRecorder, type LoggedRead } from '../accessRecords';
import { EntityCache } from '../entityCache';

const { schemas } = loadSupergraph(readFileSync(projectPath('schema', 'supergraph.graphql'), 'utf8'));
const schema = schemas.supergraphSchema;
const log = createLogger('test', { LOG_LEVEL: 'silent' });

const context = (viewer: Viewer) => ({ requestId: 'req-1', viewer, identity: async (subgraph: string) => `signed-for-${subgraph}` }) as GatewayContext;
const agent = context({ role: 'agent', subject: 'agent-ada', operation: 'Overview' });
const alice = context({ role: 'customer', subject: 'CUS-A', customerId: 'CUS-A' });

describe('loggedReadsOf', () => {
  test("reads the owner's report per representation index", () => {
    const answer: SubgraphAnswer = { data: {}, extensions: { [ACCESS_LOGGED_EXTENSION]: { '0': [['CUS-A', 'SupportCase']], '2': [] } } };
    expect(loggedReadsOf(answer)).toEqual(new Map([[0, [['CUS-A', 'SupportCase']]], [2, []]]));
  });

  test('says nothing of an answer without a report, or with a malformed one', () => {
    expect(loggedReadsOf({ data: {} })).toBeUndefined();
    expect(loggedReadsOf({ data: {}, extensions: { [ACCESS_LOGGED_EXTENSION]: [] } })).toBeUndefined();
    expect(loggedReadsOf({ data: {}, extensions: { [ACCESS_LOGGED_EXTENSION]: { x: [] } } })).toBeUndefined();
    expect(loggedReadsOf({ data: {}, extensions: { [ACCESS_LOGGED_EXTENSION]: { '0': [['CUS-A']] } } })).toBeUndefined();
  });
});

describe('HttpAccessRecorder', () => {
  /** A fetcher answering with `status` and `body`, keeping what it was sent. */
  function fetcher(status: number, body: (sent: { records: unknown[] }) => unknown) {
    const sent: Array<{ url: string; init: SubgraphRequestInit }> = [];
    const fetch: SubgraphFetcher = async (url, init) => {
      sent.push({ url, init });
      const answer = body(JSON.parse(init.body ?? '{}'));
      return { ok: status < 300, status, statusText: '', url, headers: { get: () => 'application/json' }, text: async () => JSON.stringify(answer), json: async () => answer };
    };
    return { sent, fetch };
  }
  const targets = (name: string, url: string | undefined) => ({ url: url ?? `http://${name}.invalid/graphql`, identity: name !== 'pricing', timeoutMs: 1000 });
  const reads: LoggedRead[] = [
    ['CUS-A', 'SupportCase'],
    ['CUS-A', 'Order'],
  ];

  test("posts the entries beside the owner's /graphql with the caller's identity signed for it, and is done once the owner has them all", async () => {
    const owner = fetcher(200, (sent) => ({ recorded: sent.records.length, written: sent.records.length }));
    const recorder = new HttpAccessRecorder(targets, log, () => owner.fetch);
    expect(await recorder.record('support', schema, agent, reads)).toBe(true);
    expect(owner.sent).toHaveLength(1);
    const { url, init } = owner.sent[0];
    // The URL the supergraph names for Support (schema/supergraph.graphql), its /graphql replaced.
    expect(url).toBe('http://localhost:4002/graphql/access-records');
    expect(init.headers).toMatchObject({ 'x-identity': 'signed-for-support', 'x-request-id': 'req-1', 'content-type': 'application/json' });
    const records = JSON.parse(init.body!).records as Array<{ id: string; customerId: string; record: string }>;
    expect(records.map(({ customerId, record }) => [customerId, record])).toEqual(reads);
    // Each entry has an id of its own: the owner writes it once however often it is sent.
    expect(new Set(records.map((record) => record.id)).size).toBe(2);
    expect(recorder.stats).toEqual({ recorded: 2, failed: 0 });
  });

  test('any failure is a false: a refusal, fewer entries taken, an owner away, a subgraph it does not know or that gets no identity', async () => {
    const refused = new HttpAccessRecorder(targets, log, () => fetcher(503, () => ({ errors: [{ message: 'no', extensions: { code: 'DATABASE_UNAVAILABLE' } }] })).fetch);
    expect(await refused.record('support', schema, agent, reads)).toBe(false);
    const partly = new HttpAccessRecorder(targets, log, () => fetcher(200, () => ({ recorded: 1 })).fetch);
    expect(await partly.record('support', schema, agent, reads)).toBe(false);
    const away = new HttpAccessRecorder(targets, log, () => async () => Promise.reject(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })));
    expect(await away.record('support', schema, agent, reads)).toBe(false);
    const owner = fetcher(200, (sent) => ({ recorded: sent.records.length }));
    const recorder = new HttpAccessRecorder(targets, log, () => owner.fetch);
    expect(await recorder.record('elsewhere', schema, agent, reads)).toBe(false);
    expect(await recorder.record('pricing', schema, agent, reads)).toBe(false);
    expect(owner.sent).toHaveLength(0);
    expect(recorder.stats).toEqual({ recorded: 0, failed: 2 });
  });
});

describe("the cache's logged reads", () => {
  function casesFetch(): FetchNode {
    const node = compilePlan(schemas, parse('{ customer(id: "CUS-A") { supportCases { number status } } }'), undefined).plan.node as PlanNode;
    if (node.kind !== 'Sequence') throw new Error('expected a sequence');
    const flatten = node.nodes[1];
    if (flatten.kind !== 'Flatten' || flatten.node.kind !== 'Fetch') throw new Error('expected an entity fetch');
    return flatten.node;
  }
  const CASES = casesFetch();
  const rep = (id: string) => ({ __typename: 'Customer', id });

  /** Support as it answers staff: each customer's cases, and what it logged for each (none for a customer without cases). */
  function support(report = true) {
    const sent: Array<Record<string, unknown>[]> = [];
    return {
      sent,
      send: async (reps: Record<string, unknown>[]): Promise<SubgraphAnswer> => {
        sent.push(reps);
        const logged = Object.fromEntries(reps.flatMap((r, i) => (r.id === 'CUS-NONE' ? [] : [[String(i), [[String(r.id), 'SupportCase']]]])));
        return {
          data: { _entities: reps.map((r) => ({ __typename: 'Customer', supportCases: r.id === 'CUS-NONE' ? [] : [{ number: `C-${r.id}`, status: 'OPEN' }] })) },
          ...(report ? { extensions: { [ACCESS_LOGGED_EXTENSION]: logged } } : {}),
        };
      },
    };
  }
  /** A recorder that takes (or refuses) what it is given, keeping it. */
  function recorder(takes: boolean) {
    const recorded: LoggedRead[][] = [];
    const it: AccessRecorder = {
      record: async (subgraph, _schema, _context, entries) => {
        recorded.push([...entries]);
        expect(subgraph).toBe('support');
        return takes;
      },
    };
    return { recorded, it };
  }
  function newCache(accessRecords: AccessRecorder | undefined) {
    const cache = new EntityCache({
      maxBytes: 1_000_000,
      types: new Set(['Customer', 'SupportCase']),
      ownedTypes: new Set(['Customer', 'SupportCase']),
      forwardedHeaders: () => [],
      accessRecords,
    });
    cache.setListening(true);
    return cache;
  }
  const read = (cache: EntityCache, owner: ReturnType<typeof support>, who: GatewayContext, reps: Record<string, unknown>[]) =>
    cache.entities({ fetch: CASES, representations: reps, variables: {}, supergraphSchema: schema, context: who, send: owner.send });

  test("a staff hit is served once the owner has the entries it wrote for that answer; the owner runs nothing", async () => {
    const taking = recorder(true);
    const cache = newCache(taking.it);
    const owner = support();
    const first = await read(cache, owner, agent, [rep('CUS-A'), rep('CUS-NONE')]);
    expect(taking.recorded).toEqual([]);
    const second = await read(cache, owner, agent, [rep('CUS-A'), rep('CUS-NONE')]);
    expect(second.data).toEqual(first.data);
    expect(owner.sent).toHaveLength(1);
    expect(taking.recorded).toEqual([[['CUS-A', 'SupportCase']]]);
    // A customer reading their own records is not logged: nothing is recorded for them.
    await read(cache, owner, alice, [rep('CUS-A')]);
    await read(cache, owner, alice, [rep('CUS-A')]);
    expect(taking.recorded).toHaveLength(1);
  });

  test('when the owner does not take the entries, the hits are sent to the owner (which logs them itself)', async () => {
    const refusing = recorder(false);
    const cache = newCache(refusing.it);
    const owner = support();
    await read(cache, owner, agent, [rep('CUS-A')]);
    const second = await read(cache, owner, agent, [rep('CUS-A')]);
    expect(refusing.recorded).toHaveLength(1);
    expect(owner.sent).toEqual([[rep('CUS-A')], [rep('CUS-A')]]);
    expect(second.data?._entities).toEqual([{ __typename: 'Customer', supportCases: [{ number: 'C-CUS-A', status: 'OPEN' }] }]);
    expect(cache.store.stats).toMatchObject({ hits: 0, misses: 2 });
  });

  test("an owner's answer that does not say what it logged is never served again to a logged caller", async () => {
    const taking = recorder(true);
    const cache = newCache(taking.it);
    const owner = support(false);
    await read(cache, owner, agent, [rep('CUS-A')]);
    await read(cache, owner, agent, [rep('CUS-A')]);
    expect(owner.sent).toHaveLength(2);
    expect(taking.recorded).toEqual([]);
  });
});
