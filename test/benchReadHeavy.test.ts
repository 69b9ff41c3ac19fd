import { answerProblem } from '../bench/readHeavy/checks';
import { parseCacheCounters, cacheFigures } from '../bench/readHeavy/cacheMetrics';
import { movedPrice, readHeavyMix, type MixOperation } from '../bench/readHeavy/mix';
import { chooseReaders, type Reader } from '../bench/readHeavy/population';
import { WrittenLedger } from '../bench/readHeavy/readYourWrites';
import { seededRandom, zipfSampler, zipfTopShare } from '../bench/readHeavy/random';
import { benchWorld } from '../bench/world';

const world = benchWorld(3000, new Date('2026-12-01T12:00:00Z'));
const readers = chooseReaders(world, 1000, seededRandom(26));
const mixOf = (seed: number, cancelled = new Set<string>()) => readHeavyMix(readers, { seed, zipfS: 1, writeShare: 0.05, cancelled, label: 'test' });
const take = <T>(next: () => T, n: number): T[] => Array.from({ length: n }, next);
/** What an operation asks for, without the reader object (comparable across streams). */
const asked = (op: MixOperation) => JSON.stringify({ ...op, reader: op.reader.id });

describe('the Zipf popularity of the read-heavy bench', () => {
  test('is the same sequence for the same seed and another for another seed', () => {
    const a = take(zipfSampler(1000, 1, seededRandom(7)), 2000);
    expect(take(zipfSampler(1000, 1, seededRandom(7)), 2000)).toEqual(a);
    expect(take(zipfSampler(1000, 1, seededRandom(8)), 2000)).not.toEqual(a);
  });

  test('draws rank k in proportion to 1/(k+1)^s', () => {
    const draws = take(zipfSampler(1000, 1, seededRandom(1)), 200_000);
    const count = (rank: number) => draws.filter((d) => d === rank).length;
    // s = 1: the first rank twice as often as the second, three times the third.
    expect(count(0) / count(1)).toBeCloseTo(2, 0);
    expect(count(0) / count(2)).toBeGreaterThan(2.6);
    expect(count(0) / count(2)).toBeLessThan(3.4);
    expect(draws.filter((d) => d < 10).length / draws.length).toBeCloseTo(zipfTopShare(1000, 1, 10), 2);
    expect(draws.every((d) => Number.isInteger(d) && d >= 0 && d < 1000)).toBe(true);
  });

  test('refuses a population or exponent it cannot draw from', () => {
    expect(() => zipfSampler(0, 1, Math.random)).toThrow(/n must be/);
    expect(() => zipfSampler(10, -1, Math.random)).toThrow(/s must be/);
  });
});

