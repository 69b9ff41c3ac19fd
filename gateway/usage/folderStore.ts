import { appendFile, mkdir, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { inWindow, referencedShapes, type OperationShape, type UsageBatch, type UsageCount, type UsageStore, type UsageWindow } from './usageData';

const OPERATIONS_FILE = 'operations.jsonl';
const COUNTS_FILE = /^counts-(\d{4}-\d{2}-\d{2})\.jsonl$/;

/**
 * The embedded usage store: JSON lines in a folder, the operations' shapes in one file and the counts
 * in one file per UTC day (a window reads only its days; old days can be deleted by date). Each batch
 * is appended with one write per file, so gateways sharing the folder interleave whole lines; a line
 * cut short by a crash is skipped on reading.
 */
export class FolderUsageStore implements UsageStore {
  readonly description: string;

  constructor(private readonly dir: string) {
    this.description = `folder ${dir}`;
  }

  async write(batch: UsageBatch): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    if (batch.operations.length > 0) await appendFile(join(this.dir, OPERATIONS_FILE), lines(batch.operations));
    const byDay = new Map<string, UsageCount[]>();
    for (const count of batch.counts) {
      const day = count.bucket.slice(0, 10);
      byDay.set(day, [...(byDay.get(day) ?? []), count]);
    }
    for (const [day, counts] of byDay) await appendFile(join(this.dir, `counts-${day}.jsonl`), lines(counts));
  }

  async read(window: UsageWindow): Promise<UsageBatch> {
    let entries: string[];
    try {
      entries = await readdir(this.dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { operations: [], counts: [] };
      throw error;
    }
    const firstDay = window.from.toISOString().slice(0, 10);
    const lastDay = window.to.toISOString().slice(0, 10);
    const counts: UsageCount[] = [];
    for (const entry of entries.sort()) {
      const day = COUNTS_FILE.exec(entry)?.[1];
      if (!day || day < firstDay || day > lastDay) continue;
      for (const count of await readLines<UsageCount>(join(this.dir, entry))) if (inWindow(count.bucket, window)) counts.push(count);
    }
    const shapes = entries.includes(OPERATIONS_FILE) ? await readLines<OperationShape>(join(this.dir, OPERATIONS_FILE)) : [];
    return { operations: referencedShapes(shapes, counts), counts };
  }

  async close(): Promise<void> {}
}

function lines(rows: readonly object[]): string {
  return rows.map((row) => JSON.stringify(row)).join('\n') + '\n';
}

async function readLines<T>(path: string): Promise<T[]> {
  const rows: T[] = [];
  for (const line of (await readFile(path, 'utf8')).split('\n')) {
    if (!line) continue;
    try {
      rows.push(JSON.parse(line) as T);
    } catch {
      // a line cut short by a crash mid-write: the rest of the file is still good
    }
  }
  return rows;
}
