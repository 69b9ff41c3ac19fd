import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSchema, parse } from 'graphql';
import { Registry } from 'prom-client';
import { createLogger } from '../../../common/logger';
import * as coordinates from '../coordinates';
import { FolderUsageStore } from '../folderStore';
import { UsageRecorder } from '../recorder';
import type { UsageBatch, UsageStore } from '../usageData';

const schema = buildSchema('type Query { customer(id: ID!): Customer } type Customer { id: ID! name: String }');
const SHOP = { name: 'shop', version: '2.1.0' };
const START = Date.parse('2026-12-07T10:00:00Z');

/** A store that holds what it is given, and can be taken down. */
class MemoryStore implements UsageStore {
  readonly description = 'memory';
  batches: UsageBatch[] = [];
  down = false;
  async write(batch: UsageBatch) {
    if (this.down) throw new Error('connection refused');
    this.batches.push(batch);
  }
  async read() {
    return { operations: this.batches.flatMap((b) => b.operations), counts: this.batches.flatMap((b) => b.counts) };
  }
  async close() {}
  total() {
    return this.batches.flatMap((b) => b.counts).reduce((sum, c) => sum + c.count, 0);
  }
}

function recorderWith(store: UsageStore, options: { maxCounters?: number; now?: () => number } = {}) {
  const registry = new Registry();
  const warnings: unknown[] = [];
  const log = createLogger('test', { LOG_LEVEL: 'silent' });
  log.warn = ((...args: unknown[]) => void warnings.push(args)) as typeof log.warn;
  const recorder = new UsageRecorder({ store, log, registry, flushMs: 60_000, now: options.now ?? (() => START), maxCounters: options.maxCounters });
  const metric = async (name: string) => (await registry.getSingleMetric(name)!.get()).values[0]?.value ?? 0;
  return { recorder, metric, warnings };
}

const documentFor = (id: number) => parse(`query Q${id} { customer(id: "${id}") { name } }`);

describe('usage recorder', () => {
  test('When the same document is sent many times, then its coordinates are computed once and each request only increments a counter', async () => {
    const store = new MemoryStore();
    const { recorder } = recorderWith(store);
    const computed = jest.spyOn(coordinates, 'operationCoordinates');
    const document = documentFor(1);

    for (let i = 0; i < 1000; i++) recorder.record({ schema, document, operationName: 'Q1', client: SHOP });
    await recorder.stop();

    expect(computed).toHaveBeenCalledTimes(1);
    expect(store.batches).toHaveLength(1);
    expect(store.batches[0].counts).toEqual([{ bucket: '2026-12-07T10:00:00.000Z', operation: store.batches[0].operations[0].id, client: 'shop', version: '2.1.0', count: 1000 }]);
    computed.mockRestore();
  });

  test('When time moves on, then counts go to the bucket of their minute', async () => {
    const store = new MemoryStore();
    let now = START;
    const { recorder } = recorderWith(store, { now: () => now });
    const document = documentFor(1);
    recorder.record({ schema, document, client: SHOP });
    now += 61_000;
    recorder.record({ schema, document, client: SHOP });
    recorder.record({ schema, document, client: { name: 'shop', version: '2.2.0' } });
    await recorder.stop();

    expect(store.batches[0].counts.map((c) => [c.bucket, c.version, c.count])).toEqual([
      ['2026-12-07T10:00:00.000Z', '2.1.0', 1],
      ['2026-12-07T10:01:00.000Z', '2.1.0', 1],
      ['2026-12-07T10:01:00.000Z', '2.2.0', 1],
    ]);
  });

  test('When the store is down, then recording never throws, the failure is counted and logged, and the counts are written once it is back', async () => {
    const store = new MemoryStore();
    const { recorder, metric, warnings } = recorderWith(store);
    store.down = true;
    recorder.record({ schema, document: documentFor(1), client: SHOP });
    await recorder.flush();
    recorder.record({ schema, document: documentFor(1), client: SHOP });
    await recorder.flush();

    expect(await metric('usage_store_failures_total')).toBe(2);
    expect(warnings).toHaveLength(2);
    expect(store.batches).toHaveLength(0);

    store.down = false;
    await recorder.stop();
    expect(store.total()).toBe(2);
    expect(store.batches[0].operations).toHaveLength(1); // the shape is retried with its counts
  });

  test('When distinct counters outgrow the bound while the store is down, then memory stays bounded and the dropped operations are counted', async () => {
    const store = new MemoryStore();
    store.down = true;
    const { recorder, metric } = recorderWith(store, { maxCounters: 10 });
    for (let i = 0; i < 25; i++) recorder.record({ schema, document: documentFor(i), client: SHOP });
    await recorder.flush();

    // Half full, a flush took 5 away and failed; 10 more filled the buffer, 10 were dropped on arrival and
    // the 5 that came back found no room: 25 sent = 10 written + 15 dropped, never more than 10 held.
    expect(await metric('usage_operations_recorded_total')).toBe(15);
    expect(await metric('usage_counts_dropped_total')).toBe(15);
    store.down = false;
    await recorder.stop();
    expect(store.total()).toBe(10);
  });

  test('When a flush fails while new operations arrive, then none is lost or counted twice', async () => {
    const store = new MemoryStore();
    const { recorder } = recorderWith(store);
    store.down = true;
    for (let i = 0; i < 5; i++) recorder.record({ schema, document: documentFor(1), client: SHOP });
    const failing = recorder.flush();
    for (let i = 0; i < 3; i++) recorder.record({ schema, document: documentFor(1), client: SHOP });
    await failing;
    store.down = false;
    await recorder.stop();

    expect(store.total()).toBe(8);
  });
});

describe('folder usage store', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'usage-folder-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('When batches of two days are written, then a window reads back only its counts and the shapes they count', async () => {
    const store = new FolderUsageStore(dir);
    const shape = (id: string) => ({ id, name: id, type: 'query' as const, signature: `query ${id}{a}`, coordinates: ['Query.a'] });
    await store.write({ operations: [shape('a'), shape('b')], counts: [{ bucket: '2026-12-06T23:59:00.000Z', operation: 'a', client: 'shop', version: '1', count: 2 }] });
    await store.write({ operations: [], counts: [{ bucket: '2026-12-07T00:00:00.000Z', operation: 'b', client: 'shop', version: '1', count: 3 }] });

    const window = await store.read({ from: new Date('2026-12-07T00:00:00Z'), to: new Date('2026-12-08T00:00:00Z') });

    expect(window.counts.map((c) => [c.operation, c.count])).toEqual([['b', 3]]);
    expect(window.operations.map((o) => o.id)).toEqual(['b']);
    expect((await store.read({ from: new Date('2026-12-01T00:00:00Z'), to: new Date('2026-12-08T00:00:00Z') })).counts).toHaveLength(2);
  });
});