describe('the read-heavy mix', () => {
  test('reads the requested number of distinct customers, each with orders, the same for the same seed', () => {
    expect(new Set(readers.map((r) => r.id)).size).toBe(1000);
    expect(readers.every((r) => r.orderNumbers.length > 0 && r.products.length > 0)).toBe(true);
    expect(chooseReaders(world, 1000, seededRandom(26)).map((r) => r.id)).toEqual(readers.map((r) => r.id));
    const placed = new Set(world.orders.filter((o) => o.status === 'PLACED').map((o) => o.number));
    for (const reader of readers) expect(reader.placedOrders.every((n) => placed.has(n) && reader.orderNumbers.includes(n))).toBe(true);
    expect(() => chooseReaders(world, 100_000, seededRandom(1))).toThrow(/raise --customers/);
  });

  test('is the same stream of operations for the same seed', () => {
    const a = take(mixOf(26).next, 5000).map(asked);
    expect(take(mixOf(26).next, 5000).map(asked)).toEqual(a);
    expect(take(mixOf(27).next, 5000).map(asked)).not.toEqual(a);
  });

  test('writes about 5 % of the time, each write about the customer it picked and allowed to them', () => {
    const cancelled = new Set<string>();
    const ops = take(mixOf(26, cancelled).next, 40_000);
    const writes = ops.filter((op) => op.kind !== 'read');
    expect(writes.length / ops.length).toBeGreaterThan(0.045);
    expect(writes.length / ops.length).toBeLessThan(0.055);
    const cancels: string[] = [];
    for (const op of writes) {
      if (op.kind === 'cancelOrder') {
        expect(op.reader.placedOrders).toContain(op.orderNumber);
        cancels.push(op.orderNumber);
      }
      if (op.kind === 'caseNote') expect(op.reader.caseNumbers).toContain(op.caseNumber);
      if (op.kind === 'priceChange') {
        expect(op.reader.products.map((p) => p.sku)).toContain(op.sku);
        expect(op.amount).toMatch(/^\d+\.\d{2}$/);
      }
    }
    expect(writes.some((op) => op.kind === 'caseNote') && writes.some((op) => op.kind === 'priceChange')).toBe(true);
    // An order is cancelled once, whichever stream of the bench asked first.
    expect(new Set(cancels).size).toBe(cancels.length);
    expect([...cancelled].sort()).toEqual([...cancels].sort());
    const later = take(mixOf(26, cancelled).next, 40_000).flatMap((op) => (op.kind === 'cancelOrder' ? [op.orderNumber] : []));
    expect(later.filter((n) => cancels.includes(n))).toEqual([]);
  });

  test('reads the popular customers most', () => {
    const ops = take(mixOf(3).next, 20_000);
    const top = ops.filter((op) => op.reader === readers[0]).length;
    const hundredth = ops.filter((op) => op.reader === readers[99]).length;
    expect(top / ops.length).toBeCloseTo(zipfTopShare(1000, 1, 1), 1);
    expect(top).toBeGreaterThan(20 * hundredth);
  });

  test('moves a price by at most 49 cents and never below a dollar', () => {
    for (let step = 1; step < 200; step++) {
      const moved = Number(movedPrice('19.99', step));
      expect(Math.abs(moved - 19.99)).toBeLessThanOrEqual(0.49 + 1e-9);
    }
    expect(movedPrice('1.00', 1)).toBe('1.00');
  });
});

describe('what the bench accepts as an answer', () => {
  const reader: Reader = readers.find((r) => r.caseNumbers.length > 0)!;
  const overview = (name = reader.name, orders = reader.orderNumbers) => ({
    data: {
      customer: {
        name,
        orders: orders.map((number) => ({ number, status: 'DELIVERED', cancellation: null, lines: [{ quantity: 1, product: { name: 'Kettle', price: { amount: { amount: '19.99', currency: 'USD' } } } }] })),
        supportCases: reader.caseNumbers.map((number) => ({ number, status: 'OPEN', interactions: [{ at: '2026-12-01T00:00:00Z', channel: 'PHONE', summary: 'hello' }] })),
        notifications: [{ topic: 'ORDER_CONFIRMED', subject: 'Order confirmed', sentAt: '2026-12-01T00:00:00Z' }],
      },
    },
  });
  const read: MixOperation = { kind: 'read', reader };

  test("the caller's own whole overview passes", () => {
    expect(answerProblem(read, 200, JSON.stringify(overview()))).toBeUndefined();
  });

  test("another customer's overview, a missing order, an error or a bad status fails", () => {
    expect(answerProblem(read, 200, JSON.stringify(overview('Somebody Else')))).toMatch(/answered with the overview of "Somebody Else"/);
    expect(answerProblem(read, 200, JSON.stringify(overview(reader.name, reader.orderNumbers.slice(1))))).toMatch(/orders/);
    expect(answerProblem(read, 200, JSON.stringify({ ...overview(), errors: [{ message: 'no' }] }))).toMatch(/errors/);
    expect(answerProblem(read, 503, 'down')).toMatch(/HTTP 503/);
    expect(answerProblem({ kind: 'cancelOrder', reader, orderNumber: '1' }, 200, JSON.stringify({ data: { cancelOrder: { number: '1', status: 'PLACED' } } }))).toMatch(/cancelOrder answered/);
  });
});

