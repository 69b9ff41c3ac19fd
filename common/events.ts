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

/** Told of an event as it passes, without acknowledging it (the live graph's feed). */
export type EventWatcher = (event: DomainEvent) => void;

export interface Subscription {
  unsubscribe(): Promise<void>;
}

export interface EventBus {
  /** Resolves once the event is accepted for delivery; rejects when it was not (the relay retries). */
  publish(event: DomainEvent): Promise<void>;
  /** A named consumer gets every event published after it subscribed, at least once. */
  subscribe(consumer: string, handler: EventHandler): Promise<Subscription>;
  /**
   * Fan-out, not work-sharing: every watcher in every process is told of every event published from
   * now on, at most once and without retries (a screen needs the next change, not a backlog).
   */
  watch?(watcher: EventWatcher): Promise<Subscription>;
  close(): Promise<void>;
}

/** Raised while no consumer is subscribed: the event stays in the publisher's outbox until one is. */
export class NoConsumerError extends Error {
  override name = 'NoConsumerError';
}

/**
 * A failure that no redelivery can fix (an event that breaks its contract): the bus sends the event
 * to the dead letters at once instead of retrying it.
 */
export class PermanentEventError extends Error {
  override name = 'PermanentEventError';
}

/** An event a consumer could not handle, set aside so that the events after it go on. */
export interface DeadLetter {
  consumer: string;
  event: DomainEvent;
  reason: string;
  deliveries: number;
  at: Date;
}

export interface InProcessBusOptions {
  /** Deliveries of one event to one consumer before it goes to the dead letters (default 5, as NATS_MAX_DELIVER). */
  maxDeliver?: number;
  /** Wait before the second delivery; doubles each time (default 100 ms, so 1.5 s at most per event). */
  retryDelayMs?: number;
  /** Dead letters kept in memory for `deadLetters()`; the oldest go first (default 1,000). */
  keepDeadLetters?: number;
  /** Called for each dead letter (log line and metric: see createEventBus). */
  onDeadLetter?: (letter: DeadLetter) => void;
  /** Told when a watcher throws (default: written to stderr); the event still goes to the consumers. */
  onWatcherError?: (error: unknown, event: DomainEvent) => void;
}

/**
 * The embedded default: delivery inside one process. `publish` resolves when every consumer has
 * handled the event or given up on it, and rejects only while no consumer is subscribed, so the
 * relay keeps the event until one is. A consumer that fails is given the event again, after a
 * growing delay, up to `maxDeliver` times (a PermanentEventError: once); then the event becomes a
 * dead letter and the next event goes on. The retries happen inside `publish`, which the relay
 * awaits one event at a time: a bad event delays the events after it by at most the retry delays,
 * and every consumer still sees events in the order they were recorded (per customer included).
 */
export class InProcessEventBus implements EventBus {
  private readonly consumers = new Map<string, EventHandler>();
  private readonly watchers = new Set<EventWatcher>();
  private readonly dead: DeadLetter[] = [];
  private readonly maxDeliver: number;
  private readonly retryDelayMs: number;
  private readonly keepDeadLetters: number;

  constructor(private readonly options: InProcessBusOptions = {}) {
    this.maxDeliver = Math.max(1, options.maxDeliver ?? 5);
    this.retryDelayMs = options.retryDelayMs ?? 100;
    this.keepDeadLetters = options.keepDeadLetters ?? 1000;
  }

  async publish(event: DomainEvent): Promise<void> {
    const consumers = [...this.consumers];
    if (consumers.length === 0) throw new NoConsumerError(`no consumer subscribed for ${event.type}`);
    // Before the consumers: a watcher only passes the news on, and must not wait behind a slow consumer.
    for (const watcher of [...this.watchers]) {
      try {
        watcher(event);
      } catch (error) {
        // A watcher's failure is its own: said, and the event is still delivered to the consumers.
        if (this.options.onWatcherError) this.options.onWatcherError(error, event);
        else console.error(`live feed watcher failed on event ${event.id}:`, error);
      }
    }
    await Promise.all(consumers.map(([consumer, handle]) => this.deliver(consumer, handle, event)));
  }

  /** The dead letters kept so far, oldest first. */
  deadLetters(): readonly DeadLetter[] {
    return this.dead;
  }

  async subscribe(consumer: string, handler: EventHandler): Promise<Subscription> {
    if (this.consumers.has(consumer)) throw new Error(`consumer "${consumer}" is already subscribed`);
    this.consumers.set(consumer, handler);
    return { unsubscribe: async () => void this.consumers.delete(consumer) };
  }

  async watch(watcher: EventWatcher): Promise<Subscription> {
    this.watchers.add(watcher);
    return { unsubscribe: async () => void this.watchers.delete(watcher) };
  }

  async close(): Promise<void> {
    this.consumers.clear();
    this.watchers.clear();
  }

  private async deliver(consumer: string, handle: EventHandler, event: DomainEvent): Promise<void> {
    for (let deliveries = 1; ; deliveries++) {
      try {
        await handle(event);
        return;
      } catch (error) {
        const permanent = error instanceof PermanentEventError;
        if (permanent || deliveries >= this.maxDeliver) {
          const why = permanent ? 'permanent failure' : `failed ${deliveries} times`;
          this.deadLetter({ consumer, event, reason: `${why}: ${errorText(error)}`, deliveries, at: new Date() });
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, this.retryDelayMs * 2 ** (deliveries - 1)));
      }
    }
  }

  private deadLetter(letter: DeadLetter): void {
    this.dead.push(letter);
    if (this.dead.length > this.keepDeadLetters) this.dead.shift();
    this.options.onDeadLetter?.(letter);
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
