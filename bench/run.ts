import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { IDENTITY_HEADER, identitySigningKeyFrom, signIdentity } from '../common/identity';
import { SUBGRAPH_NAMES, type SubgraphName } from '../common/subgraphs';
import { loadAuthConfig } from '../gateway/auth/authConfig';
import { signDemoToken } from '../gateway/auth/demoTokens';
import { benchCallers } from './callers';
import { directBodies, directBodiesBySubgraph } from './direct';
import { startBenchGateway } from './gatewayProcess';
import { mixBodies, operationBodies, runLoad, type LoadResult } from './load';
import { renderMarkdown, type BenchReport, type CeilingRun } from './markdown';
import { plannedFetches, plannerFor, type PlannedFetch } from './plan';
import { collectAnswers, firstDifference, measureCost, median } from './probe';
import { probePlanCache, type PlanCacheProbe } from './planCacheProbe';
import { loadAverage, pin } from './procStats';
import { ROOT } from './processes';
import { ratios, summarise, type GatewayResults, type ScenarioKey } from './report';
import { GATEWAY_LABELS, readSettings, type GatewayKey } from './settings';
import { startSubgraphs } from './subgraphs';
import { judgeTargets, type ListSizeCheck } from './targets';
import { OPERATION_KEYS, baskets, benchOperations, requestBody, type OperationKey } from './workload';
import { benchWorld } from './world';
import { runGuild } from './guild/run';
import { splitScenario } from './guild/settings';
import { runReadHeavy } from './readHeavy/run';

/**
 * `npm run bench` (`-- --quick`): our gateway, stock @apollo/gateway and Hive Gateway, one at a
 * time on the same port over the same four subgraphs, each gateway pinned to a core of its own.
 * `-- --scenario guild`: The Guild's federation benchmark workload instead (bench/guild/run.ts);
 * `-- --scenario read-heavy`: the whole system under reads and writes, entity cache off and on (bench/readHeavy/run.ts).
 * See docs/performance.md.
 */
