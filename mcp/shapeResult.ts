/**
 * Makes a GraphQL `data` object compact for a model: no `__typename`, no null fields (except the root
 * fields, where null is the answer "there is no such thing"), and no list longer than `maxItems`.
 * A cut list gets a `_note` beside it on its parent object, e.g. `"_note": "orders: showing the first 10
 * of 37"`; lists at `keepLast` response paths (oldest-first histories) keep their last items instead.
 * Nulls inside lists stay: their position is the answer (an unknown id in a batch read).
 */
export interface ShapeOptions {
  maxItems: number;
  /** Response paths, dot-separated keys without list indexes, e.g. `customer.supportCases.interactions`. */
  keepLast?: string[];
}

export const DEFAULT_MAX_ITEMS = 10;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export function shapeResult(data: Record<string, unknown>, options: ShapeOptions): Record<string, Json> {
  const keepLast = new Set(options.keepLast ?? []);
  const shaped: Record<string, Json> = {};
  const notes: string[] = [];
  for (const [key, value] of Object.entries(data)) {
    if (key === '__typename') continue;
    shaped[key] = value === null || value === undefined ? null : shapeField(key, value, [key], options.maxItems, keepLast, notes);
  }
  if (notes.length > 0) shaped._note = notes.join('; ');
  return shaped;
}

function shapeField(key: string, value: unknown, path: string[], maxItems: number, keepLast: Set<string>, notes: string[]): Json {
  if (!Array.isArray(value)) return shapeValue(value, path, maxItems, keepLast);
  const items = value.map((item) => shapeValue(item, path, maxItems, keepLast));
  if (items.length <= maxItems) return items;
  const fromEnd = keepLast.has(path.join('.'));
  notes.push(`${key}: showing the ${fromEnd ? 'last' : 'first'} ${maxItems} of ${items.length}`);
  return fromEnd ? items.slice(items.length - maxItems) : items.slice(0, maxItems);
}

function shapeValue(value: unknown, path: string[], maxItems: number, keepLast: Set<string>): Json {
  if (value === null || value === undefined) return null;
  // A list directly inside a list has no parent object to carry a note, so it is shaped but never cut.
  if (Array.isArray(value)) return value.map((item) => shapeValue(item, path, maxItems, keepLast));
  if (typeof value !== 'object') return value as Json;
  const shaped: Record<string, Json> = {};
  const notes: string[] = [];
  for (const [key, field] of Object.entries(value as Record<string, unknown>)) {
    if (key === '__typename' || field === null || field === undefined) continue;
    shaped[key] = shapeField(key, field, [...path, key], maxItems, keepLast, notes);
  }
  if (notes.length > 0) shaped._note = notes.join('; ');
  return shaped;
}
