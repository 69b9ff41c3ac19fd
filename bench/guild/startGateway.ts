import { writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { spawnPinned, type BenchProcess } from '../processes';
import { processTree } from '../procStats';
import { post } from '../probe';
import type { GatewayKey } from '../settings';
import type { GuildSettings } from './settings';

export interface GuildGateway {
  key: GatewayKey;
  url: string;
  process: BenchProcess;
  /** Process start to the first answer with data (ms). */
  coldStartMs: number;
  pids(): number[];
}

const ENTRY: Record<GatewayKey, string> = {
  ours: 'dist/bench/gateways/ours.js', // our gateway exactly as `npm run start:gateway` runs it, configured by the file below
  apollo: 'dist/bench/guild/gateways/apollo.js',
  hive: 'dist/bench/guild/gateways/hive.js',
};

/** Settings in the environment beat the config file: none of the caller's may change what is measured. */
const OVERRIDING_ENV = ['GATEWAY_CONFIG', 'SUPERGRAPH_PATH', 'SUPERGRAPH_URL', 'GATEWAY_SUPERGRAPH', 'MAX_COST', 'MAX_DEPTH', 'AGENT_TOOLS', 'ENTITY_CACHE', 'REDIS_URL'];

/**
 * Our gateway's config for a foreign supergraph (docs/configuration.md, "Any supergraph"): the agent
 * tools, written for this project's schema, off; the cost limit set explicitly (see GuildSettings.maxCost).
 */
export function writeOursConfig(dir: string, supergraphPath: string, settings: GuildSettings): string {
  const file = join(dir, 'guild-gateway.config.yaml');
  writeFileSync(
    file,
    [
      '# Written by bench/guild/run.ts: our gateway serving The Guild benchmark supergraph.',
      `supergraph: { path: ${JSON.stringify(supergraphPath)} }`,
      `limits: { maxCost: ${settings.maxCost} }`,
      'agentTools: { mode: off }',
      '',
    ].join('\n'),
  );
  return file;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Starts one gateway pinned to the gateway core and waits for its first answer with data and no errors. */
export async function startGuildGateway(options: {
  key: GatewayKey;
  settings: GuildSettings;
  supergraphPath: string;
  oursConfig: string;
  logDir: string;
  body: string;
  /** Another build of the same gateway (bench/guild/cpuProbe.ts compares two builds); default ENTRY[key]. */
  script?: string;
}): Promise<GuildGateway> {
  const { key, settings } = options;
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/graphql`;
  const env: NodeJS.ProcessEnv = { ...process.env, HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: key === 'ours' ? settings.logLevel : (process.env.LOG_LEVEL ?? 'warn') };
  for (const name of OVERRIDING_ENV) delete env[name];
  if (key === 'ours') Object.assign(env, { GATEWAY_CONFIG: options.oursConfig, DEMO_MODE: 'true', BENCH_WORKERS: '1' });
  else env.SUPERGRAPH_PATH = options.supergraphPath;
  const started = performance.now();
  const proc = spawnPinned({
    name: key,
    script: options.script ?? ENTRY[key],
    env,
    cpus: settings.gatewayCpu,
    nodeArgs: key === 'ours' ? settings.oursNodeArgs : [],
    stderrFile: join(options.logDir, `guild-gateway-${key}.log`),
  });
  const deadline = started + 60_000;
  let lastAnswer = '';
  let refusingSince: number | undefined;
  for (;;) {
    if (proc.child.exitCode !== null) throw new Error(`${key} gateway exited (${proc.child.exitCode}); see ${options.logDir}/guild-gateway-${key}.log`);
    try {
      const { status, answer } = await post(url, {}, options.body);
      if (status === 200 && answer.data && !answer.errors?.length) break;
      lastAnswer = `HTTP ${status}: ${JSON.stringify(answer.errors ?? answer).slice(0, 300)}`;
      // Listening and refusing the query for good (a limit, a validation error), not still loading (503).
      if (status !== 503) refusingSince ??= performance.now();
    } catch {
      // not listening yet
    }
    if (performance.now() > deadline || (refusingSince !== undefined && performance.now() > refusingSince + 5000)) {
      await proc.stop();
      throw new Error(`${key} gateway gave no answer with data${lastAnswer ? ` (last: ${lastAnswer})` : ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { key, url, process: proc, coldStartMs: Math.round(performance.now() - started), pids: () => processTree(proc.pid) };
}
