import { ExpiringLru } from '../expiringLru';

describe('ExpiringLru', () => {
  test('When entries expire and are never asked for again, then later insertions drop them: the map holds the live entries, not maxEntries stale ones', () => {
    const cache = new ExpiringLru<string>(10_000);
    for (let i = 0; i < 5000; i++) cache.set(`one-off-${i}`, 'token', 1000 + i, i); // each lives 1 s
    // Much later, a steady trickle of new keys: the old, expired ones go as the new ones come.
    for (let i = 0; i < 3000; i++) cache.set(`later-${i}`, 'token', 1_000_000 + 10_000, 1_000_000);
    expect(cache.size).toBe(3000);
    expect(cache.get('later-0', 1_000_000)).toBe('token');
  });

  test('When an entry is still live, then it is kept and returned until its deadline', () => {
    const cache = new ExpiringLru<string>(10);
    cache.set('a', 'A', 2000, 0);
    cache.set('b', 'B', 2000, 1000);
    expect([cache.get('a', 1500), cache.get('b', 1999), cache.get('a', 2000)]).toEqual(['A', 'B', undefined]);
  });

  test('When more than maxEntries are live, then the least recently used goes first', () => {
    const cache = new ExpiringLru<string>(2);
    cache.set('a', 'A', 10_000, 0);
    cache.set('b', 'B', 10_000, 0);
    cache.get('a', 1);
    cache.set('c', 'C', 10_000, 2);
    expect([cache.get('a', 3), cache.get('b', 3), cache.get('c', 3), cache.size]).toEqual(['A', undefined, 'C', 2]);
  });
});
