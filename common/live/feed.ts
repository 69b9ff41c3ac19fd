import { AsyncQueue } from '../asyncQueue';
import type { DomainEvent, EventBus, Subscription } from '../events';
import type { Logger } from '../logger';

export interface LiveFeedOptions {
  /** Events one slow subscriber may have waiting before it is cut off (default 100). */
  maxQueued?: number;
}

/**
 * One process's view of the domain events, fanned out to every open subscription: one watch on the
 * bus (in-process, or an ordered JetStream consumer per process), however many subscribers. Each
 * subscriber gets an async iterator of the events its filter accepts; ending the iterator (return(),
 * the stream's end, a closed connection) removes its listener at once, so nothing leaks.
 */
export class LiveFeed {
  private readonly listeners = new Set<(event: DomainEvent) => void>();
  private readonly closers = new Set<() => void>();
  private watch: Promise<Subscription> | undefined;
  private readonly maxQueued: number;

  constructor(
    private readonly bus: EventBus,
    private readonly log: Logger,
    options: LiveFeedOptions = {},
  ) {
    this.maxQueued = options.maxQueued ?? 100;
  }

  /** Listeners open now: back to zero once every subscription has ended. */
  get listenerCount(): number {
    return this.listeners.size;
  }

  /** Starts watching the bus; the first `listen` does it too. */
  start(): Promise<Subscription> {
    if (!this.bus.watch) throw new Error('this event bus cannot be watched: no live feed');
    this.watch ??= this.bus.watch((event) => {
      for (const listener of [...this.listeners]) listener(event);
    });
    return this.watch;
  }

  /** The events `map` turns into items, from now on, until the iterator is ended or the feed stops. */
  listen<T>(map: (event: DomainEvent) => T | undefined): AsyncIterableIterator<T> {
    const queue = new AsyncQueue<T>();
    const started = this.start();
    const listener = (event: DomainEvent) => {
      let item: T | undefined;
      try {
        item = map(event);
      } catch (error) {
        this.log.warn({ err: error, eventId: event.id, type: event.type }, 'event not readable by a live subscription; skipped');
      }
      if (item === undefined || queue.closed) return;
      // A subscriber this far behind shows a stale screen: better to end it so the client re-subscribes.
      if (queue.queued >= this.maxQueued) queue.end(new Error('the subscriber fell too far behind the events; subscribe again'));
      else queue.push(item);
    };
    const finish = () => queue.end();
    queue.onClose(() => {
      this.listeners.delete(listener);
      this.closers.delete(finish);
    });
    this.listeners.add(listener);
    this.closers.add(finish);
    const iterator: AsyncIterableIterator<T> = {
      next: async () => {
        await started;
        return queue.next();
      },
      return: () => queue.return(),
      [Symbol.asyncIterator]: () => iterator,
    };
    return iterator;
  }

  /** Ends every subscription (their streams complete, so clients reconnect elsewhere) and the watch. */
  async stop(): Promise<void> {
    for (const close of [...this.closers]) close();
    const watch = this.watch;
    this.watch = undefined;
    if (watch) await (await watch).unsubscribe();
  }
}
