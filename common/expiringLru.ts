/**
 * A small time-bounded LRU map: each entry expires at its own deadline, and past `maxEntries` the
 * least recently used goes first, so client-chosen keys (tokens, operation names) cannot grow it
 * without end.
 */
export class ExpiringLru<V> {
  private readonly entries = new Map<string, { value: V; until: number }>();

  constructor(private readonly maxEntries: number) {}

  get(key: string, now = Date.now()): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    if (entry.until <= now) return undefined;
    this.entries.set(key, entry); // most recently used last
    return entry.value;
  }

  /** Entries held, live or expired but not yet dropped. */
  get size(): number {
    return this.entries.size;
  }

  set(key: string, value: V, until: number, now = Date.now()): void {
    this.entries.delete(key);
    this.entries.set(key, { value, until });
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    // Expired entries are dropped from the least recently used end, two per insertion: otherwise an
    // entry never asked for again (a token of a one-off operation) stays until maxEntries pushes it
    // out, and a cache that is mostly expired holds maxEntries values for good. Its users give nearly
    // uniform lifetimes (10 s signatures, 60 s tokens), so the least recently used expire first.
    for (let i = 0; i < 2; i++) {
      const [oldest, entry] = this.entries.entries().next().value ?? [];
      if (oldest === undefined || !entry || entry.until > now) break;
      this.entries.delete(oldest);
    }
  }

  delete(key: string): void {
    this.entries.delete(key);
  }
}
