import { isWarrantyActive, warrantyActiveUntil } from '../warranty';

describe('warrantyActiveUntil: when Warranty.active next changes by itself', () => {
  const now = new Date('2026-12-07T21:00:00.000Z');

  test('an active warranty holds through its last day: the answer is true until the first instant after it (UTC)', () => {
    const until = warrantyActiveUntil('2026-12-07', now);
    expect(until?.toISOString()).toBe('2026-12-08T00:00:00.000Z');
    expect(isWarrantyActive('2026-12-07', new Date(until!.getTime() - 1))).toBe(true);
    expect(isWarrantyActive('2026-12-07', until!)).toBe(false);
  });

  test('a warranty that has run out, or none, never changes with the clock again', () => {
    expect(warrantyActiveUntil('2026-12-06', now)).toBeNull();
    expect(warrantyActiveUntil(null, now)).toBeNull();
  });
});
