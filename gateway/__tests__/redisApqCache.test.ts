import type { Logger } from '../../common/logger';
import { persistedQueryStoreErrors } from '../../common/processMetrics';
import { RedisPersistedQueryCache } from '../persisted/redisApqCache';

/** Counts of persisted_query_store_errors_total by operation. */
async function errorCounts(): Promise<Record<string, number>> {
  return Object.fromEntries((await persistedQueryStoreErrors.get()).values.map((v) => [String(v.labels.operation), v.value]));
}

describe('the shared persisted-query store when Redis cannot be reached', () => {
  test('When a get or a set fails, then the request goes on without the store, and the failure is counted and logged', async () => {
    const warn = jest.fn();
    const log = { warn, child: () => log } as unknown as Logger;
    // Port 1: nothing listens there, every call fails quickly.
    const cache = new RedisPersistedQueryCache('redis://127.0.0.1:1', { log, maxEntries: 10, maxDocumentBytes: 1000, ttlSeconds: 60, logEveryMs: 0 });
    const before = await errorCounts();
    try {
      await expect(cache.get('apq:0000')).resolves.toBeUndefined();
      await expect(cache.set('apq:0000', '{ a }')).resolves.toBeUndefined();
      const after = await errorCounts();
      expect((after.get ?? 0) - (before.get ?? 0)).toBe(1);
      expect((after.set ?? 0) - (before.set ?? 0)).toBe(1);
      expect(warn).toHaveBeenCalledWith(expect.objectContaining({ operation: 'get', err: expect.any(Error) }), expect.stringContaining('persisted-query store (Redis) failed'));
      expect(warn).toHaveBeenCalledWith(expect.objectContaining({ operation: 'set' }), expect.any(String));
    } finally {
      await cache.close();
    }
  });
});

describe('the shared persisted-query store when Redis hangs', () => {
  test('When Redis accepts the connection but never answers, then a lookup is a miss within the command timeout, not a request held forever', async () => {
    const { createServer } = await import('node:net');
    const held: import('node:net').Socket[] = [];
    const silent = createServer((socket) => void held.push(socket)); // a frozen Redis: connected, silent
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', () => resolve()));
    const { port } = silent.address() as { port: number };
    const log = { warn: jest.fn(), child: () => log } as unknown as Logger;
    const cache = new RedisPersistedQueryCache(`redis://127.0.0.1:${port}`, { log, maxEntries: 10, maxDocumentBytes: 1000, ttlSeconds: 60, commandTimeoutMs: 200 });
    try {
      const started = Date.now();
      await expect(cache.get('apq:0000')).resolves.toBeUndefined();
      await expect(cache.set('apq:0000', '{ a }')).resolves.toBeUndefined();
      expect(Date.now() - started).toBeLessThan(3000);
    } finally {
      await cache.close();
      for (const socket of held) socket.destroy();
      silent.close();
    }
  }, 15_000);
});
