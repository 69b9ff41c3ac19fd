import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runLoad } from '../load';
import { median } from '../probe';
import { pin } from '../procStats';
import { buildBenchProcesses, ROOT, spawnPinned } from '../processes';
import { summariseProfile } from '../profileSummary';
import { guildQuery, guildSupergraph } from './run';
import { readGuildSettings } from './settings';
import { startGuildGateway, writeOursConfig } from './startGateway';

/**
 * `tsx bench/guild/cpuProbe.ts [guild options]`: our gateway alone on The Guild's workload, for the
 * before/after of one change on a machine that is not quiet: a warm-up, then WINDOWS windows of
 * WINDOW_S seconds held at RATE req/s (CPU per request compared at equal throughput; RATE=0: as fast
 * as it answers), each window's gateway CPU ms per request and their median. BASE=<dir> also starts
 * the build in that directory (a copy of dist/ made before the change, beside it) on the same core
 * and alternates windows between the two, so both see the same neighbours: the ratio holds where
 * the absolute figures do not. PROFILE=1 adds `--cpu-prof` and summarises the main thread over the
 * timed windows only (start-up and warm-up left out). Env: WARM_S (8), WINDOWS (3), WINDOW_S (6),
 * RATE (100), BASE, PROFILE, LABEL.
 */
async function main(): Promise<void> {
  const settings = readGuildSettings(process.argv.slice(2));
  const warmS = Number(process.env.WARM_S ?? 8);
  const windows = Number(process.env.WINDOWS ?? 3);
  const windowS = Number(process.env.WINDOW_S ?? 6);
  const rate = Number(process.env.RATE ?? 100);
  const base = process.env.BASE;
  const logDir = join(ROOT, 'bench', 'results', 'logs');
  mkdirSync(logDir, { recursive: true });
  pin(process.pid, settings.othersCpu);
  buildBenchProcesses();
  const subgraphs = spawnPinned({ name: 'guild-subgraphs', script: 'dist/bench/guild/subgraphHost.js', env: { ...process.env }, cpus: settings.othersCpu, stderrFile: join(logDir, 'guild-subgraphs.log'), ipc: true });
  const profileDir = join(logDir, 'profiles', `guild-probe-${Date.now()}`);
  const profiled = { ...settings, oursNodeArgs: [...settings.oursNodeArgs, '--cpu-prof', `--cpu-prof-dir=${profileDir}`] };
  if (process.env.PROFILE === '1') mkdirSync(profileDir, { recursive: true });
  try {
    const { port } = await subgraphs.message<{ port: number }>('ready', 30_000);
    const supergraphPath = join(logDir, 'guild-supergraph.graphql');
    writeFileSync(supergraphPath, guildSupergraph(`http://127.0.0.1:${port}`));
    const oursConfig = writeOursConfig(logDir, supergraphPath, settings);
    const body = JSON.stringify({ query: guildQuery() });
    const spawned = performance.now();
    const start = (script?: string) =>
      startGuildGateway({ key: 'ours', settings: process.env.PROFILE === '1' && !script ? profiled : settings, supergraphPath, oursConfig, logDir, body, script });
    const variants = [{ label: 'this build', gateway: await start(), perRequest: [] as number[] }];
    if (base) variants.unshift({ label: base, gateway: await start(`${base}/bench/gateways/ours.js`), perRequest: [] });
    let timedFromMs = 0;
    try {
      const load = (url: string, pids: () => number[], durationS: number, overallRate?: number) =>
        runLoad({ url, headers: {}, bodies: [body], connections: settings.connections, durationS, overallRate, serverPid: pids, cpuGroups: () => ({ subgraphs: [subgraphs.pid] }) });
      for (const { gateway } of variants) await load(gateway.url, gateway.pids, warmS);
      timedFromMs = performance.now() - spawned;
      for (let w = 1; w <= windows; w++) {
        for (const variant of variants) {
          const run = await load(variant.gateway.url, variant.gateway.pids, windowS, rate || undefined);
          variant.perRequest.push(run.cpuMsPerRequest);
          console.log(`window ${w}, ${variant.label}: ${run.requestsPerSecond} req/s, gateway ${run.cpuMsPerRequest} ms/req, p99 ${run.p99Ms} ms, errors ${run.errors}, others ${run.cpu.others.cores} cores`);
        }
      }
    } finally {
      await Promise.all(variants.map(({ gateway }) => gateway.process.stop()));
    }
    for (const { label, perRequest } of variants) console.log(`MEDIAN ${process.env.LABEL ?? ''} ${label}: gateway ${median(perRequest)} ms/req at ${rate || 'max'} req/s`);
    if (base) {
      const ratios = variants[1].perRequest.map((ms, i) => ms / variants[0].perRequest[i]);
      console.log(`RATIO this build / ${base}, per window: ${ratios.map((r) => r.toFixed(3)).join(' ')}; median ${median(ratios).toFixed(3)}`);
    }
    if (process.env.PROFILE === '1') summariseTimed(profileDir, timedFromMs);
  } finally {
    await subgraphs.stop();
  }
}

/** The main thread's profile (the largest file), its samples before the timed windows dropped. */
function summariseTimed(dir: string, fromMs: number): void {
  const file = readdirSync(dir).map((name) => join(dir, name)).sort((a, b) => statSync(b).size - statSync(a).size)[0];
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  let at = 0;
  const samples: number[] = [];
  const timeDeltas: number[] = [];
  profile.samples.forEach((sample: number, i: number) => {
    at += profile.timeDeltas[i];
    if (at / 1000 < fromMs) return;
    samples.push(sample);
    timeDeltas.push(profile.timeDeltas[i]);
  });
  const summary = summariseProfile({ ...profile, samples, timeDeltas }, Number(process.env.TOP ?? 40));
  console.log(`profile ${file}\ntimed ${summary.totalMs} ms sampled (idle/program ${summary.idleOrProgramMs} ms)\n\nby package (self):`);
  for (const row of summary.byPackage) console.log(`  ${row.share.padStart(6)}  ${String(row.ms).padStart(7)} ms  ${row.what}`);
  console.log('\nby function (self):');
  for (const row of summary.byFunction) console.log(`  ${row.share.padStart(6)}  ${String(row.ms).padStart(7)} ms  ${row.what}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
