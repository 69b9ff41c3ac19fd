import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { PlanCache, registerPlanCacheMetrics } from '../planCache';
import { projectPath } from '../../../common/paths';

describe('the engine plan cache', () => {
  test('When entries pass the byte bound, then the least recently used go first and the counts say so', () => {
    const cache = new PlanCache<string>(100);
    cache.set('a', 'A', 40);
    cache.set('b', 'B', 40);
    expect(cache.get('a')).toBe('A'); // a is now the most recently used
    cache.set('c', 'C', 40); // 120 > 100: b goes
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBe('A');
    expect(cache.get('c')).toBe('C');
    expect(cache.stats).toEqual({ hits: 3, misses: 1, evictions: 1, bytes: 80, entries: 2 });
  });

  test('When one entry is larger than the whole bound, then it is not kept and nothing else is evicted for it', () => {
    const cache = new PlanCache<string>(100);
    cache.set('a', 'A', 60);
    cache.set('huge', 'H', 101);
    expect(cache.get('huge')).toBeUndefined();
    expect(cache.get('a')).toBe('A');
    expect(cache.stats.bytes).toBe(60);
  });

  test('When /metrics is scraped, then it shows the cache as it is then: hits, misses, evictions, bytes and entries', async () => {
    const cache = new PlanCache<string>(100);
    const registry = new Registry();
    registerPlanCacheMetrics(registry, () => cache.stats);
    cache.set('a', 'A', 60);
    cache.set('b', 'B', 60); // a goes
    cache.get('b');
    cache.get('a');
    const text = await registry.metrics();
    for (const line of ['gateway_plan_cache_hits_total 1', 'gateway_plan_cache_misses_total 1', 'gateway_plan_cache_evictions_total 1', 'gateway_plan_cache_bytes 60', 'gateway_plan_cache_entries 1']) {
      expect(text).toContain(`\n${line}\n`);
    }
  });

  test('When npm run plan is given an operation with @defer, then it prints the plan with its deferred part and the compiled shape', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'plan-')), 'deferred.graphql');
    writeFileSync(file, 'query($email: String!) { customer(email: $email) { name ... @defer(label: "later") { notifications { subject } } } }');
    const out = execFileSync(process.execPath, [projectPath('node_modules', '.bin', 'tsx'), projectPath('scripts', 'plan.ts'), file], { encoding: 'utf8' });
    expect(out).toContain('Deferred(depends: [0], path: "customer", label: "later")');
    expect(out).toContain('Fetch(service: "notifications")');
    expect(out).toMatch(/customer: Customer\n\s+name: String!\n\s+\.\.\. on \(parent\) @defer\(label: later\)\n\s+notifications: \[Notification!\]/);
  });
});
