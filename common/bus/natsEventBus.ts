import { connect, type JetStreamClient, type JetStreamManager, type NatsConnection } from 'nats';
import type { DomainEvent, EventBus, EventHandler, EventWatcher, Subscription } from '../events';
import type { Logger } from '../logger';
import { naming, type NatsBusConfig } from './natsConfig';
import { startSubscription } from './natsSubscription';
import { ensureConsumer, ensureStreams } from './natsTopology';
import { watchStream } from './natsWatch';

/**
 * Domain events on NATS JetStream, between processes. `publish` resolves once the broker has stored
 * the event (so the relay marks it published only then); the event id is the JetStream message id,
 * so a relay that republishes after a crash stores it once. Each consumer name is a durable consumer
 * its processes share; delivery is at least once, consumers deduplicate by event id.
 */
export class NatsEventBus implements EventBus {
  private readonly subscriptions = new Map<string, Subscription>();
  private readonly watches = new Set<Subscription>();

  private constructor(
    private readonly nc: NatsConnection,
    private readonly jsm: JetStreamManager,
    private readonly js: JetStreamClient,
    private readonly config: NatsBusConfig,
    private readonly log: Logger,
  ) {}

  /** Connects (waiting for the broker if it is not up yet) and makes sure the streams exist. */
  static async connect(config: NatsBusConfig, log: Logger, name = 'customer-graph'): Promise<NatsEventBus> {
    const nc = await connect({
      servers: config.servers,
      name,
      waitOnFirstConnect: true,
      maxReconnectAttempts: -1,
      reconnectTimeWait: config.reconnectWaitMs,
    });
    try {
      const jsm = await nc.jetstreamManager({ timeout: config.publishTimeoutMs });
      await ensureStreams(jsm, config);
      const bus = new NatsEventBus(nc, jsm, nc.jetstream({ timeout: config.publishTimeoutMs }), config, log);
      void bus.logConnectionChanges();
      return bus;
    } catch (error) {
      await nc.close().catch(() => undefined);
      throw error;
    }
  }

  async publish(event: DomainEvent): Promise<void> {
    await this.js.publish(naming.eventSubject(this.config, event.source, event.type), JSON.stringify(event), {
      msgID: event.id,
      timeout: this.config.publishTimeoutMs,
    });
  }

  async subscribe(consumer: string, handler: EventHandler): Promise<Subscription> {
    if (this.subscriptions.has(consumer)) throw new Error(`consumer "${consumer}" is already subscribed`);
    const durable = await ensureConsumer(this.jsm, this.config, consumer);
    const subscription = await startSubscription({ js: this.js, config: this.config, consumer, durable, handler, log: this.log });
    this.subscriptions.set(consumer, subscription);
    return {
      unsubscribe: async () => {
        if (this.subscriptions.get(consumer) !== subscription) return;
        this.subscriptions.delete(consumer);
        await subscription.unsubscribe();
      },
    };
  }

  async watch(watcher: EventWatcher): Promise<Subscription> {
    const watch = await watchStream(this.js, this.config, watcher, this.log);
    this.watches.add(watch);
    return {
      unsubscribe: async () => {
        if (this.watches.delete(watch)) await watch.unsubscribe();
      },
    };
  }

  /** Stops the subscriptions (letting handlers under way finish and acknowledge), then the connection. */
  async close(): Promise<void> {
    const open = [...this.subscriptions.values(), ...this.watches];
    this.subscriptions.clear();
    this.watches.clear();
    await Promise.allSettled(open.map((s) => s.unsubscribe()));
    if (this.nc.isClosed()) return;
    // Draining flushes the last acknowledgements; while the broker is unreachable it would wait forever.
    let timer: NodeJS.Timeout | undefined;
    const gaveUp = new Promise<void>((resolve) => (timer = setTimeout(resolve, this.config.publishTimeoutMs)));
    await Promise.race([this.nc.drain().catch(() => undefined), gaveUp]);
    clearTimeout(timer);
    if (!this.nc.isClosed()) await this.nc.close();
  }

  private async logConnectionChanges(): Promise<void> {
    for await (const status of this.nc.status()) {
      if (status.type === 'disconnect') this.log.warn({ server: status.data }, 'event bus disconnected; reconnecting');
      else if (status.type === 'reconnect') this.log.info({ server: status.data }, 'event bus reconnected');
      else if (status.type === 'error') this.log.error({ err: status.data }, 'event bus connection error');
    }
  }
}
