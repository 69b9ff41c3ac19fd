import { createEventBus } from '../../common/bus/createEventBus';
import { InProcessEventBus, type EventBus, type Subscription } from '../../common/events';
import type { Logger } from '../../common/logger';
import type { GatewayConfig } from '../config';
import type { EntityCache } from './entityCache';

/**
 * The cache hears the owners' events: on the in-process bus it shares with them (npm start, tests), or on
 * JetStream with NATS_URL (every replica watches every event). `auto` serves from the cache on the in-process
 * bus, where a mutation through this gateway and its events meet the one cache there is, and on JetStream only
 * with the replicas' shared generations in Redis (docs/entity-cache.md, Read your writes); `on` serves on
 * JetStream without them. Without a bus nothing could drop an entry: the cache stays off.
 */
export async function followInvalidations(cache: EntityCache, config: GatewayConfig, log: Logger, env: NodeJS.ProcessEnv = process.env): Promise<{ stop(): Promise<void> }> {
  const { mode } = config.entityCache;
  let bus: EventBus | undefined = config.eventBus;
  let ownBus = false;
  // Exact across replicas only with the shared generations (REDIS_URL): then `auto` serves on JetStream too.
  const relied = mode === 'on' || cache.sharesGenerations;
  if (!bus && relied && env.NATS_URL) {
    bus = await createEventBus(env, log.child({ component: 'entity-cache-bus' }));
    ownBus = true;
  }
  const usable = bus && (relied || bus instanceof InProcessEventBus);
  if (!bus || !usable || !bus.watch) {
    log.warn({ mode, bus: bus ? bus.constructor.name : 'none' }, 'entity cache not serving: no event bus it may rely on');
    if (ownBus) await bus?.close();
    return { stop: () => cache.close() };
  }
  const subscription: Subscription = await bus.watch((event) => {
    try {
      const dropped = cache.invalidate(event);
      if (dropped) log.debug({ eventId: event.id, type: event.type, dropped }, 'entity cache entries invalidated');
    } catch (error) {
      // An event the cache could not place: nothing it holds can be trusted any more.
      cache.clear();
      log.error({ err: error, eventId: event.id }, 'entity cache cleared: an event could not be mapped to entities');
    }
  });
  cache.setListening(true);
  log.info({ bus: bus.constructor.name }, 'entity cache serving, invalidated by the owners\' events');
  return {
    async stop() {
      await cache.close();
      await subscription.unsubscribe();
      if (ownBus) await bus.close();
    },
  };
}
