import { Agent, request } from 'undici';
import type { MixRequest, RequestMix } from './mix';

/** One request as the client saw it. */
export interface Outcome {
  op: string;
  gateway: number;
  /** Start and end, ms since the driver started. */
  start: number;
  end: number;
  ok: boolean;
  status: number;
  codes: string[];
  /** Of a successful write: what it created or changed (case number, order number). */
  wrote?: string;
  /** The first error's message, for reports. */
  message?: string;
}

export interface DriverOptions {
  gateways: string[];
  token: string;
  /** Requests in flight at once (closed loop: each worker sends its next when the last answered). */
  concurrency: number;
  mix: RequestMix;
  timeoutMs?: number;
  /** Pause between a worker's requests, ms (a steady rate rather than as fast as possible). */
  pauseMs?: number;
}

/**
 * Closed-loop load over the gateway replicas, round robin: every answer is recorded with its
 * timing and error codes, so a fault's window can be read back afterwards. A client of replica i
 * stays on replica i (it is how a load balancer's sticky connection looks).
 */
export class LoadDriver {
  readonly outcomes: Outcome[] = [];
  readonly t0 = Date.now();
  private running = false;
  private workers: Promise<void>[] = [];
  private readonly agent = new Agent({ keepAliveTimeout: 2000, connections: 64 });

  constructor(private readonly options: DriverOptions) {}

  now(): number {
    return Date.now() - this.t0;
  }

  start(): void {
    this.running = true;
    this.workers = Array.from({ length: this.options.concurrency }, (_, w) => this.work(w % this.options.gateways.length));
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.workers);
    await this.agent.close();
  }

  private async work(gateway: number): Promise<void> {
    while (this.running) {
      const next = this.options.mix.next();
      this.outcomes.push(await this.send(gateway, next));
      if (this.options.pauseMs) await new Promise((resolve) => setTimeout(resolve, this.options.pauseMs));
    }
  }

  private async send(gateway: number, mix: MixRequest): Promise<Outcome> {
    const start = this.now();
    let answer = await this.post(gateway, mix.body);
    // The APQ protocol: a store that lost (or never had) the document answers NOT_FOUND; the client sends it once more with it.
    if (mix.document && answer.codes.includes('PERSISTED_QUERY_NOT_FOUND')) answer = await this.post(gateway, { ...mix.body, query: mix.document });
    const ok = answer.status === 200 && answer.codes.length === 0;
    return { op: mix.op, gateway, start, end: this.now(), ok, status: answer.status, codes: answer.codes, wrote: ok && mix.write ? wroteOf(answer.data) : undefined, message: answer.message };
  }

  private async post(gateway: number, body: unknown): Promise<{ status: number; codes: string[]; data?: any; message?: string }> {
    try {
      const res = await request(`${this.options.gateways[gateway]}/graphql`, {
        method: 'POST',
        dispatcher: this.agent,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${this.options.token}` },
        body: JSON.stringify(body),
        headersTimeout: this.options.timeoutMs ?? 10_000,
        bodyTimeout: this.options.timeoutMs ?? 10_000,
      });
      const json = (await res.body.json()) as { data?: unknown; errors?: Array<{ message?: string; extensions?: { code?: string } }> };
      return { status: res.statusCode, codes: (json.errors ?? []).map((e) => e.extensions?.code ?? 'NO_CODE'), data: json.data, message: json.errors?.[0]?.message };
    } catch (error) {
      return { status: 0, codes: [`CLIENT_${(error as { code?: string }).code ?? 'ERROR'}`] };
    }
  }
}

function wroteOf(data: any): string | undefined {
  return data?.openSupportCase?.number ?? data?.cancelOrder?.number;
}

/** Latency percentile (ms) of outcomes. */
export function percentile(outcomes: Outcome[], p: number): number {
  if (outcomes.length === 0) return 0;
  const sorted = outcomes.map((o) => o.end - o.start).sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}
