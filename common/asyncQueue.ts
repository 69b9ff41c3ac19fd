/**
 * The one push-to-pull queue of the project: a producer pushes items, a consumer pulls them with
 * `for await` (or next()). It serves a gateway subscription's results (gateway/live), the payloads
 * of a deferred answer (gateway/engine/defer.ts) and a subgraph's live feed (common/live/feed.ts).
 *
 * - end(): the producer is done; what is queued is still delivered, then the iteration completes,
 *   or fails with the error given to end(error).
 * - return() (the consumer left: a closed connection, a `break`): what is queued is dropped and the
 *   queue ends at once, even while a pull is waiting.
 * - onClose(): runs once when the queue ends, whoever ends it, so whatever feeds it (a subgraph
 *   stream, a bus listener) is let go without waiting for another item.
 */
export class AsyncQueue<T> implements AsyncIterableIterator<T> {
  private readonly items: T[] = [];
  private wake: (() => void) | undefined;
  private ended = false;
  private failure: { error: unknown } | undefined;
  private readonly closers: Array<() => void> = [];

  /** True once the consumer or the producer has ended the queue. */
  get closed(): boolean {
    return this.ended;
  }

  /** Items pushed and not yet pulled. */
  get queued(): number {
    return this.items.length;
  }

  /** Runs when the queue ends, whoever ends it (at once when it already has). */
  onClose(close: () => void): void {
    if (this.ended) close();
    else this.closers.push(close);
  }

  /** Adds an item; false (and nothing added) once the queue has ended. */
  push(item: T): boolean {
    if (this.ended) return false;
    this.items.push(item);
    this.wake?.();
    return true;
  }

  /** The producer is done: queued items are still delivered, then the iteration ends (or throws `error`). */
  end(error?: unknown): void {
    if (this.ended) return;
    this.ended = true;
    if (error !== undefined) this.failure = { error };
    for (const close of this.closers.splice(0)) close();
    this.wake?.();
  }

  async next(): Promise<IteratorResult<T>> {
    for (;;) {
      if (this.items.length > 0) return { value: this.items.shift() as T, done: false };
      if (this.ended) {
        const failure = this.failure;
        this.failure = undefined;
        if (failure) throw failure.error;
        return { value: undefined, done: true };
      }
      await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = undefined;
    }
  }

  async return(): Promise<IteratorResult<T>> {
    this.items.length = 0;
    this.failure = undefined;
    this.end();
    return { value: undefined, done: true };
  }

  async throw(error?: unknown): Promise<IteratorResult<T>> {
    await this.return();
    throw error;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}
