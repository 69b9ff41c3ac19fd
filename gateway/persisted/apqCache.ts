import type { PersistedQueryOptions } from '@apollo/server';

export type PersistedQueryCache = NonNullable<PersistedQueryOptions['cache']>;

/**
 * Where automatic persisted queries are kept: in memory, least recently used first out, bounded
 * by the total length of the documents (a body may be up to MAX_BODY_BYTES, so a count alone
 * would not bound memory). One function, so a shared cache (Redis) can replace it.
 */
export function createPersistedQueryCache(maxChars: number): PersistedQueryCache {
  return new BoundedLruCache(maxChars);
}

class BoundedLruCache implements PersistedQueryCache {
  /** Map iteration order is insertion order: re-inserting on read keeps the oldest first. */
  private readonly entries = new Map<string, string>();
  private size = 0;

  constructor(private readonly maxChars: number) {}

  async get(key: string): Promise<string | undefined> {
    const value = this.entries.get(key);
    if (value !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, value);
    }
    return value;
  }

  async set(key: string, value: string): Promise<void> {
    const cost = key.length + value.length;
    if (cost > this.maxChars) return;
    await this.delete(key);
    this.entries.set(key, value);
    this.size += cost;
    for (const [oldest, document] of this.entries) {
      if (this.size <= this.maxChars) break;
      this.entries.delete(oldest);
      this.size -= oldest.length + document.length;
    }
  }

  async delete(key: string): Promise<boolean> {
    const value = this.entries.get(key);
    if (value === undefined) return false;
    this.entries.delete(key);
    this.size -= key.length + value.length;
    return true;
  }
}
