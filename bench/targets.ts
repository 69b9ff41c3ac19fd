import type { OperationCost } from './probe';
import type { GatewayResults, ScenarioKey, ScenarioSummary } from './report';
import { median } from './probe';
import type { GatewayKey } from './settings';
import type { OperationKey } from './workload';

export interface ListSizeCheck {
  operation: OperationKey;
  small: { size: string; sql: number };
  large: { size: string; sql: number };
}

export interface Target {
  target: string;
  met: boolean | 'not measured';
  measured: string;
}

type Summaries = Partial<Record<GatewayKey, Partial<Record<ScenarioKey, ScenarioSummary>>>>;

/** The targets, judged on this run's numbers (customer overview unless said otherwise). */
export function judgeTargets(
  summaries: Summaries,
  results: GatewayResults[],
  planned: Record<OperationKey, { fetches: number }>,
  listSizes: ListSizeCheck[],
): Target[] {
  const ours = summaries.ours?.customerOverview;
  const apollo = summaries.apollo?.customerOverview;
  const hive = summaries.hive?.customerOverview;
  const oursResult = results.find((r) => r.key === 'ours');
  const targets: Target[] = [];
  const push = (target: string, met: boolean | undefined, measured: string) =>
    targets.push({ target, met: met === undefined ? 'not measured' : met, measured });

  push(
    'customer overview req/s ≥ 2× stock Apollo',
    ours && apollo ? ours.requestsPerSecond >= 2 * apollo.requestsPerSecond : undefined,
    ours && apollo ? `${ours.requestsPerSecond} vs ${apollo.requestsPerSecond} (${(ours.requestsPerSecond / apollo.requestsPerSecond).toFixed(2)}×)` : '–',
  );
  push(
    'derived: customer overview per-core capacity (1000 ÷ gateway CPU ms per request) ≥ 2× stock Apollo',
    ours && apollo ? ours.perCoreCapacity >= 2 * apollo.perCoreCapacity : undefined,
    ours && apollo ? `${ours.perCoreCapacity} vs ${apollo.perCoreCapacity} req/s per core (${(ours.perCoreCapacity / apollo.perCoreCapacity).toFixed(2)}×)` : '–',
  );
  const oursEqual = summaries.ours?.equalRate;
  const apolloEqual = summaries.apollo?.equalRate;
  if (oursEqual && apolloEqual) {
    // Only a comparison at equal load if both ran at the same rate (a saturated gateway falls short of it).
    const equalLoad = Math.min(oursEqual.requestsPerSecond, apolloEqual.requestsPerSecond) >= 0.95 * Math.max(oursEqual.requestsPerSecond, apolloEqual.requestsPerSecond);
    push(
      'derived at equal load (customer overview at one fixed rate for both): per-core capacity ≥ 2× stock Apollo',
      equalLoad ? oursEqual.perCoreCapacity >= 2 * apolloEqual.perCoreCapacity : undefined,
      `${oursEqual.cpuMsPerRequest} vs ${apolloEqual.cpuMsPerRequest} ms of gateway CPU per request at ${oursEqual.requestsPerSecond} and ${apolloEqual.requestsPerSecond} req/s ` +
        `(${(oursEqual.perCoreCapacity / apolloEqual.perCoreCapacity).toFixed(2)}×)${equalLoad ? '' : '; the two did not run at the same rate'}`,
    );
  }
  push(
    'customer overview req/s ≥ Hive Gateway',
    ours && hive ? ours.requestsPerSecond >= hive.requestsPerSecond : undefined,
    ours && hive ? `${ours.requestsPerSecond} vs ${hive.requestsPerSecond} (${(ours.requestsPerSecond / hive.requestsPerSecond).toFixed(2)}×)` : '–',
  );
  push(
    'derived: customer overview per-core capacity ≥ Hive Gateway',
    ours && hive ? ours.perCoreCapacity >= hive.perCoreCapacity : undefined,
    ours && hive ? `${ours.perCoreCapacity} vs ${hive.perCoreCapacity} req/s per core (${(ours.perCoreCapacity / hive.perCoreCapacity).toFixed(2)}×)` : '–',
  );
  push(
    'customer overview p99 ≤ ½ stock Apollo',
    ours && apollo ? ours.p99Ms <= apollo.p99Ms / 2 : undefined,
    ours && apollo ? `${ours.p99Ms} ms vs ${apollo.p99Ms} ms` : '–',
  );
  const oursErrors = Object.values(summaries.ours ?? {}).reduce((sum, s) => sum + (s?.errors ?? 0), 0);
  push('no errors (ours, every timed run)', ours ? oursErrors === 0 : undefined, `${oursErrors}`);
  const costs = oursResult?.costs ?? {};
  const fetchMismatch = (Object.entries(costs) as Array<[OperationKey, OperationCost]>).filter(
    ([operation, cost]) => cost.totalSubgraphRequests !== planned[operation].fetches,
  );
  push(
    'subgraph requests per operation = the plan’s fetch count',
    oursResult?.costs ? fetchMismatch.length === 0 : undefined,
    (Object.entries(costs) as Array<[OperationKey, OperationCost]>).map(([op, c]) => `${op} ${c.totalSubgraphRequests}/${planned[op].fetches}`).join(', '),
  );
  push(
    'SQL statements independent of list sizes',
    listSizes.length ? listSizes.every((c) => c.small.sql === c.large.sql) : undefined,
    listSizes.map((c) => `${c.operation}: ${c.small.size} → ${c.small.sql}, ${c.large.size} → ${c.large.sql}`).join('; '),
  );
  const cold = oursResult?.coldStartMs.length ? median(oursResult.coldStartMs) : undefined;
  push('cold start < 3 s (ours)', cold === undefined ? undefined : cold < 3000, cold === undefined ? '–' : `${cold} ms`);
  const rss = Math.max(0, ...Object.values(summaries.ours ?? {}).map((s) => s?.rssMb ?? 0));
  push('gateway RSS < 200 MB at load (ours)', ours ? rss < 200 : undefined, `${rss} MB`);
  return targets;
}

export function targetTable(targets: Target[]): string {
  return [
    '| target | met | measured |',
    '| --- | --- | --- |',
    ...targets.map((t) => `| ${t.target} | ${t.met === true ? 'yes' : t.met === false ? '**no**' : t.met} | ${t.measured} |`),
  ].join('\n');
}
