import { existsSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { openUsageStore } from '../../../gateway/usage/openStore';
import type { OperationShape, UsageBatch } from '../../../gateway/usage/usageData';
import { UsageError } from '../findings';

/** `schema-check usage export`'s file: what CI judges changes by, without access to the store. */
export interface UsageExport {
  format: typeof FORMAT;
  exportedAt: string;
  window: { from: string; to: string };
  operations: OperationShape[];
  /** Requests per UTC day, operation and client: the window can be narrowed again by day. */
  counts: DailyCount[];
}

export interface DailyCount {
  day: string;
  operation: string;
  client: string;
  version: string;
  requests: number;
  /** The end of the last bucket that counted it. */
  lastSeen: string;
}

const FORMAT = 'customer-graph-usage/1';
const DAY_MS = 86_400_000;

/** "30d", "12h", "90m" -> milliseconds. */
export function parseWindow(text: string): number {
  const match = /^(\d+)(d|h|m)$/.exec(text.trim());
  if (!match || Number(match[1]) === 0) throw new UsageError(`--window must look like 30d, 12h or 90m, not "${text}"`);
  return Number(match[1]) * { d: DAY_MS, h: 3_600_000, m: 60_000 }[match[2] as 'd' | 'h' | 'm'];
}

/** The window's usage as an export, counts summed per day. */
export function toExport(batch: UsageBatch, from: Date, to: Date, bucketMs = 60_000): UsageExport {
  const daily = new Map<string, DailyCount>();
  for (const count of batch.counts) {
    const day = count.bucket.slice(0, 10);
    const key = `${day}\u0000${count.operation}\u0000${count.client}\u0000${count.version}`;
    const seen = new Date(Math.min(Date.parse(count.bucket) + bucketMs, to.getTime())).toISOString();
    const row = daily.get(key);
    if (row) {
      row.requests += count.count;
      if (seen > row.lastSeen) row.lastSeen = seen;
    } else daily.set(key, { day, operation: count.operation, client: count.client, version: count.version, requests: count.count, lastSeen: seen });
  }
  const counts = [...daily.values()].sort((a, b) => a.day.localeCompare(b.day) || a.operation.localeCompare(b.operation) || a.client.localeCompare(b.client) || a.version.localeCompare(b.version));
  const operations = [...batch.operations].sort((a, b) => a.id.localeCompare(b.id));
  return { format: FORMAT, exportedAt: to.toISOString(), window: { from: from.toISOString(), to: to.toISOString() }, operations, counts };
}

/** Reads the window [now - windowMs, now) from a store (USAGE_STORE: a postgres:// URL or a folder). */
export async function exportFromStore(location: string | undefined, windowMs: number, now: Date, cwd: string): Promise<UsageExport> {
  const store = openUsageStore(location, cwd);
  const from = new Date(now.getTime() - windowMs);
  try {
    return toExport(await store.read({ from, to: now }), from, now);
  } finally {
    await store.close();
  }
}

const exportSchema = z.object({
  format: z.literal(FORMAT),
  exportedAt: z.string(),
  window: z.object({ from: z.string(), to: z.string() }),
  operations: z.array(z.object({ id: z.string(), name: z.string(), type: z.enum(['query', 'mutation', 'subscription']), signature: z.string(), coordinates: z.array(z.string()) })),
  counts: z.array(z.object({ day: z.string(), operation: z.string(), client: z.string(), version: z.string(), requests: z.number().int().nonnegative(), lastSeen: z.string() })),
});

/**
 * `--usage <source>`: an exported JSON file (its window ends when it was exported), or a store read
 * directly (a folder or a postgres:// URL: the window ends now). A narrower --window keeps its last days.
 */
export async function readUsageSource(source: string, windowMs: number | undefined, now: Date, cwd: string): Promise<UsageExport> {
  const path = resolve(cwd, source);
  if (!/^postgres(ql)?:\/\//i.test(source) && existsSync(path) && statSync(path).isFile()) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(path, 'utf8'));
    } catch (error) {
      throw new UsageError(`--usage ${source}: not a JSON file: ${(error as Error).message}`);
    }
    const checked = exportSchema.safeParse(parsed);
    if (!checked.success) throw new UsageError(`--usage ${source}: not a usage export (schema-check usage export writes one): ${checked.error.issues[0]?.message}`);
    return windowMs === undefined ? checked.data : narrowed(checked.data, windowMs);
  }
  if (!/^postgres(ql)?:\/\//i.test(source) && !existsSync(path)) throw new UsageError(`--usage ${source}: no such file or folder`);
  return exportFromStore(source, windowMs ?? 30 * DAY_MS, now, cwd);
}

/** The export's last windowMs, by day (an export keeps no finer time than its days and last-seen times). */
function narrowed(usage: UsageExport, windowMs: number): UsageExport {
  const to = Date.parse(usage.window.to);
  const fromMs = Math.max(Date.parse(usage.window.from), to - windowMs);
  const fromDay = new Date(fromMs).toISOString().slice(0, 10);
  const counts = usage.counts.filter((count) => count.day >= fromDay && Date.parse(count.lastSeen) > fromMs);
  const used = new Set(counts.map((count) => count.operation));
  return { ...usage, window: { from: new Date(fromMs).toISOString(), to: usage.window.to }, counts, operations: usage.operations.filter((o) => used.has(o.id)) };
}
