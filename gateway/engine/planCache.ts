import type { Registry } from 'prom-client';
import { ByteBoundedCache, registerCacheMetrics, type CacheMetricNames, type CacheStats } from '../../common/byteBoundedCache';

export type PlanCacheStats = CacheStats;

/** The engine's plan cache: compiled plans (query plan, operation, shaper) by query hash and operation name. */
export class PlanCache<V> extends ByteBoundedCache<V> {}

const PLAN_CACHE_NAMES: CacheMetricNames = { prefix: 'gateway_plan_cache', items: 'compiled plans', bound: 'PLAN_CACHE_BYTES' };

/** Exposes the engine's plan cache on the gateway's registry. */
export function registerPlanCacheMetrics(registry: Registry, stats: () => PlanCacheStats): void {
  registerCacheMetrics(registry, stats, PLAN_CACHE_NAMES);
}
