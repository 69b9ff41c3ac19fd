import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { runLoad, type LoadResult } from '../load';
import { plannedFetches, plannerFor } from '../plan';
import { canonicalJson, firstDifference, median, post } from '../probe';
import { loadAverage, pin } from '../procStats';
import { ROOT, buildBenchProcesses, spawnPinned, type BenchProcess } from '../processes';
import { summarise } from '../report';
import type { GatewayKey } from '../settings';
import { renderGuildMarkdown, type GuildGatewayResult, type GuildReport } from './report';
import { readGuildSettings } from './settings';
import { startGuildGateway, writeOursConfig } from './startGateway';
import type { SubgraphCounters } from './subgraphServer';
import type { GuildSubgraphName } from './schemas';

const GUILD_DIR = join(ROOT, 'bench', 'guild');
/** Every gateway is called without credentials here (the others have no caller authentication). */
const LABELS: Record<GatewayKey, string> = { ours: 'ours', apollo: 'stock @apollo/gateway', hive: '@graphql-hive/gateway' };

/** The Guild benchmark's query as their k6 script sends it (query.graphql without its attribution comment). */
export function guildQuery(): string {
  return readFileSync(join(GUILD_DIR, 'query.graphql'), 'utf8').replace(/^#.*\n/, '');
}

/** Their supergraph with its subgraph URLs (one server, a path each) pointed at where ours listen. */
export function guildSupergraph(subgraphsOrigin: string): string {
  return readFileSync(join(GUILD_DIR, 'supergraph.graphql'), 'utf8').replaceAll('http://0.0.0.0:4200/', `${subgraphsOrigin}/`);
}

type Counters = Record<GuildSubgraphName, SubgraphCounters>;
const total = (counters: Counters, pick: (c: SubgraphCounters) => number) => Object.values(counters).reduce((sum, c) => sum + pick(c), 0);

/**
 * `npm run bench -- --scenario guild`: a gateway-bound workload, The Guild's federation benchmark
 * (bench/guild/, docs/performance.md). Each gateway alone on the gateway core, over the same
 * subgraph process on the other core with the load generator; first checked for identical answers,
 * then timed in alternating rounds.
 */
export async function runGuild(argv: string[]): Promise<void> {
  const settings = readGuildSettings(argv);
  const began = performance.now();
  const now = new Date();
  const resultsDir = join(ROOT, 'bench', 'results');
  const logDir = join(resultsDir, 'logs');
  mkdirSync(logDir, { recursive: true });
  pin(process.pid, settings.othersCpu);
  const loadAtStart = loadAverage();
  const say = (text: string) => console.log(`[guild ${((performance.now() - began) / 1000).toFixed(0).padStart(3)} s] ${text}`);

  buildBenchProcesses();
  const subgraphs = spawnPinned({ name: 'guild-subgraphs', script: 'dist/bench/guild/subgraphHost.js', env: { ...process.env }, cpus: settings.othersCpu, stderrFile: join(logDir, 'guild-subgraphs.log'), ipc: true });
  const stopAll: BenchProcess[] = [subgraphs];
  const onSignal = () => void Promise.all(stopAll.map((p) => p.stop())).finally(() => process.exit(130));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const { port } = await subgraphs.message<{ port: number }>('ready', 30_000);
    const supergraphPath = join(logDir, 'guild-supergraph.graphql');
    writeFileSync(supergraphPath, guildSupergraph(`http://127.0.0.1:${port}`));
    const oursConfig = writeOursConfig(logDir, supergraphPath, settings);
    const query = guildQuery();
    const body = JSON.stringify({ query });
    const plan = plannedFetches(plannerFor(supergraphPath).plan(query));
    say(`subgraphs on port ${port} (CPU ${settings.othersCpu}); Apollo's planner plans the query as ${plan.length} fetches`);
    const counters = async () => (await subgraphs.ask<{ counters: Counters }>('stats')).counters;

    const results = Object.fromEntries(
      settings.gateways.map((key) => [key, { key, label: LABELS[key], status: 'timed', coldStartMs: [], runs: [] } as GuildGatewayResult]),
    ) as Record<GatewayKey, GuildGatewayResult>;
    let reference: { key: GatewayKey; json: string } | undefined;

    for (let round = 1; round <= settings.rounds; round++) {
      for (const key of settings.gateways) {
        const result = results[key];
        if (result.status !== 'timed') continue;
        let gateway;
        try {
          gateway = await startGuildGateway({ key, settings, supergraphPath, oursConfig, logDir, body });
        } catch (error) {
          Object.assign(result, { status: 'failed', reason: (error as Error).message });
          say(`${key}: not timed: ${result.reason}`);
          continue;
        }
        stopAll.push(gateway.process);
        try {
          result.coldStartMs.push(gateway.coldStartMs);
          if (round === 1) {
            // The same answer from every gateway, and one request costs the subgraphs the plan's fetches, none with errors.
            const before = await counters();
            const { status, answer } = await post(gateway.url, {}, body);
            const after = await counters();
            const json = canonicalJson(answer.data ?? null);
            result.subgraphRequests = total(after, (c) => c.requests) - total(before, (c) => c.requests);
            const subgraphErrors = total(after, (c) => c.errors) - total(before, (c) => c.errors);
            if (status !== 200 || answer.errors?.length || json === 'null' || subgraphErrors > 0) {
              Object.assign(result, { status: 'failed', reason: `HTTP ${status}, ${answer.errors?.length ?? 0} errors (${JSON.stringify(answer.errors ?? []).slice(0, 200)}), ${subgraphErrors} subgraph answers with errors` });
            } else if (reference && json !== reference.json) {
              Object.assign(result, { status: 'differs', reason: `differs from ${reference.key}: ${firstDifference(JSON.parse(json), JSON.parse(reference.json))}` });
            }
            if (result.status !== 'timed') {
              say(`${key}: not timed: ${result.reason}`);
              continue;
            }
            reference ??= { key, json };
            say(`${key}: answer ${reference.key === key ? 'taken as the reference' : `identical to the reference (${reference.key})`} (${json.length} bytes), ${result.subgraphRequests} subgraph requests`);
          }
          const load = (durationS: number) =>
            runLoad({ url: gateway.url, headers: {}, bodies: [body], connections: settings.connections, durationS, serverPid: gateway.pids, cpuGroups: () => ({ 'subgraph:guild': [subgraphs.pid], loadGenerator: [process.pid] }) });
          await load(settings.warmupS);
          const run = await load(settings.durationS);
          result.runs.push(run);
          say(`round ${round}, ${key}: ${run.requestsPerSecond} req/s, p99 ${run.p99Ms} ms, errors ${run.errors}, gateway ${run.cpu.groups.server.cores} cores (${run.cpuMsPerRequest} ms/req), subgraphs ${run.cpu.groups['subgraph:guild'].cores} cores`);
        } finally {
          await gateway.process.stop();
          stopAll.splice(stopAll.indexOf(gateway.process), 1);
        }
      }
    }
    const executed = await counters();
    const report: GuildReport = {
      startedAt: now.toISOString(),
      durationS: Math.round((performance.now() - began) / 1000),
      settings,
      machine: { cpus: cpus().length, node: process.version, loadAverageAtStart: loadAtStart, loadAverageAtEnd: loadAverage() },
      plannedFetches: plan.length,
      subgraphs: executed,
      gateways: Object.values(results).map(({ runs, ...rest }) => ({
        ...rest,
        coldStartMedianMs: rest.coldStartMs.length ? median(rest.coldStartMs) : undefined,
        summary: runs.length ? summarise(runs, { gateway: settings.gatewayCpu, others: settings.othersCpu }) : undefined,
      })),
      runs: Object.fromEntries(Object.values(results).map((r) => [r.key, r.runs])) as Record<string, LoadResult[]>,
    };
    const markdown = renderGuildMarkdown(report);
    for (const name of ['guild-latest', ...(settings.tag ? [settings.tag] : [])]) {
      writeFileSync(join(resultsDir, `${name}.json`), `${JSON.stringify(report, null, 2)}\n`);
      writeFileSync(join(resultsDir, `${name}.md`), markdown);
    }
    console.log(`\n${markdown}`);
    say(`done: bench/results/guild-latest.json and .md${settings.tag ? `, and ${settings.tag}.json/.md` : ''}`);
  } finally {
    await Promise.all(stopAll.map((p) => p.stop()));
  }
}
