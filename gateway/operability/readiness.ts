export type SubgraphHealth = 'up' | 'down';

export interface Readiness {
  ready: boolean;
  supergraph: 'loaded' | 'not loaded';
  subgraphs: Record<string, SubgraphHealth>;
  stopping?: true;
}

export interface ReadinessOptions {
  /**
   * Each probed subgraph's GraphQL URL; its `/health/live` on the same origin is probed. A function
   * when the subgraphs are those of the supergraph loaded at the time.
   */
  subgraphUrls: Record<string, string> | (() => Record<string, string>);
  /** Whether the gateway has a supergraph schema to plan against. */
  supergraphLoaded(): boolean;
  /** How long one probe may take before the subgraph counts as down. */
  timeoutMs: number;
  /** How long an answer is reused, so a busy load balancer cannot turn probes into a flood. */
  cacheMs: number;
}

/**
 * `/health/ready`: ready when the supergraph is loaded and every subgraph answers its own
 * `/health/live` in time. Concurrent callers share one probe; an answer is reused for `cacheMs`.
 */
export class ReadinessProbe {
  private cached?: { at: number; readiness: Readiness };
  private inFlight?: Promise<Readiness>;
  private stopping = false;

  constructor(private readonly options: ReadinessOptions) {}

  private probeUrls(): Array<[string, string]> {
    const urls = typeof this.options.subgraphUrls === 'function' ? this.options.subgraphUrls() : this.options.subgraphUrls;
    return Object.entries(urls).map(([name, url]) => [name, new URL('/health/live', url).href]);
  }

  /** From now on the gateway reports itself not ready: it is draining for shutdown. */
  markStopping(): void {
    this.stopping = true;
  }

  async check(): Promise<Readiness> {
    if (this.cached && Date.now() - this.cached.at < this.options.cacheMs) return this.withStopping(this.cached.readiness);
    this.inFlight ??= this.probe().finally(() => {
      this.inFlight = undefined;
    });
    return this.withStopping(await this.inFlight);
  }

  private withStopping(readiness: Readiness): Readiness {
    return this.stopping ? { ...readiness, ready: false, stopping: true } : readiness;
  }

  private async probe(): Promise<Readiness> {
    const results = await Promise.all(this.probeUrls().map(async ([name, url]) => [name, await this.probeOne(url)] as const));
    const subgraphs = Object.fromEntries(results) as Record<string, SubgraphHealth>;
    const loaded = this.options.supergraphLoaded();
    const readiness: Readiness = {
      ready: loaded && results.every(([, health]) => health === 'up'),
      supergraph: loaded ? 'loaded' : 'not loaded',
      subgraphs,
    };
    this.cached = { at: Date.now(), readiness };
    return readiness;
  }

  private async probeOne(url: string): Promise<SubgraphHealth> {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(this.options.timeoutMs) });
      await response.body?.cancel();
      return response.ok ? 'up' : 'down';
    } catch {
      return 'down';
    }
  }
}
