import type { JetStreamClient, JsMsg } from 'nats';
import type { DomainEvent, EventHandler, Subscription } from '../events';
import type { Logger } from '../logger';
import { deadLetteredEvents } from '../processMetrics';
import { PermanentEventError, sendToDeadLetters } from './deadLetters';
import type { NatsBusConfig } from './natsConfig';

interface SubscriptionDeps {
  js: JetStreamClient;
  config: NatsBusConfig;
  consumer: string;
  durable: string;
  handler: EventHandler;
  log: Logger;
}

/**
 * Pulls the durable consumer's events and hands each to the handler, up to `concurrency` at once.
 * Handled: acknowledged. Failed: redelivered later, with a growing delay, until the `maxDeliver`th
 * failure sends it to the dead letters. Never acknowledged (the process died): the broker
 * redelivers it after `ackWait`, to this process or another one of the same consumer.
 */
export async function startSubscription(deps: SubscriptionDeps): Promise<Subscription> {
  const { js, config, consumer, handler, log } = deps;
  const messages = await (await js.consumers.get(config.stream, deps.durable)).consume({ max_messages: config.concurrency });
  const inFlight = new Set<Promise<void>>();
  let stopping = false;

  const deadLetter = async (message: JsMsg, reason: string) => {
    try {
      await sendToDeadLetters(js, config, consumer, message, reason);
      message.term();
      deadLetteredEvents.inc({ consumer, bus: 'nats' });
      log.error({ consumer, subject: message.subject, seq: message.seq, reason }, 'event sent to the dead letters');
    } catch (error) {
      log.warn({ err: error, consumer, seq: message.seq }, 'dead letter not stored; the event comes back later');
      message.nak(retryDelay(config, message.info.deliveryCount));
    }
  };

  const deliver = async (message: JsMsg) => {
    const deliveries = message.info.deliveryCount;
    let event: DomainEvent;
    try {
      event = decodeEvent(message);
    } catch (error) {
      return deadLetter(message, `undecodable event: ${errorText(error)}`);
    }
    if (deliveries > config.maxDeliver) {
      // Earlier deliveries were never answered: the handler keeps crashing its process or hanging.
      return deadLetter(message, `not acknowledged after ${deliveries - 1} deliveries (consumer crashed or timed out)`);
    }
    try {
      await handler(event);
      message.ack();
    } catch (error) {
      if (error instanceof PermanentEventError || deliveries >= config.maxDeliver) {
        const why = error instanceof PermanentEventError ? 'permanent failure' : `failed ${deliveries} times`;
        return deadLetter(message, `${why}: ${errorText(error)}`);
      }
      log.warn({ err: error, consumer, eventId: event.id, deliveries }, 'event handling failed; redelivering later');
      message.nak(retryDelay(config, deliveries));
    }
  };

  const loop = (async () => {
    for await (const message of messages) {
      if (stopping) {
        message.nak(); // straight back to the broker for another process, not after ackWait
        continue;
      }
      while (inFlight.size >= config.concurrency) await Promise.race(inFlight);
      const work = deliver(message).catch((error: unknown) => log.error({ err: error, consumer }, 'event delivery failed'));
      inFlight.add(work);
      void work.finally(() => inFlight.delete(work));
    }
    if (!stopping) log.error({ consumer }, 'event subscription ended unexpectedly; events wait in the broker for a restart');
  })().catch((error: unknown) => log.error({ err: error, consumer }, 'event subscription failed; events wait in the broker for a restart'));

  return {
    async unsubscribe() {
      stopping = true;
      await messages.close();
      await loop;
      await Promise.allSettled([...inFlight]);
    },
  };
}

function decodeEvent(message: JsMsg): DomainEvent {
  const event = message.json<DomainEvent>();
  const ok =
    typeof event === 'object' &&
    event !== null &&
    ['id', 'type', 'source', 'occurredAt'].every((k) => typeof (event as unknown as Record<string, unknown>)[k] === 'string') &&
    typeof event.payload === 'object' &&
    event.payload !== null;
  if (!ok) throw new Error('not a domain event (id, type, source, occurredAt, payload)');
  return event;
}

function retryDelay(config: NatsBusConfig, deliveries: number): number {
  return Math.min(config.retryDelayMs * 2 ** Math.max(0, deliveries - 1), 60_000);
}

function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
