import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FetchNode } from '@apollo/query-planner';
import { GraphQLError, GraphQLInt, GraphQLNonNull, GraphQLObjectType, GraphQLSchema, type ExecutionResult } from 'graphql';
import { createHandler } from 'graphql-sse/lib/use/http';
import { createLogger } from '../../../common/logger';
import { AsyncQueue } from '../../../common/asyncQueue';
import { EventGate } from '../../../common/live/eventGate';
import { SharedSubscription } from '../sharedSubscription';

/** An owner whose `tick` stream sends 1, then an event that fails with `failure`'s code (data null), then 3. */
function owner(failure: string, refuse = false): GraphQLSchema {
  const query = new GraphQLObjectType({ name: 'Query', fields: { ok: { type: GraphQLInt, resolve: () => 1 } } });
  const subscription = new GraphQLObjectType({
    name: 'Subscription',
    fields: {
      tick: {
        type: new GraphQLNonNull(GraphQLInt),
        // As the subgraphs' resolvers do: a refusal is thrown before any event (common/live/access.ts).
        async subscribe() {
          if (refuse) throw new GraphQLError('not yours', { extensions: { code: failure } });
          return (async function* () {
            for (const tick of [1, 2, 3]) yield tick;
          })();
        },
        resolve: (tick: number) => {
          if (tick === 2) throw new GraphQLError('busy', { extensions: { code: failure } });
          return tick;
        },
      },
    },
  });
  return new GraphQLSchema({ query, subscription });
}

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
});

async function serve(schema: GraphQLSchema): Promise<string> {
  const handler = createHandler({ schema });
  server = createServer((req, res) => void handler(req, res));
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
}

type Execute = (event: ExecutionResult) => Promise<ExecutionResult>;

async function watch(schema: GraphQLSchema): Promise<ExecutionResult[]> {
  return subscribe(await serve(schema), new EventGate(64), async (event) => ({ data: event.data }));
}

/** One shared subscription to the owner at `url`, its events answered by `execute` through `gate`; its first three payloads. */
async function subscribe(url: string, gate: EventGate, execute: Execute): Promise<ExecutionResult[]> {
  const channel = new AsyncQueue<ExecutionResult>();
  const shared = new SharedSubscription({
    planned: { primary: { kind: 'Fetch', serviceName: 'owner', operation: 'subscription { tick }', variableUsages: [] } as unknown as FetchNode, execute },
    variables: {},
    caller: { requestId: 'test', viewer: { role: 'agent', subject: 'a' }, identity: async () => '' },
    owner: { name: 'owner', url, identity: false, forwardHeaders: [] },
    config: { primaryRetries: 0, retryDelayMs: 1 },
    signIdentity: async () => '',
    eventGate: gate,
    log: createLogger('test', { LOG_LEVEL: 'silent' }),
    onEnd: () => undefined,
  });
  shared.join(channel);
  void shared.run();
  const results: ExecutionResult[] = [];
  for await (const result of channel) {
    results.push(JSON.parse(JSON.stringify(result)));
    if (results.length === 3) break;
  }
  return results;
}

describe('an owner stream shared by its subscribers', () => {
  test('When one event fails at the owner with DATABASE_UNAVAILABLE, then subscribers are told and the stream goes on to the next event', async () => {
    const results = await watch(owner('DATABASE_UNAVAILABLE'));
    expect(results).toEqual([
      { data: { tick: 1 } },
      { data: null, errors: [expect.objectContaining({ message: 'busy', extensions: { code: 'DATABASE_UNAVAILABLE' } })] },
      { data: { tick: 3 } },
    ]);
  });

  test('When the owner refuses the subscription with FORBIDDEN, then subscribers are told once and the stream ends', async () => {
    const results = await watch(owner('FORBIDDEN', true));
    expect(results).toEqual([{ errors: [expect.objectContaining({ message: 'not yours', extensions: { code: 'FORBIDDEN' } })] }]);
  });

  test('When more subscriptions have an event at once than LIVE_MAX_CONCURRENT_EVENTS allows, then no more than that execute at a time and every subscriber still gets every payload in order', async () => {
    const url = await serve(owner('DATABASE_UNAVAILABLE'));
    const gate = new EventGate(2);
    let active = 0;
    let most = 0;
    const slowly: Execute = async (event) => {
      most = Math.max(most, ++active);
      await new Promise((resolve) => setTimeout(resolve, 15));
      active -= 1;
      return { data: event.data };
    };
    const everyone = await Promise.all(Array.from({ length: 6 }, () => subscribe(url, gate, slowly)));
    expect(most).toBe(2);
    expect(gate.peak).toBe(2);
    expect(gate.queued).toBe(0);
    for (const results of everyone) {
      expect(results.map((r) => r.data ?? r.errors?.[0]?.extensions?.code)).toEqual([{ tick: 1 }, 'DATABASE_UNAVAILABLE', { tick: 3 }]);
    }
  });
});
