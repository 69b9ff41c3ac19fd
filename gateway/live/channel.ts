/**
 * A push-to-pull queue: a producer loop pushes results, the client's transport pulls them. Ending it
 * from the transport (return(): the client left) runs `onClose` at once, even while a pull is
 * waiting, so the subgraph stream behind it closes without waiting for another event.
 */
export class Channel<T> implements AsyncIterableIterator<T> {
  private readonly queue: T[] = [];
  private wake: (() => void) | undefined;
  private ended = false;
  private readonly closers: Array<() => void> = [];

  /** True once the client or the producer has ended the stream. */
  get closed(): boolean {
    return this.ended;
  }

  /** Results pushed and not yet taken by the client's transport. */
  get queued(): number {
    return this.queue.length;
  }

  /** Runs when the stream ends, whoever ends it (once). */
  onClose(close: () => void): void {
    if (this.ended) close();
    else this.closers.push(close);
  }

  push(item: T): void {
    if (this.ended) return;
    this.queue.push(item);
    this.wake?.();
  }

  /** The producer is done: what is queued is still delivered, then the stream completes. */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    for (const close of this.closers.splice(0)) close();
    this.wake?.();
  }

  async next(): Promise<IteratorResult<T>> {
    for (;;) {
      if (this.queue.length > 0) return { value: this.queue.shift() as T, done: false };
      if (this.ended) return { value: undefined, done: true };
      await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = undefined;
    }
  }

  async return(): Promise<IteratorResult<T>> {
    this.queue.length = 0;
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
