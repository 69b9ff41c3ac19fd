import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { SUBGRAPH_NAMES } from '../common/subgraphs';
import { loadAuthConfig } from '../gateway/auth/authConfig';
import { signDemoToken } from '../gateway/auth/demoTokens';
import { benchCallers } from './callers';
import { startBenchGateway } from './gatewayProcess';
import { mixBodies, operationBodies, runLoad } from './load';
import { median, subgraphCounters, type SubgraphCounters } from './probe';
import { pin } from './procStats';
import { ROOT } from './processes';
import { readSettings, type GatewayKey } from './settings';
import { startSubgraphs } from './subgraphs';
import { benchOperations, requestBody, type OperationKey } from './workload';
import { benchWorld } from './world';

/**
 * `tsx bench/windows.ts --only ours [bench options]`: one gateway at a time over the bench's
 * subgraphs, a long warm-up, then WINDOWS windows of WINDOW_S seconds per operation in OPS
 * (default customerOverview,mix), printing each window and the medians. For before/after
 * comparisons of one gateway change, where the JIT's warm-up and a shared machine make a single
 * short run too noisy. Env: WARM_S (20), WINDOWS (5), WINDOW_S (5), OPS, LABEL; RATE=n holds the
 * timed windows at n req/s (CPU per request compared at equal throughput); PROFILE_SUBGRAPHS=1
 * writes the subgraphs' CPU profiles of the first window to bench/results/logs/profiles.
 */
async function main(): Promise<void> {
  const settings = readSettings();
  const warmS = Number(process.env.WARM_S ?? 20);
  const windows = Number(process.env.WINDOWS ?? 5);
  const windowS = Number(process.env.WINDOW_S ?? 5);
  const rate = Number(process.env.RATE ?? 0);
  const kinds = (process.env.OPS ?? 'customerOverview,mix').split(',') as Array<OperationKey | 'mix'>;
  const now = new Date();
  pin(process.pid, settings.othersCpu);
  const world = benchWorld(settings.customers, now);
  const operations = benchOperations(world);
  const logDir = join(ROOT, 'bench', 'results', 'logs');
  mkdirSync(join(logDir, 'profiles'), { recursive: true });
  const subgraphs = await startSubgraphs(settings, now, logDir);
  const token = await signDemoToken(loadAuthConfig({ DEMO_MODE: 'true' }), 'agent', 'agent-ada', '2h');
  const headers = { authorization: `Bearer ${token}` };
  const callers = await benchCallers(settings.callers);
  const bodiesOf = (kind: OperationKey | 'mix') => (kind === 'mix' ? mixBodies(Object.values(operations)) : operationBodies(operations[kind]));
  try {
    for (const key of settings.gateways as GatewayKey[]) {
      const gateway = await startBenchGateway({ key, settings, subgraphUrls: subgraphs.urls, logDir, probe: { headers, body: requestBody(operations.customerOverview, 0) } });
      const series: Record<string, number[]> = {};
      try {
        for (let w = -1; w < windows; w++) {
          for (const kind of kinds) {
            if (w < 0 && kind !== kinds[0]) continue; // one warm-up, on the first operation
            const backends = await subgraphs.pinDatabaseBackends();
            const profiling = process.env.PROFILE_SUBGRAPHS === '1' && w === 0 && kind === kinds[0];
            if (profiling) await Promise.all(SUBGRAPH_NAMES.map((n) => subgraphs.processes[n].ask('profile-start')));
            const before = await subgraphCounters(subgraphs.processes);
            const run = await runLoad({
              url: gateway.url,
              headers,
              authorizations: callers,
              bodies: w < 0 ? mixBodies(Object.values(operations)) : bodiesOf(kind),
              connections: settings.connections,
              durationS: w < 0 ? warmS : windowS,
              overallRate: w < 0 ? undefined : rate,
              serverPid: gateway.pids,
              cpuGroups: () => ({
                ...Object.fromEntries(SUBGRAPH_NAMES.map((n) => [`subgraph:${n}`, [subgraphs.processes[n].pid]])),
                postgres: backends,
                loadGenerator: [process.pid],
              }),
            });
            const after = await subgraphCounters(subgraphs.processes);
            if (profiling) {
              await Promise.all(
                SUBGRAPH_NAMES.map((n) => {
                  const file = join(logDir, 'profiles', `subgraph-${n}-under-${key}.cpuprofile`);
                  const answer = subgraphs.processes[n].message('profile-stop', 30_000);
                  subgraphs.processes[n].child.send({ type: 'profile-stop', file });
                  return answer;
                }),
              );
            }
            const sum = (pick: (c: SubgraphCounters) => number) => SUBGRAPH_NAMES.reduce((total, n) => total + pick(after[n]) - pick(before[n]), 0);
            const subgraphMs = SUBGRAPH_NAMES.reduce((total, n) => total + run.cpu.groups[`subgraph:${n}`].seconds, 0) * 1000;
            console.log(
              `${key} ${w < 0 ? 'warm-up' : `${kind} #${w + 1}`}: ${run.requestsPerSecond} req/s, p50 ${run.p50Ms} ms, p99 ${run.p99Ms} ms, errors ${run.errors}, ` +
                `gateway ${run.cpuMsPerRequest} ms/req, subgraphs ${(subgraphMs / run.requests).toFixed(2)} ms/req, ` +
                `subgraph requests ${sum((c) => c.requests)}, connections ${sum((c) => c.connections)}, subgraph wake-ups/req ${(sum((c) => c.contextSwitches) / run.requests).toFixed(1)}, RSS ${run.rssMb} MB, others ${run.cpu.others.cores} cores`,
            );
            if (w < 0) continue;
            (series[`${kind} gateway ms/req`] ??= []).push(run.cpuMsPerRequest);
            (series[`${kind} req/s`] ??= []).push(run.requestsPerSecond);
            (series[`${kind} p99 ms`] ??= []).push(run.p99Ms);
            (series[`${kind} RSS MB`] ??= []).push(run.rssMb);
          }
        }
      } finally {
        await gateway.process.stop();
      }
      const medians = Object.fromEntries(Object.entries(series).map(([name, values]) => [name, median(values)]));
      console.log(`MEDIANS ${key} ${process.env.LABEL ?? ''} ${JSON.stringify(medians)}`);
    }
  } finally {
    await subgraphs.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
