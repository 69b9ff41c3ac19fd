import { readFileSync } from 'node:fs';
import { LoadDriver, percentile, type Outcome } from '../load/driver';
import { RequestMix } from '../load/mix';
import { cancellableOrders, checkLedger } from './ledger';
import type { World } from './world';

/** A fault: how to cause it, how long it lasts, how it ends, and what the clients may see meanwhile. */
export interface Scenario {
  name: string;
  faultMs: number;
  inject(world: World): Promise<void>;
  heal(world: World): Promise<void>;
  /** Error codes a client may see while the fault lasts (anything else fails the scenario). */
  allowed: string[];
  /** Extra checks over the outcomes (and the world, during the fault): problems, and figures to report. */
  judge?(outcomes: Outcome[], window: Window, world: World): string[];
  /** Sampled while the fault lasts (sockets piling up, ...). */
  sample?(world: World): Promise<Record<string, number>>;
}

export interface Window {
  faultAt: number;
  healedAt: number;
  samples: Array<Record<string, number>>;
}

export interface ScenarioResult {
  name: string;
  requests: number;
  failedBefore: number;
  failedDuringFault: number;
  codesDuringFault: Record<string, number>;
  /** From the end of the fault to the last failed request's answer (0: no failure after it). */
  recoveryMs: number;
  failedAtEnd: number;
  p99BeforeMs: number;
  p99DuringMs: number;
  ledger: { casesConfirmed: number; cancellations: number; outboxUnpublished: number };
  problems: string[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Load on both gateway replicas; the fault after a steady start; the recovery window after it ends.
 * Passes when clients saw only the allowed codes during the fault, no failure in the last seconds,
 * the graph recovered without a restart within `recoverWithinMs`, and the ledger lost nothing.
 */
export async function runScenario(world: World, scenario: Scenario, options: { warmMs?: number; recoverMs?: number; recoverWithinMs?: number; concurrency?: number } = {}): Promise<ScenarioResult> {
  const attempted = await cancellableOrders(world.db.directUrl, 40);
  const driver = new LoadDriver({ gateways: world.gatewayOrigins(), token: world.token, concurrency: options.concurrency ?? 8, mix: new RequestMix([...attempted]), pauseMs: 5 });
  driver.start();
  await sleep(options.warmMs ?? 1500);
  const faultAt = driver.now();
  await scenario.inject(world);
  const samples: Array<Record<string, number>> = [];
  const until = Date.now() + scenario.faultMs;
  while (Date.now() < until) {
    if (scenario.sample) samples.push(await scenario.sample(world));
    await sleep(Math.min(250, Math.max(0, until - Date.now())));
  }
  await scenario.heal(world);
  const healedAt = driver.now();
  const recoverMs = options.recoverMs ?? 6000;
  await sleep(recoverMs);
  await driver.stop();
  const outcomes = driver.outcomes;
  const before = outcomes.filter((o) => o.end < faultAt);
  const during = outcomes.filter((o) => o.start >= faultAt && o.start < healedAt);
  const after = outcomes.filter((o) => o.start >= healedAt);
  const lastFailure = Math.max(healedAt, ...after.filter((o) => !o.ok).map((o) => o.end));
  // The last 2 s must be clean (half the recovery window when that is shorter, as in the jest form).
  const tailMs = Math.min(2000, recoverMs / 2);
  const tail = outcomes.filter((o) => o.start >= healedAt + recoverMs - tailMs);
  const codesDuringFault: Record<string, number> = {};
  for (const o of [...during, ...after]) for (const code of o.ok ? [] : o.codes.length ? o.codes : [`HTTP_${o.status}`]) codesDuringFault[code] = (codesDuringFault[code] ?? 0) + 1;
  const problems: string[] = [];
  if (before.some((o) => !o.ok)) problems.push(`${before.filter((o) => !o.ok).length} requests failed before the fault`);
  const unexpected = Object.keys(codesDuringFault).filter((code) => !scenario.allowed.includes(code));
  if (unexpected.length) {
    const example = [...during, ...after].find((o) => !o.ok && o.codes.some((c) => unexpected.includes(c)));
    problems.push(`codes not allowed for this fault: ${unexpected.map((c) => `${c} x${codesDuringFault[c]}`).join(', ')} (e.g. ${example?.op}: ${example?.message})`);
  }
  if (tail.some((o) => !o.ok)) problems.push(`still failing in the last ${tailMs / 1000} s: ${tail.filter((o) => !o.ok).length} of ${tail.length}`);
  const recoveryMs = lastFailure - healedAt;
  if (recoveryMs > (options.recoverWithinMs ?? 5000)) problems.push(`recovered only after ${recoveryMs} ms`);
  problems.push(...(scenario.judge?.(outcomes, { faultAt, healedAt, samples }, world) ?? []));
  const ledger = await checkLedger(world.db.directUrl, outcomes, attempted);
  problems.push(...ledger.problems);
  return {
    name: scenario.name,
    requests: outcomes.length,
    failedBefore: before.filter((o) => !o.ok).length,
    failedDuringFault: during.filter((o) => !o.ok).length,
    codesDuringFault,
    recoveryMs,
    failedAtEnd: tail.filter((o) => !o.ok).length,
    p99BeforeMs: percentile(before, 99),
    p99DuringMs: percentile(during, 99),
    ledger: { casesConfirmed: ledger.casesConfirmed, cancellations: ledger.cancellations, outboxUnpublished: ledger.outboxUnpublished },
    problems,
  };
}

/** Established TCP connections to a local port, from the kernel's table (IPv4 and IPv6). */
export function connectionsTo(port: number): number {
  const hex = `:${port.toString(16).toUpperCase().padStart(4, '0')}`;
  let count = 0;
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const [, , remote, state] = line.trim().split(/\s+/);
      if (state === '01' && remote?.endsWith(hex)) count++;
    }
  }
  return count;
}
