import { InProcessEventBus, type EventBus } from '../../../common/events';
import { createLogger } from '../../../common/logger';
import { loadGatewayConfig } from '../../config';
import { EntityCache } from '../entityCache';
import { followInvalidations } from '../invalidationFeed';

/** A gateway watching JetStream over its own connection (no bus given), with the connection attempts scripted. */
const config = { ...loadGatewayConfig({ DEMO_MODE: 'true', ENTITY_CACHE: 'on' }), eventBus: undefined };
const log = createLogger('gateway', { LOG_LEVEL: 'silent' });
const env = { NATS_URL: 'nats://127.0.0.1:1' };
const newCache = () => new EntityCache({ maxBytes: 1_000_000, types: new Set(['Order']), forwardedHeaders: () => [] });

async function until(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("the entity cache's own bus connection", () => {
  test('a first attempt that fails (a JetStream timeout) is tried again, and the cache serves once it watches', async () => {
    const cache = newCache();
    const listening = jest.spyOn(cache, 'setListening');
    let attempts = 0;
    const connect = async (): Promise<EventBus> => {
      attempts++;
      if (attempts === 1) throw new Error('TIMEOUT');
      return new InProcessEventBus();
    };
    const feed = await followInvalidations(cache, config, log, env, connect);
    await until(() => listening.mock.calls.some(([on]) => on));
    expect(attempts).toBe(2);
    await feed.stop();
  });

  test('stopped while failing: it stops trying', async () => {
    const cache = newCache();
    let attempts = 0;
    const feed = await followInvalidations(cache, config, log, env, async () => {
      attempts++;
      throw new Error('TIMEOUT');
    });
    await until(() => attempts === 1);
    await feed.stop();
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    expect(attempts).toBeLessThanOrEqual(2);
  });
});
