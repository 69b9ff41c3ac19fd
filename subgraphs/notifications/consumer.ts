import type { Database } from '../../common/db';
import { EventType } from '../../common/eventContracts';
import type { DomainEvent, EventBus } from '../../common/events';
import type { Logger } from '../../common/logger';
import { PermanentEventError } from '../../common/bus/deadLetters';
import { inChildSpan, inProcessSpan } from '../../common/spans';
import { InvalidEventError, orderCancelledPayload, returnRequestedPayload } from './eventPayloads';
import { renderOrderCancelled, renderReturnRequested } from './render';
import { markDelivered, recordForEvent } from './repository';
import type { NotificationSender } from './sender';
import type { NotificationDraft } from './types';

export const CONSUMER_NAME = 'notifications';

/** The events that make us tell a customer something, and what we tell them. */
const DRAFTS: Record<string, (event: DomainEvent) => NotificationDraft> = {
  [EventType.OrderCancelled]: (event) => renderOrderCancelled(orderCancelledPayload(event)),
  [EventType.ReturnRequested]: (event) => renderReturnRequested(returnRequestedPayload(event)),
};

export interface ConsumerDeps {
  db: Database;
  bus: EventBus;
  log: Logger;
  sender: NotificationSender;
  /** A send was recorded, its NotificationSent event with it: the outbox relay can publish now. */
  onSent?: () => void;
}

export interface RunningConsumer {
  /** Resolves when every event handling started so far has finished, failed ones included. */
  settle(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Turns domain events into notifications.
 *
 * Contract: exactly-once record, at-least-once send. The bus delivers an event at least once; the
 * UNIQUE event_id records its notification once however often it arrives. A redelivered event whose
 * notification is already DELIVERED does nothing. One whose row exists but is still PENDING (we
 * crashed, or the sender failed, between recording and marking) is sent again and then marked, so a
 * customer may in rare cases get a message twice but never zero times. Any error propagates to the
 * bus, which redelivers the event.
 */
export async function startNotificationConsumer(deps: ConsumerDeps): Promise<RunningConsumer> {
  const { db, bus, log, sender } = deps;
  const inFlight = new Set<Promise<void>>();
  // Deliveries of one event id inside this process run one after the other, so a duplicate that
  // arrives while the first is still sending sees it DELIVERED instead of sending it a second time.
  const latestByEvent = new Map<string, Promise<void>>();

  async function handle(event: DomainEvent): Promise<void> {
    const draftFor = Object.hasOwn(DRAFTS, event.type) ? DRAFTS[event.type] : undefined;
    if (!draftFor) {
      log.debug({ eventId: event.id, type: event.type }, 'event not for notifications; acknowledged');
      return;
    }
    const notification = await recordForEvent(db, event.id, draftFor(event));
    if (notification.deliveryStatus === 'DELIVERED') {
      log.debug({ eventId: event.id, notificationId: notification.id }, 'duplicate event; already sent');
      return;
    }
    // The recipient is not named on the span: the channel and topic say what went out.
    await inChildSpan('send notification', { 'notification.channel': notification.channel, 'notification.topic': notification.topic }, () =>
      sender.send(notification),
    );
    if (await markDelivered(db, notification.id)) deps.onSent?.();
    log.info({ eventId: event.id, notificationId: notification.id, topic: notification.topic }, 'notification delivered');
  }

  function handleInOrder(event: DomainEvent): Promise<void> {
    const previous = latestByEvent.get(event.id) ?? Promise.resolve();
    // With tracing on, an event recorded in a traced request is handled inside that trace.
    const current = previous.catch(() => undefined).then(() => inProcessSpan(event, CONSUMER_NAME, () => handle(event)));
    latestByEvent.set(event.id, current);
    const forget = () => {
      if (latestByEvent.get(event.id) === current) latestByEvent.delete(event.id);
    };
    current.then(forget, forget);
    return current;
  }

  function tracked(event: DomainEvent): Promise<void> {
    const work = handleInOrder(event).catch((error: unknown) => {
      log.error({ err: error, eventId: event.id, type: event.type }, 'event handling failed; the bus will redeliver');
      // A payload that breaks the contract fails the same way every time: no point redelivering it.
      throw error instanceof InvalidEventError ? new PermanentEventError(error.message, { cause: error }) : error;
    });
    inFlight.add(work);
    const done = () => void inFlight.delete(work);
    work.then(done, done);
    return work;
  }

  const subscription = await bus.subscribe(CONSUMER_NAME, tracked);

  async function settle(): Promise<void> {
    // Handling may start more handling (a redelivery); wait until nothing is left.
    while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
  }

  return {
    settle,
    async stop() {
      await subscription.unsubscribe();
      await settle();
    },
  };
}
