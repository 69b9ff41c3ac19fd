/**
 * At most `max` event executions at once in one process, the others waiting their turn in arrival
 * order: a subgraph's payloads for its open subscriptions (SUBGRAPH_LIVE_MAX_CONCURRENT_EVENTS), the
 * gateway's rest of the plan (LIVE_MAX_CONCURRENT_EVENTS). Each subscription answers its own events
 * one after another, but a thousand different callers watching one order are a thousand executions
 * when it changes, and a connection pool of ten would answer the overflow DATABASE_UNAVAILABLE.
 */
export class EventGate {
  private running = 0;
  private readonly waiting: Array<() => void> = [];
  /** Most executions seen at once (read by tests: the bound was reached, not passed). */
  peak = 0;

  constructor(readonly max: number) {}

  get queued(): number {
    return this.waiting.length;
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= this.max) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.running += 1;
    this.peak = Math.max(this.peak, this.running);
    try {
      return await work();
    } finally {
      // The slot passes straight to the next in line, so a newcomer cannot overtake it.
      const next = this.waiting.shift();
      if (next) next();
      else this.running -= 1;
    }
  }
}
