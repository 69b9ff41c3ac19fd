import { checkHistory } from '../checker';
import type { Observation, ReadOp, WriteOp } from '../history';

/** Handcrafted histories: times in ms on the client's clock. */
const seen = (partial: Partial<Observation>): Observation => ({ orders: [], cases: [], prices: [], ...partial });
const read = (id: number, start: number, end: number, observation: Observation | undefined, replica = 'gateway-2'): ReadOp => ({
  id,
  operation: 'read',
  replica,
  start,
  end,
  observation,
  cacheHits: 1,
  error: observation ? undefined : 'ECONNRESET',
});
const cancel: WriteOp = { id: 1, operation: 'cancelOrder', replica: 'gateway-1', start: 100, end: 150, fact: { kind: 'cancelled', order: '490000001' } };

describe('the consistency checker', () => {
  test('a read sent after a cancellation was answered that still shows the order PLACED is stale', () => {
    const report = checkHistory([cancel], [read(2, 160, 170, seen({ orders: [{ number: '490000001', status: 'PLACED', returnIds: [] }] }))]);
    expect(report.staleReads).toHaveLength(1);
    expect(report.staleReads[0]).toMatchObject({ saw: 'order 490000001 PLACED', afterWriteMs: 10 });
    expect(report.staleReads[0].write.id).toBe(1);
  });

  test('the same read showing CANCELLED is not stale, and is one comparison', () => {
    const report = checkHistory([cancel], [read(2, 160, 170, seen({ orders: [{ number: '490000001', status: 'CANCELLED', returnIds: [] }] }))]);
    expect(report.staleReads).toEqual([]);
    expect(report).toMatchObject({ readsChecked: 1, comparisons: 1, readsFromCache: 1 });
  });

  test('a read overlapping the write may show the old state: counted, not stale, and its window measured', () => {
    const report = checkHistory([cancel], [read(2, 140, 180, seen({ orders: [{ number: '490000001', status: 'PLACED', returnIds: [] }] }))]);
    expect(report.staleReads).toEqual([]);
    expect(report.oldButConcurrent).toBe(1);
    expect(report.longestWindowMs).toBe(50);
  });

  test('one stale sighting among several of the same entity is enough', () => {
    const orders = [
      { number: '490000001', status: 'CANCELLED', returnIds: [] },
      { number: '490000001', status: 'PLACED', returnIds: [] },
    ];
    expect(checkHistory([cancel], [read(2, 200, 210, seen({ orders }))]).staleReads).toHaveLength(1);
  });

  test('returns, case notes and prices: each missed after its write is stale, each shown is not', () => {
    const writes: WriteOp[] = [
      { id: 1, operation: 'requestReturn', replica: 'gateway-1', start: 0, end: 10, fact: { kind: 'returned', order: '490000004', returnId: 'RET-9' } },
      { id: 2, operation: 'addCaseInteraction', replica: 'gateway-2', start: 0, end: 10, fact: { kind: 'noted', caseNumber: 'CS-900000', summary: 'note 7' } },
      { id: 3, operation: 'setProductPrice', replica: 'gateway-1', start: 0, end: 10, fact: { kind: 'priced', sku: 'KAYAK', cents: 1002 } },
    ];
    const old = seen({ orders: [{ number: '490000004', status: 'DELIVERED', returnIds: [] }], cases: [{ number: 'CS-900000', summaries: ['note 6'] }], prices: [{ sku: 'KAYAK', cents: 1001 }] });
    const current = seen({ orders: [{ number: '490000004', status: 'DELIVERED', returnIds: ['RET-9'] }], cases: [{ number: 'CS-900000', summaries: ['note 6', 'note 7'] }], prices: [{ sku: 'KAYAK', cents: 1003 }] });
    expect(checkHistory(writes, [read(4, 20, 30, old)]).staleReads.map((s) => s.write.operation)).toEqual(['requestReturn', 'addCaseInteraction', 'setProductPrice']);
    expect(checkHistory(writes, [read(4, 20, 30, current)]).staleReads).toEqual([]);
  });

  test('failed writes are not required, failed reads are not checked, other entities are not compared', () => {
    const failed: WriteOp = { id: 5, operation: 'cancelOrder', replica: 'gateway-2', start: 0, end: 10, error: 'socket hang up' };
    const report = checkHistory(
      [cancel, failed],
      [read(6, 200, 210, undefined), read(7, 200, 210, seen({ orders: [{ number: '490000002', status: 'PLACED', returnIds: [] }] }))],
    );
    expect(report).toMatchObject({ staleReads: [], readErrors: 1, readsChecked: 1, comparisons: 0, writes: 2, writeErrors: 1 });
  });
});