describe("the gateway's entity cache counters", () => {
  test('summed over labels, and their change over a window', () => {
    const before = parseCacheCounters('gateway_entity_cache_hits_total 10\ngateway_entity_cache_misses_total{x="a"} 5\ngateway_entity_cache_misses_total{x="b"} 5\n');
    const after = parseCacheCounters('# HELP x\ngateway_entity_cache_hits_total 100\ngateway_entity_cache_misses_total 20\ngateway_entity_cache_invalidations_total 30\ngateway_entity_cache_entries 7\nother_total 9\n');
    expect(before).toEqual({ hits_total: 10, misses_total: 10 });
    expect(cacheFigures(before, after, 10)).toMatchObject({ hits: 90, misses: 10, hitRatio: 0.9, invalidations: 30, invalidationsPerSecond: 3, entries: 7 });
    expect(cacheFigures({}, {}, 10).hitRatio).toBeUndefined();
  });
});

describe('read your writes, as the load generator checks it', () => {
  const reader = readers.find((r) => r.caseNumbers.length > 0 && r.orderNumbers.length > 1)!;
  const [orderNumber] = reader.orderNumbers;
  const [caseNumber] = reader.caseNumbers;
  const customer = (status: string, summaries: string[]) => ({
    orders: reader.orderNumbers.map((number) => ({ number, status: number === orderNumber ? status : 'DELIVERED' })),
    supportCases: reader.caseNumbers.map((number) => ({ number, interactions: (number === caseNumber ? summaries : []).map((summary) => ({ summary })) })),
  });

  test('a read sent after a cancellation or a note was answered must show it; one sent before may not', () => {
    const ledger = new WrittenLedger();
    ledger.recordAnswered({ kind: 'cancelOrder', reader, orderNumber }, 100);
    ledger.recordAnswered({ kind: 'caseNote', reader, caseNumber, summary: 'note 1' }, 200);
    expect(ledger.staleProblem(reader.id, customer('DELIVERED', []), 50)).toBeUndefined();
    expect(ledger.staleProblem(reader.id, customer('DELIVERED', []), 150)).toMatch(/stale read: sent 50 ms after order .* cancelled/);
    expect(ledger.staleProblem(reader.id, customer('CANCELLED', []), 150)).toBeUndefined();
    expect(ledger.staleProblem(reader.id, customer('CANCELLED', []), 250)).toMatch(/note "note 1"/);
    expect(ledger.staleProblem(reader.id, customer('CANCELLED', ['note 1']), 250)).toBeUndefined();
    expect(ledger.staleProblem(readers.find((r) => r !== reader)!.id, customer('DELIVERED', []), 250)).toBeUndefined();
  });

  test('a stale read counts as a wrong answer', () => {
    const ledger = new WrittenLedger();
    ledger.recordAnswered({ kind: 'cancelOrder', reader, orderNumber }, 100);
    const read: MixOperation = { kind: 'read', reader };
    const answer = JSON.stringify({
      data: {
        customer: {
          name: reader.name,
          orders: reader.orderNumbers.map((number) => ({ number, status: 'PLACED', cancellation: null, lines: [{ quantity: 1, product: { name: 'Kettle', price: { amount: { amount: '1.00', currency: 'USD' } } } }] })),
          supportCases: reader.caseNumbers.map((number) => ({ number, interactions: [{ at: '2026-12-01T00:00:00Z', summary: 'x' }] })),
          notifications: [],
        },
      },
    });
    expect(answerProblem(read, 200, answer, (c) => ledger.staleProblem(reader.id, c, 50))).toBeUndefined();
    expect(answerProblem(read, 200, answer, (c) => ledger.staleProblem(reader.id, c, 150))).toMatch(/stale read/);
  });

  test('keeps the newest notes and every cancellation', () => {
    const ledger = new WrittenLedger(2);
    ledger.recordAnswered({ kind: 'cancelOrder', reader, orderNumber }, 1);
    for (let i = 1; i <= 5; i++) ledger.recordAnswered({ kind: 'caseNote', reader, caseNumber, summary: `n${i}` }, 10 * i);
    // Only n4 and n5 (and the cancellation) are still checked.
    expect(ledger.staleProblem(reader.id, customer('CANCELLED', ['n4', 'n5']), 100)).toBeUndefined();
    expect(ledger.staleProblem(reader.id, customer('CANCELLED', ['n4']), 100)).toMatch(/n5/);
    expect(ledger.staleProblem(reader.id, customer('DELIVERED', ['n4', 'n5']), 100)).toMatch(/cancelled/);
  });
});
