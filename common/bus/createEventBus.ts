import type { Env } from '../config';
import { InProcessEventBus, type EventBus } from '../events';
import { createLogger, type Logger } from '../logger';
import { deadLetteredEvents } from '../processMetrics';
import { loadNatsBusConfig } from './natsConfig';
import { NatsEventBus } from './natsEventBus';

/**
 * The event bus the environment asks for: NATS JetStream when NATS_URL is set (subgraphs in
 * separate processes), else the embedded in-process bus (everything in one process).
 */
export async function createEventBus(env: Env = process.env, log: Logger = createLogger('event-bus', env)): Promise<EventBus> {
  const config = loadNatsBusConfig(env);
  if (!config) {
    return new InProcessEventBus({
      onDeadLetter: ({ consumer, event, reason, deliveries }) => {
        deadLetteredEvents.inc({ consumer, bus: 'in-process' });
        // The whole event: on the in-process bus this log line (and deadLetters()) is the only copy left.
        log.error({ consumer, eventId: event.id, type: event.type, deliveries, reason, event }, 'event sent to the dead letters');
      },
      // As the NATS bus says it (common/bus/natsWatch.ts).
      onWatcherError: (error, event) => log.warn({ err: error, eventId: event.id }, 'live feed watcher failed'),
    });
  }
  return NatsEventBus.connect(config, log, env.NATS_CLIENT_NAME ?? `customer-graph:${process.pid}`);
}
