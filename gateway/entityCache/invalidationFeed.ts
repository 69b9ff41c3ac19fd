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
export async function followInvalidations(
  cache: EntityCache,
  config: GatewayConfig,
  log: Logger,
  env: NodeJS.ProcessEnv = process.env,
  connectBus: typeof createEventBus = createEventBus,
): Promise<{ stop(): Promise<void> }> {
  const { mode } = config.entityCache;
  // Exact across replicas only with the shared generations (REDIS_URL): then `auto` serves on JetStream too.
  const relied = mode === 'on' || cache.sharesGenerations;
  const given = config.eventBus;
  if (given) {
    if (!(relied || given instanceof InProcessEventBus) || !given.watch) return notServing(cache, log, mode, given.constructor.name);
    const subscription = await watch(cache, given, log);
    return {
      async stop() {
        await cache.close();
        await subscription.unsubscribe();
      },
    };
  }
  if (!relied || !env.NATS_URL) return notServing(cache, log, mode, 'none');
  // The gateway's own connection to JetStream, made in the background: the gateway starts (uncached) while NATS
  // is away, and stopping does not wait for a connection still being attempted (it is closed once made).
  // A failed attempt (a JetStream API call timing out on a loaded broker) is tried again: without that, one
  // timeout at start left the replica uncached until its restart (found by `npm run hold -- consistency`).
  let stopped = false;
  let connected: { bus: EventBus; subscription: Subscription } | undefined;
  void (async () => {
    for (let attempt = 1; !stopped; attempt++) {
      let bus: EventBus | undefined;
      try {
        bus = await connectBus(env, log.child({ component: 'entity-cache-bus' }));
        if (stopped) return await bus.close();
        const subscription = await watch(cache, bus, log);
        if (stopped) {
          cache.setListening(false);
          await subscription.unsubscribe();
          return await bus.close();
        }
        connected = { bus, subscription };
        return;
      } catch (error) {
        await bus?.close().catch(() => undefined);
        log.error({ err: error, attempt }, 'entity cache not serving yet: the event bus could not be watched; trying again');
        await new Promise((resolve) => setTimeout(resolve, Math.min(500 * attempt, 10_000)).unref());
      }
    }
  })();
  return {
    async stop() {
      stopped = true;
      await cache.close();
      await connected?.subscription.unsubscribe();
      await connected?.bus.close();
    },
  };
}

function notServing(cache: EntityCache, log: Logger, mode: string, bus: string): { stop(): Promise<void> } {
  log.warn({ mode, bus }, 'entity cache not serving: no event bus it may rely on');
  return { stop: () => cache.close() };
}

async function watch(cache: EntityCache, bus: EventBus, log: Logger): Promise<Subscription> {
  if (!bus.watch) throw new Error(`${bus.constructor.name} cannot be watched`);
  const subscription = await bus.watch((event) => {
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
  log.info({ bus: bus.constructor.name }, "entity cache serving, invalidated by the owners' events");
  return subscription;
}
