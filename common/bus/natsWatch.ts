import { DeliverPolicy, type JetStreamClient } from 'nats';
import type { DomainEvent, EventWatcher, Subscription } from '../events';
import type { Logger } from '../logger';
import { naming, type NatsBusConfig } from './natsConfig';

/**
 * An ordered consumer of the event stream, one per watching process: unlike a durable consumer,
 * whose processes split the events between them, every process sees every event, so a subscriber
 * on replica B hears of a change made through replica A. It starts at the stream's end (a screen
 * wants what happens from now on), acknowledges nothing, and the client re-creates it after a
 * broker restart or a gap.
 */
export async function watchStream(js: JetStreamClient, config: NatsBusConfig, watcher: EventWatcher, log: Logger): Promise<Subscription> {
  const consumer = await js.consumers.get(config.stream, {
    // One subject as a string: the array form needs NATS 2.10 (filter_subjects), and a 2.9 server never answers it.
    filterSubjects: naming.eventSubjects(config),
    deliver_policy: DeliverPolicy.New,
  });
  const messages = await consumer.consume();
  let stopping = false;
  const loop = (async () => {
    for await (const message of messages) {
      let event: DomainEvent;
      try {
        event = message.json<DomainEvent>();
      } catch (error) {
        log.warn({ err: error, subject: message.subject }, 'undecodable event skipped by the live feed');
        continue;
      }
      try {
        watcher(event);
      } catch (error) {
        log.warn({ err: error, eventId: event.id }, 'live feed watcher failed');
      }
    }
    if (!stopping) log.error('live feed on NATS ended unexpectedly');
  })().catch((error: unknown) => log.error({ err: error }, 'live feed on NATS failed'));
  return {
    async unsubscribe() {
      stopping = true;
      await messages.close();
      await loop;
    },
  };
}
