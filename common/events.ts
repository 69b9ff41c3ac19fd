/**
 * Domain events between subgraphs. Orders writes them to its outbox; a relay publishes them
 * on an EventBus; consumers (Notifications) handle each at least once and deduplicate by `id`.
 */
export interface DomainEvent<P = Record<string, unknown>> {
  /** Unique and stable across redeliveries: consumers deduplicate on it. */
  id: string;
  /** e.g. `OrderCancelled`, `ReturnRequested`. */
  type: string;
  /** The subgraph that owns the fact. */
  source: string;
  occurredAt: string;
  payload: P;
  /**
   * Envelope, not payload: the W3C trace context (`traceparent`, `tracestate`) of the work that
   * caused the event, present only when tracing was on (common/spans.ts). Consumers may ignore it.
   */
  trace?: Record<string, string>;
}

export type EventHandler = (event: DomainEvent) => Promise<void>;

export interface Subscription {
  unsubscribe(): Promise<void>;
}

export interface EventBus {
  /** Resolves once the event is accepted for delivery; rejects when it was not (the relay retries). */
  publish(event: DomainEvent): Promise<void>;
  /** A named consumer gets every event published after it subscribed, at least once. */
  subscribe(consumer: string, handler: EventHandler): Promise<Subscription>;
  close(): Promise<void>;
}

/** Raised while no consumer is subscribed: the event stays in the publisher's outbox until one is. */
export class NoConsumerError extends Error {
  override name = 'NoConsumerError';
}

/**
 * The embedded default: delivery inside one process. `publish` resolves when every consumer has
 * handled the event and rejects if one failed or none is subscribed yet, so the relay keeps the
 * event and retries it: nothing is dropped on the floor.
 */
export class InProcessEventBus implements EventBus {
  private readonly consumers = new Map<string, EventHandler>();

  async publish(event: DomainEvent): Promise<void> {
    const handlers = [...this.consumers.values()];
    if (handlers.length === 0) throw new NoConsumerError(`no consumer subscribed for ${event.type}`);
    const results = await Promise.allSettled(handlers.map((handle) => handle(event)));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  }

  async subscribe(consumer: string, handler: EventHandler): Promise<Subscription> {
    if (this.consumers.has(consumer)) throw new Error(`consumer "${consumer}" is already subscribed`);
    this.consumers.set(consumer, handler);
    return { unsubscribe: async () => void this.consumers.delete(consumer) };
  }

  async close(): Promise<void> {
    this.consumers.clear();
  }
}