async function main(): Promise<void> {
  const { scenario, rest } = splitScenario(process.argv.slice(2));
  if (scenario === 'guild') return runGuild(rest);
  if (scenario === 'read-heavy') return runReadHeavy(rest);
  const settings = readSettings(rest);
  const began = performance.now();
  const now = new Date();
  const resultsDir = join(ROOT, 'bench', 'results');
  const logDir = join(resultsDir, 'logs');
  mkdirSync(logDir, { recursive: true });
  pin(process.pid, settings.othersCpu); // the load generator shares the subgraphs' core
  const loadAtStart = loadAverage();
  const say = (text: string) => console.log(`[bench ${((performance.now() - began) / 1000).toFixed(0).padStart(3)} s] ${text}`);

  const world = benchWorld(settings.customers, now);
  const operations = benchOperations(world);
  const planner = plannerFor(join(ROOT, 'schema', 'supergraph.graphql'));
  const plans = Object.fromEntries(
    OPERATION_KEYS.map((key) => [key, plannedFetches(planner.plan(operations[key].query, operations[key].operationName))]),
  ) as Record<OperationKey, PlannedFetch[]>;
  const planned = Object.fromEntries(
    OPERATION_KEYS.map((key) => [key, { fetches: plans[key].length, subgraphs: plans[key].map((f) => f.subgraph) }]),
  ) as BenchReport['planned'];

  say(`starting the four subgraphs: ${settings.customers} customers on ${settings.db}, pinned to CPU ${settings.othersCpu}`);
  const subgraphs = await startSubgraphs(settings, now, logDir);
  let stopping = false;
  const onSignal = () => {
    if (stopping) return;
    stopping = true;
    void subgraphs.stop().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  say(`subgraphs seeded, tables analyzed (start-up ms: ${JSON.stringify(subgraphs.startMs)})`);

  const token = await signDemoToken(loadAuthConfig({ DEMO_MODE: 'true' }), 'agent', 'agent-ada', '2h');
  const headers = { authorization: `Bearer ${token}` };
  // Timed gateway loads come from many callers: each request's token is new to the gateway (docs/performance.md).
  const callers = await benchCallers(settings.callers);
  say(`${callers.length} distinct caller tokens signed for the gateway loads`);
  // Requests sent to a subgraph directly carry the identity the gateway would send it (addressed to it).
  const identity = (subgraph: SubgraphName) =>
    signIdentity({ role: 'agent', subject: 'agent-ada', operation: 'bench' }, identitySigningKeyFrom({ DEMO_MODE: 'true' }), subgraph);
  let backendPids: number[] = [];
  const cpuGroups = () => ({
    ...Object.fromEntries(SUBGRAPH_NAMES.map((name) => [`subgraph:${name}`, [subgraphs.processes[name].pid]])),
    postgres: backendPids,
    loadGenerator: [process.pid],
  });
  const load = async (url: string, bodies: string[], durationS: number, serverPid: () => number[], extraHeaders: Record<string, string> = headers, connections = settings.connections, overallRate?: number) => {
    backendPids = await subgraphs.pinDatabaseBackends();
    return runLoad({ url, headers: extraHeaders, bodies, connections, durationS, serverPid, cpuGroups, overallRate });
  };
  /** A load on a gateway: the bodies, each request from the next of many callers. */
  const gatewayLoad = async (url: string, bodies: string[], durationS: number, serverPid: () => number[], overallRate?: number) => {
    backendPids = await subgraphs.pinDatabaseBackends();
    return runLoad({ url, headers, authorizations: callers, bodies, connections: settings.connections, durationS, serverPid, cpuGroups, overallRate });
  };

  // The subgraphs get their JIT warm-up and database connections before any gateway is timed,
  // so the first gateway of round 1 does not pay for it.
  const direct = directBodiesBySubgraph(OPERATION_KEYS.map((key) => ({ operation: operations[key], fetches: plans[key] })), world);
  await Promise.all(
    (Object.entries(direct) as Array<[SubgraphName, string[]]>).map(async ([name, bodies]) =>
      load(subgraphs.urls[name], bodies, settings.subgraphWarmupS, () => [subgraphs.processes[name].pid], { ...headers, [IDENTITY_HEADER]: await identity(name) }, 4),
    ),
  );
  say(`subgraphs warmed up with ${settings.subgraphWarmupS} s of their planned fetches, sent directly`);

  const scenarios: Array<{ key: ScenarioKey; bodies: string[]; durationS: number; rate?: number }> = [
    { key: 'customerOverview', bodies: operationBodies(operations.customerOverview), durationS: settings.overviewS },
    ...(settings.otherOperationS > 0
      ? (['orderLookup', 'basketPrices', 'supportCase'] as const).map((key) => ({ key, bodies: operationBodies(operations[key]), durationS: settings.otherOperationS }))
      : []),
    { key: 'mix', bodies: mixBodies(OPERATION_KEYS.map((k) => operations[k])), durationS: settings.mixS },
    ...(settings.equalRate > 0
      ? [{ key: 'equalRate' as const, bodies: operationBodies(operations.customerOverview), durationS: settings.equalRateS, rate: settings.equalRate }]
      : []),
  ];
  const mix = scenarios.find((s) => s.key === 'mix')!.bodies;
  const probe = { headers, body: requestBody(operations.customerOverview, 0) };
  const results = Object.fromEntries(
    settings.gateways.map((key) => [key, { key, label: GATEWAY_LABELS[key], status: 'timed', coldStartMs: [], runs: {} } as GatewayResults]),
  ) as Record<GatewayKey, GatewayResults>;
  let reference: { key: GatewayKey; answers: Awaited<ReturnType<typeof collectAnswers>> } | undefined;
  const listSizes: ListSizeCheck[] = [];
  let planCache: PlanCacheProbe | undefined;

  for (let round = 1; round <= settings.rounds; round++) {
    for (const key of settings.gateways) {
      const result = results[key];
      if (result.status !== 'timed') continue;
      let gateway;
      try {
        gateway = await startBenchGateway({ key, settings, subgraphUrls: subgraphs.urls, logDir, probe });
      } catch (error) {
        Object.assign(result, { status: 'failed', reason: (error as Error).message });
        say(`${key}: failed to start: ${result.reason}`);
        continue;
      }
      try {
        result.coldStartMs.push(gateway.coldStartMs);
        say(`round ${round}, ${key}: answered ${gateway.coldStartMs} ms after its process started`);
        if (round === 1) {
          const answers = await collectAnswers(gateway.url, headers, OPERATION_KEYS.map((k) => operations[k]), 3);
          const all = OPERATION_KEYS.flatMap((op) => answers[op].map((a, i) => ({ op, i, a })));
          const broken = all.find(({ a }) => a.status !== 200 || a.errors > 0 || a.json === 'null');
          const differs = reference && all.find(({ op, i, a }) => a.json !== reference?.answers[op][i].json);
          if (broken) {
            Object.assign(result, { status: 'failed', reason: `${broken.op} #${broken.i}: HTTP ${broken.a.status}, ${broken.a.errors} errors, data ${broken.a.json.slice(0, 120)}` });
          } else if (differs && reference) {
            const diff = firstDifference(JSON.parse(differs.a.json), JSON.parse(reference.answers[differs.op][differs.i].json));
            Object.assign(result, { status: 'differs', reason: `${differs.op} #${differs.i} differs from ${reference.key}: ${diff}` });
          }
          if (result.status !== 'timed') {
            say(`${key}: not timed: ${result.reason}`);
            continue;
          }
          reference ??= { key, answers };
          result.costs = {};
          for (const op of OPERATION_KEYS) {
            result.costs[op] = await measureCost(gateway.url, headers, (i) => requestBody(operations[op], i), subgraphs.processes);
          }
          if (!listSizes.length) listSizes.push(...(await listSizeChecks(gateway.url)));
        }
        await gatewayLoad(gateway.url, mix, settings.warmupS, gateway.pids);
        for (const scenario of scenarios) {
          const run = await gatewayLoad(gateway.url, scenario.bodies, scenario.durationS, gateway.pids, scenario.rate);
          (result.runs[scenario.key] ??= []).push(run);
          say(
            `round ${round}, ${key}, ${scenario.key}: ${run.requestsPerSecond} req/s, p99 ${run.p99Ms} ms, errors ${run.errors}, ` +
              `gateway ${run.cpu.groups.server.cores} cores (${run.cpuMsPerRequest} ms/req), others ${run.cpu.others.cores}`,
          );
        }
        if (key === 'ours' && round === settings.rounds && settings.planCacheOperations > 0) {
          // A failed probe must not cost the run its timed figures.
          planCache = await probePlanCache(gateway.url, headers, operations.customerOverview, gateway.process.pid, settings.planCacheOperations).catch((error: Error) => {
            say(`ours, plan-cache probe failed: ${error.message}`);
            return undefined;
          });
          if (planCache) say(`ours, plan cache after ${planCache.operations} distinct operations: ${planCache.planCacheBytes} bytes in ${planCache.planCacheEntries} plans, RSS ${planCache.rssMbBefore} → ${planCache.rssMbAfter} MB`);
        }
      } finally {
        await gateway.process.stop();
      }
    }
  }

  /** SQL statements for a small and a large list of the same operation: batching keeps them equal. */
  async function listSizeChecks(url: string): Promise<ListSizeCheck[]> {
    const orderCount = new Map<string, number>();
    for (const order of world.orders) orderCount.set(order.customerId, (orderCount.get(order.customerId) ?? 0) + 1);
    const withOrders = (n: number) => world.customers.find((c) => c.id >= 'CUS-001000' && orderCount.get(c.id) === n);
    const few = withOrders(1);
    const most = Math.max(...orderCount.values());
    const many = withOrders(most);
    const sql = async (op: OperationKey, variables: Record<string, unknown>) =>
      (await measureCost(url, headers, () => JSON.stringify({ query: operations[op].query, variables }), subgraphs.processes, 3)).totalSqlStatements;
    const checks: ListSizeCheck[] = [
      {
        operation: 'basketPrices',
        small: { size: '5 SKUs', sql: await sql('basketPrices', baskets(world, 5)[0]) },
        large: { size: '50 SKUs', sql: await sql('basketPrices', baskets(world, 50)[0]) },
      },
    ];
    if (few && many) {
      checks.push({
        operation: 'customerOverview',
        small: { size: '1 order', sql: await sql('customerOverview', { email: few.email }) },
        large: { size: `${most} orders`, sql: await sql('customerOverview', { email: many.email }) },
      });
    }
    return checks;
  }

  // The ceiling: fetches the gateway makes, sent straight to one subgraph.
  const ceilings: CeilingRun[] = [];
  const ceilingFetches: Array<{ fetch: PlannedFetch | undefined; operation: OperationKey; label: string }> = [
    { fetch: plans.customerOverview.find((f) => f.subgraph === 'support' && f.entities), operation: 'customerOverview', label: 'support _entities: Customer.supportCases with interactions (a fetch of the customer overview)' },
    { fetch: plans.basketPrices.find((f) => f.subgraph === 'pricing'), operation: 'basketPrices', label: 'pricing products(skus:) with prices, 50 SKUs (the whole basket-prices plan)' },
  ];
  for (const { fetch, operation, label } of ceilingFetches) {
    if (!fetch) continue;
    const name = fetch.subgraph as SubgraphName;
    const pid = subgraphs.processes[name].pid;
    const bodies = directBodies(fetch, operations[operation], world);
    const result = await load(subgraphs.urls[name], bodies, settings.ceilingS, () => [pid], { ...headers, [IDENTITY_HEADER]: await identity(name) });
    ceilings.push({ fetch: label, subgraph: name, gatewayOperation: operation, result });
    say(`ceiling, ${name} direct: ${result.requestsPerSecond} req/s, p99 ${result.p99Ms} ms, errors ${result.errors}`);
  }

  let scaling: BenchReport['scaling'];
  if (settings.scaling && results.ours?.status === 'timed') {
    const cpusBoth = `${settings.gatewayCpu},${settings.othersCpu}`;
    const gateway = await startBenchGateway({ key: 'ours', settings, subgraphUrls: subgraphs.urls, logDir, probe, workers: 2, cpus: cpusBoth });
    try {
      await gatewayLoad(gateway.url, scenarios[0].bodies, settings.warmupS, gateway.pids);
      const result = await gatewayLoad(gateway.url, scenarios[0].bodies, settings.overviewS, gateway.pids);
      scaling = { workers: 2, cpus: cpusBoth, result, coldStartMs: gateway.coldStartMs };
      say(`scaling, ours ×2 processes on CPUs ${cpusBoth}: ${result.requestsPerSecond} req/s, p99 ${result.p99Ms} ms`);
    } finally {
      await gateway.process.stop();
    }
  }
  await subgraphs.stop();

  const summaries: BenchReport['summaries'] = {};
  for (const result of Object.values(results)) {
    if (result.status !== 'timed') continue;
    summaries[result.key] = Object.fromEntries(
      (Object.entries(result.runs) as Array<[ScenarioKey, LoadResult[]]>).map(([scenario, runs]) => [scenario, summarise(runs, { gateway: settings.gatewayCpu, others: settings.othersCpu })]),
    );
  }
  const resultList = Object.values(results);
  const scenarioKeys = scenarios.map((s) => s.key);
  const report: BenchReport = {
    startedAt: now.toISOString(),
    durationS: Math.round((performance.now() - began) / 1000),
    mode: settings.quick ? 'quick' : 'full',
    settings,
    machine: { cpus: cpus().length, node: process.version, loadAverageAtStart: loadAtStart, loadAverageAtEnd: loadAverage() },
    dataset: {
      customers: world.customers.length,
      orders: world.orders.length,
      supportCases: world.supportCases.length,
      notifications: world.notifications.length,
      products: world.products.length,
      database: settings.db === 'postgres' ? 'the PostgreSQL server (a schema per subgraph, dropped afterwards)' : 'embedded PGlite',
    },
    subgraphTuning: [
      settings.db === 'postgres' ? 'served from the PostgreSQL server on 127.0.0.1, its backends pinned beside them' : 'embedded PGlite',
      'tables ANALYZEd after seeding (as autovacuum would, a minute later)',
      'LOG_LEVEL=error',
      `warmed up with ${settings.subgraphWarmupS} s of their planned fetches sent directly`,
    ],
    subgraphStartMs: subgraphs.startMs,
    planned,
    gateways: resultList.map(({ runs: _runs, ...rest }) => ({ ...rest, coldStartMedianMs: rest.coldStartMs.length ? median(rest.coldStartMs) : undefined })),
    scenarios: scenarioKeys,
    summaries,
    ratios: scenarioKeys.map((s) => ratios(summaries, s)),
    targets: judgeTargets(summaries, resultList, planned, listSizes),
    listSizes,
    ceilings,
    scaling,
    planCache,
    runs: Object.fromEntries(resultList.map((r) => [r.key, r.runs])),
  };
  const markdown = renderMarkdown(report);
  const json = `${JSON.stringify(report, null, 2)}\n`;
  for (const name of ['latest', ...(settings.tag ? [settings.tag] : [])]) {
    writeFileSync(join(resultsDir, `${name}.json`), json);
    writeFileSync(join(resultsDir, `${name}.md`), markdown);
  }
  console.log(`\n${markdown}`);
  say(`done: bench/results/latest.json and latest.md${settings.tag ? `, and ${settings.tag}.json/.md` : ''}`);
}

main().catch((error) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
