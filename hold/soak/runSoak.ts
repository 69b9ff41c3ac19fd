import { LoadDriver } from '../load/driver';
import { CASE_CUSTOMER, RequestMix } from '../load/mix';
import { cancellableOrders, checkLedger } from '../chaos/ledger';
import type { World } from '../chaos/world';
import { LiveWatchers } from './liveWatchers';
import { sampleProcess } from './procSample';
import { minuteFigures, processFigures, type SoakReport, type Tick } from './soakReport';

export { formatSoak, type SoakReport } from './soakReport';

export interface SoakOptions {
  durationMs: number;
  /** Samples before this are warm-up: not in the slopes. */
  warmupMs: number;
  sampleEveryMs?: number;
  concurrency?: number;
  /** Orders seeded for the load to cancel (it opens cases once they are used up). */
  cancellable?: number;
  /** orderChanged subscriptions, on orders spread over the cancellable ones. */
  watchedOrders?: number;
  onMinute?(line: string): void;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Opens one case for the customer the activity subscriptions watch: its payload on each says they are
 * all live. Tried three times: the graph's very first write (cold code, new connections, Support
 * asking Orders) can outlast the subgraph timeout on a loaded machine.
 */
async function openProbeCase(origin: string, token: string): Promise<string> {
  let last: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const response = await fetch(`${origin}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        query: 'mutation($input: OpenSupportCaseInput!) { openSupportCase(input: $input) { number } }',
        variables: { input: { customerId: CASE_CUSTOMER, subject: 'hold soak: subscriptions live?', channel: 'PHONE', summary: 'opened before the load' } },
      }),
    });
    const body = (await response.json()) as { data?: { openSupportCase?: { number: string } }; errors?: unknown };
    const number = body.data?.openSupportCase?.number;
    if (number) return number;
    last = body;
  }
  throw new Error(`could not open the probe case: ${JSON.stringify(last).slice(0, 300)}`);
}

/**
 * Steady mixed load on both gateway replicas for `durationMs`, with subscriptions open on both
 * replicas over both transports, sampling every process of the graph (RSS and fds from the kernel;
 * heap before and after a full collection and active handles from the process's probe); then the
 * ledger (each cancellation one event and one notification, the outbox empty) and the payloads.
 */
export async function runSoak(world: World, options: SoakOptions): Promise<SoakReport> {
  const attempted = await cancellableOrders(world.db.directUrl, options.cancellable ?? 400);
  const watchedCount = Math.min(options.watchedOrders ?? 24, attempted.length);
  const step = Math.max(1, Math.floor(attempted.length / Math.max(1, watchedCount)));
  const watched = attempted.filter((_, i) => i % step === 0).slice(0, watchedCount);
  const watchers = new LiveWatchers(world.gatewayOrigins(), world.token);
  watchers.open(CASE_CUSTOMER, watched);
  try {
    await watchers.waitForCase(await openProbeCase(world.gatewayOrigins()[0], world.token), 30_000);
    const driver = new LoadDriver({ gateways: world.gatewayOrigins(), token: world.token, concurrency: options.concurrency ?? 6, mix: new RequestMix([...attempted]), pauseMs: 10 });
    const processes = world.cluster.all();
    const ticks = new Map<string, Tick[]>(processes.map((p) => [p.name, []]));
    driver.start();
    const every = options.sampleEveryMs ?? 5000;
    let reported = 0;
    while (driver.now() < options.durationMs) {
      const t = driver.now();
      // In parallel: each process collects on its own core time, and the tick stays one instant.
      await Promise.all(processes.map(async (p) => {
        const proc = sampleProcess(p.pid);
        if (proc) ticks.get(p.name)!.push({ t, proc, runtime: await p.runtime({ gc: true, timeoutMs: 3000 }) });
      }));
      const minute = Math.floor(t / 60_000);
      if (minute > reported && options.onMinute) {
        reported = minute;
        const m = minuteFigures(driver.outcomes, minute - 1);
        const heaps = processes.map((p) => `${p.name} ${ticks.get(p.name)!.at(-1)?.runtime?.heapAfterGcMiB?.toFixed(1) ?? '?'}`).join(', ');
        options.onMinute(`  minute ${minute}: ${m.requests} requests, ${m.errors} errors, p50 ${m.p50} ms, p99 ${m.p99} ms; heap after GC (MiB): ${heaps}`);
      }
      await sleep(Math.min(every, Math.max(0, options.durationMs - driver.now())));
    }
    await driver.stop();
    const outcomes = driver.outcomes;
    const errorCodes: Record<string, number> = {};
    // By operation and code, with the first few in full: enough to tell a slow subgraph from a broken one.
    const firstErrors: string[] = [];
    for (const o of outcomes) {
      if (o.ok) continue;
      for (const c of o.codes.length ? o.codes : [`HTTP_${o.status}`]) errorCodes[`${o.op} ${c}`] = (errorCodes[`${o.op} ${c}`] ?? 0) + 1;
      if (firstErrors.length < 5) firstErrors.push(`${o.op} at ${(o.start / 1000).toFixed(1)} s, ${o.end - o.start} ms: ${o.codes.join(',')} ${o.message ?? ''}`);
    }
    const ledger = await checkLedger(world.db.directUrl, outcomes, attempted);
    const wrote = (op: string) => outcomes.filter((o) => o.op === op && o.wrote).map((o) => o.wrote as string);
    const live = await watchers.tally(wrote('open-case'), wrote('cancel'));
    return {
      minutes: options.durationMs / 60_000,
      requests: outcomes.length,
      errors: outcomes.filter((o) => !o.ok).length,
      errorCodes,
      firstErrors,
      perMinute: Array.from({ length: Math.ceil(options.durationMs / 60_000) }, (_, m) => ({ minute: m + 1, ...minuteFigures(outcomes, m) })),
      processes: processes.map((p) => processFigures(p.name, ticks.get(p.name)!, options.warmupMs)),
      ledger,
      live,
    };
  } finally {
    await watchers.close();
  }
}
