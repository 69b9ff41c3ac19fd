import { createServer, type Server, type Socket } from 'node:net';
import type { DomainEvent } from '../../../common/events';
import { createLogger } from '../../../common/logger';
import type { SubgraphAnswer } from '../../engine/request';
import { EntityCache } from '../entityCache';
import { RedisEntryStore, type RedisEntryStats, type SharedEntry } from '../redisEntryStore';
import { servedFromCache } from '../servedFromCache';
import { SharedLevel, type SharedEntries } from '../sharedLevel';
import { CASES, context, mutationFetch, OWNED, schema } from './fixtures';
import { MemoryGenerations } from './memoryGenerations';

const TYPES = ['Customer', 'Order', 'SupportCase', 'Notification', 'Product'];
const CANCEL = mutationFetch('mutation { cancelOrder(number: "1", reason: CUSTOMER_REQUEST) { status } }');

// A context per request: what it was served is counted per context.
const alice = () => context({ role: 'customer', subject: 'CUS-A', customerId: 'CUS-A' });
const bob = () => context({ role: 'customer', subject: 'CUS-B', customerId: 'CUS-B' });
const ALICE = { __typename: 'Customer', id: 'CUS-A' };
const casesOf = (rep: Record<string, unknown>) => ({ __typename: 'Customer', supportCases: [{ number: `C-${rep.id}`, status: 'OPEN', order: { number: `O-${rep.id}` } }] });
const event = (type: string, payload: Record<string, unknown>): DomainEvent => ({ id: `e-${Math.random()}`, type, source: 'orders', occurredAt: new Date().toISOString(), payload });

/** The replicas' Redis, in memory: generations (MemoryGenerations) and entries, either of which can be taken down. */
function sharedRedis() {
  const entries = new Map<string, string>();
  const redis = {
    entriesDown: false,
    generations: new MemoryGenerations(),
    entries,
    store: (): SharedEntries => {
      const stats: RedisEntryStats = { hits: 0, misses: 0, stores: 0, oversized: 0, failures: 0 };
      return {
        stats,
        get: async (keys) => keys.map((key) => (redis.entriesDown || !entries.has(key) ? undefined : (JSON.parse(entries.get(key)!) as SharedEntry))),
        set: (key, entry) => void (redis.entriesDown || (entries.set(key, JSON.stringify(entry)), (stats.stores += 1))),
        close: async () => {},
      };
    },
  };
  return redis;
}

/** Replicas that hear the events; each has outdated what Redis held when it started to (SharedLevel.abandon). */
async function replicas(redis: ReturnType<typeof sharedRedis>, count: number): Promise<EntityCache[]> {
  const caches = Array.from({ length: count }, () => replica(redis));
  await new Promise((resolve) => setImmediate(resolve));
  return caches;
}

function replica(redis: ReturnType<typeof sharedRedis>): EntityCache {
  const cache = new EntityCache({
    maxBytes: 1_000_000,
    types: new Set(TYPES),
    ownedTypes: OWNED,
    forwardedHeaders: () => [],
    generations: redis.generations,
    shared: new SharedLevel(redis.store(), redis.generations),
  });
  cache.setListening(true);
  return cache;
}

/** Support, counting the representations it is sent. */
function support() {
  const sent: Record<string, unknown>[][] = [];
  return {
    sent,
    send: async (reps: Record<string, unknown>[]): Promise<SubgraphAnswer> => {
      sent.push(reps);
      return { data: { _entities: reps.map(casesOf) } };
    },
  };
}

const read = (cache: EntityCache, owner: ReturnType<typeof support>, who = alice(), reps = [ALICE]) =>
  cache.entities({ fetch: CASES, representations: reps, variables: {}, supergraphSchema: schema, context: who, send: owner.send }).then((answer) => ({ answer, who }));

test("a second replica's first read of what another cached is answered from Redis, then from its own memory", async () => {
  const redis = sharedRedis();
  const [a, b] = await replicas(redis, 2);
  const owner = support();
  await read(a, owner);
  const onB = await read(b, owner);
  expect(owner.sent).toHaveLength(1);
  expect(onB.answer.data?._entities).toEqual([casesOf(ALICE)]);
  expect(servedFromCache(onB.who)).toEqual({ hits: 1, misses: 0, bypassed: 0, fromRedis: 1 });
  const again = await read(b, owner);
  expect(servedFromCache(again.who)).toEqual({ hits: 1, misses: 0, bypassed: 0, fromRedis: 0 });
  expect(b.shared?.stats).toMatchObject({ hits: 1, misses: 0 });
});

test("an entry in Redis answers only its own scope: another customer's read of the same representation goes to the owner", async () => {
  const redis = sharedRedis();
  const [a, b] = await replicas(redis, 2);
  const owner = support();
  await read(a, owner, alice());
  await read(b, owner, bob());
  expect(owner.sent).toHaveLength(2);
  expect(b.shared?.stats).toMatchObject({ hits: 0, misses: 1 });
});

