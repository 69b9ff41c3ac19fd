import DataLoader from 'dataloader';

/**
 * Per-request DataLoaders over one SQL statement per batch. Create them in the request context,
 * never globally, so one request never sees another's cache.
 */

/** One row per key (entity references): missing keys resolve to null. */
export function rowLoader<K extends string, R>(
  fetch: (keys: readonly K[]) => Promise<R[]>,
  keyOf: (row: R) => K,
): DataLoader<K, R | null> {
  return new DataLoader<K, R | null>(async (keys) => {
    const byKey = new Map<K, R>();
    for (const row of await fetch(keys)) byKey.set(keyOf(row), row);
    return keys.map((k) => byKey.get(k) ?? null);
  });
}

/** Many rows per key (list fields): a key with no rows resolves to []. Rows keep the SQL order. */
export function groupLoader<K extends string, R>(
  fetch: (keys: readonly K[]) => Promise<R[]>,
  keyOf: (row: R) => K,
): DataLoader<K, R[]> {
  return new DataLoader<K, R[]>(async (keys) => {
    const groups = new Map<K, R[]>();
    for (const row of await fetch(keys)) {
      const key = keyOf(row);
      const group = groups.get(key);
      if (group) group.push(row);
      else groups.set(key, [row]);
    }
    return keys.map((k) => groups.get(k) ?? []);
  });
}