test('an entry kept under generations that have moved since is not served: a mutation through any replica, or an event heard by any', async () => {
  const redis = sharedRedis();
  const [a, b, c, d] = await replicas(redis, 4);
  const owner = support();
  await read(a, owner);
  await b.mutated(CANCEL, alice());
  await read(c, owner);
  expect(owner.sent).toHaveLength(2);
  // A change no mutation through a gateway announced: the replica that hears its event outdates Redis for every other one.
  b.invalidate(event('OrderCancelled', { orderNumber: 'O-CUS-A', customerId: 'CUS-A' }));
  await read(d, owner);
  expect(owner.sent).toHaveLength(3);
  expect(d.shared?.stats).toMatchObject({ hits: 0, misses: 1 });
});

test('an answer fetched while its entity changed is kept in Redis under the generations its fetch began with, so no replica serves it', async () => {
  const redis = sharedRedis();
  const [a, b, c] = await replicas(redis, 3);
  const slow = {
    sent: [] as Record<string, unknown>[][],
    // The owner reads before the change commits; the change's event reaches replica B while the answer is on its way.
    send: async (reps: Record<string, unknown>[]): Promise<SubgraphAnswer> => {
      b.invalidate(event('OrderCancelled', { orderNumber: 'O-CUS-A', customerId: 'CUS-A' }));
      return { data: { _entities: reps.map(casesOf) } };
    },
  };
  await a.entities({ fetch: CASES, representations: [ALICE], variables: {}, supergraphSchema: schema, context: alice(), send: slow.send });
  expect(redis.entries.size).toBe(1);
  const owner = support();
  await read(c, owner);
  expect(owner.sent).toHaveLength(1);
});

test('when the entries in Redis cannot be read, the owner answers, and nothing is an error', async () => {
  const redis = sharedRedis();
  const [a, b] = await replicas(redis, 2);
  const owner = support();
  await read(a, owner);
  redis.entriesDown = true;
  const onB = await read(b, owner);
  expect(onB.answer).toEqual({ data: { _entities: [casesOf(ALICE)] } });
  expect(owner.sent).toHaveLength(2);
});

test('while a bump for an event heard here has not reached Redis, no Redis entry is served; once it does, they are again', async () => {
  const redis = sharedRedis();
  const [a, b] = await replicas(redis, 2);
  const owner = support();
  await read(a, owner);
  redis.generations.down = true;
  b.invalidate(event('OrderCancelled', { orderNumber: 'O-CUS-A', customerId: 'CUS-A' }));
  await b.shared?.settled();
  redis.generations.down = false;
  // The entry A stored predates the event whose bump failed: B bumps again before looking, so it is outdated.
  await read(b, owner);
  expect(owner.sent).toHaveLength(2);
  // Under the new generations, B's answer is shared: A's memory entry is outdated too, Redis answers A.
  await read(a, owner);
  expect(owner.sent).toHaveLength(2);
  expect(a.shared?.stats).toMatchObject({ hits: 1 });
});

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
}

test('a gateway that starts to hear the events outdates what Redis holds: it may predate events no replica heard', async () => {
  const redis = sharedRedis();
  const [a] = await replicas(redis, 1);
  const owner = support();
  await read(a, owner);
  const [late] = await replicas(redis, 1);
  await read(late, owner);
  expect(owner.sent).toHaveLength(2);
});

describe('RedisEntryStore when Redis is away', () => {
  const log = createLogger('test', { LOG_LEVEL: 'silent' });
  const entry: SharedEntry = { v: { __typename: 'Customer' }, g: { Customer: 1 }, e: ['Customer:["CUS-A"]'] };

  test('a Redis that refuses connections: every lookup is a miss at once, counted', async () => {
    const store = new RedisEntryStore('redis://127.0.0.1:1', { prefix: 'p', maxEntryBytes: 1000, ttlSeconds: 60, timeoutMs: 100, log });
    store.set('k', entry);
    expect(await store.get(['k', 'l'])).toEqual([undefined, undefined]);
    expect(store.stats.failures).toBeGreaterThanOrEqual(1);
    await store.close();
  });

  test('a Redis that connects but then stops answering: the lookup gives up after its timeout', async () => {
    const sockets: Socket[] = [];
    // Answers the connection's handshake (CLIENT SETINFO, the INFO of the ready check), then nothing.
    const silent: Server = createServer((socket) => {
      sockets.push(socket);
      socket.on('data', (data) => {
        for (const [, command] of data.toString().matchAll(/\*\d+\r\n\$\d+\r\n(\w+)/g)) {
          if (command.toLowerCase() === 'client') socket.write('+OK\r\n');
          if (command.toLowerCase() === 'info') socket.write('$11\r\nloading:0\r\n\r\n');
        }
      });
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as { port: number };
    const store = new RedisEntryStore(`redis://127.0.0.1:${port}`, { prefix: 'p', maxEntryBytes: 1000, ttlSeconds: 60, timeoutMs: 100, log });
    await until(() => store.ready);
    const started = Date.now();
    expect(await store.get(['k'])).toEqual([undefined]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(90);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(store.stats.failures).toBe(1);
    await store.close();
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => silent.close(resolve));
  });

  test('an answer over the byte bound is not sent to Redis', async () => {
    const store = new RedisEntryStore('redis://127.0.0.1:1', { prefix: 'p', maxEntryBytes: 10, ttlSeconds: 60, timeoutMs: 100, log });
    store.set('k', entry);
    expect(store.stats).toMatchObject({ oversized: 1, failures: 0 });
    await store.close();
  });
});
