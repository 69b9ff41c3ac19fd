import autocannon from 'autocannon';
import { cpuMeter, rssSampler, round, type CpuGroups, type CpuReport } from './procStats';
import { requestBody, type BenchOperation } from './workload';

export interface LoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  /** Connection errors + timeouts + non-2xx answers + answers carrying GraphQL `errors`. */
  errors: number;
  errorBreakdown: { connection: number; timeouts: number; non2xx: number; graphqlErrors: number; firstErrorBody?: string };
  /** Peak resident memory of the measured server's process tree (MB). */
  rssMb: number;
  /** The measured server's CPU time per answered request (ms): work per request, whatever the bottleneck. */
  cpuMsPerRequest: number;
  cpu: CpuReport;
}

export interface LoadOptions {
  url: string;
  headers: Record<string, string>;
  /** Requests are cycled through in this order by every connection. */
  bodies: string[];
  /**
   * `Authorization` values spread over the requests, one per request in turn (the list of requests
   * is as long as the longer of the two): many callers instead of one token the gateway remembers.
   */
  authorizations?: string[];
  connections: number;
  durationS: number;
  /**
   * Requests per second over all connections; unset: as fast as the server answers. A fixed rate
   * compares CPU per request at equal throughput: a busier gateway batches more work per event
   * loop turn, so its CPU per request falls as req/s rises (1.7 vs 3.4 ms at 167 vs 55 req/s).
   */
  overallRate?: number;
  /** The server under test, for RSS and CPU per request. */
  serverPid: () => number[];
  /** Every process whose CPU share is reported. */
  cpuGroups: () => CpuGroups;
}

/** A mix: the operations interleaved, each with its own rotating variables. */
export function mixBodies(operations: BenchOperation[], perOperation = 50): string[] {
  const bodies: string[] = [];
  for (let i = 0; i < perOperation; i++) for (const operation of operations) bodies.push(requestBody(operation, i));
  return bodies;
}

export function operationBodies(operation: BenchOperation): string[] {
  return operation.variables.map((_, i) => requestBody(operation, i));
}

export interface LoadRequest {
  method: 'POST';
  body: string;
  headers?: Record<string, string>;
}

function loadRequest(body: string, authorization: string | undefined): LoadRequest {
  return {
    method: 'POST',
    body,
    ...(authorization ? { headers: { 'content-type': 'application/json', authorization } } : {}),
  };
}

/**
 * Each connection's requests. Connection k starts at its own place in the bodies, k/connections of
 * the way through, and cycles through all of them, so concurrent requests ask for different
 * customers, as concurrent users would, instead of marching in lockstep through the same ones
 * (which flatters a gateway that merges identical in-flight subgraph fetches: a split of 20,000
 * requests into 16 contiguous shares started four connections on the same body). With callers,
 * each connection has its own contiguous share of them, one per request in turn, so no token is
 * sent by two connections and none twice before the share is used up.
 */
export function connectionRequests(bodies: string[], authorizations: string[], connections: number): LoadRequest[][] {
  return Array.from({ length: connections }, (_, k) => {
    let tokens = authorizations.slice(Math.floor((k * authorizations.length) / connections), Math.floor(((k + 1) * authorizations.length) / connections));
    if (tokens.length === 0 && authorizations.length > 0) tokens = [authorizations[k % authorizations.length]];
    const offset = Math.floor((k * bodies.length) / connections);
    return Array.from({ length: Math.max(bodies.length, tokens.length) }, (_, j) =>
      loadRequest(bodies[(offset + j) % bodies.length], tokens.length > 0 ? tokens[j % tokens.length] : undefined),
    );
  });
}

/** Runs autocannon at fixed concurrency and reports throughput, latency, errors, CPU and memory. */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const meter = cpuMeter(() => ({ server: options.serverPid(), ...options.cpuGroups() }));
  const rss = rssSampler(() => options.serverPid()[0]);
  // autocannon builds every request of its list into a buffer when a connection opens, inside the
  // timed run, and each connection given the whole list of 20,000 callers' requests took the load
  // generator ~30 s of CPU (and 1.7 GB) per load, on the subgraphs' core: it capped every gateway
  // at 12-60 req/s. So the top-level list is one request and each connection builds its own.
  const shares = connectionRequests(options.bodies, options.authorizations ?? [], options.connections);
  let clients = 0;
  const setupClient = (client: { setRequests(requests: LoadRequest[]): void }) => {
    client.setRequests(shares[clients++ % shares.length]);
  };
  let firstErrorBody: string | undefined;
  meter.start();
  const result = await autocannon({
    setupClient,
    url: options.url,
    connections: options.connections,
    duration: options.durationS,
    timeout: 10,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...options.headers },
    requests: [shares[0][0]],
    ...(options.overallRate ? { overallRate: options.overallRate } : {}),
    verifyBody: (body) => {
      if (!body.includes('"errors"')) return true;
      firstErrorBody ??= body.slice(0, 400);
      return false;
    },
  });
  const cpu = meter.stop();
  const answered = result.requests.total;
  return {
    requestsPerSecond: round(answered / result.duration, 1),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: answered,
    errors: result.errors + result.non2xx + result.mismatches, // timeouts are among `errors`
    errorBreakdown: {
      connection: result.errors - result.timeouts,
      timeouts: result.timeouts,
      non2xx: result.non2xx,
      graphqlErrors: result.mismatches,
      ...(firstErrorBody ? { firstErrorBody } : {}),
    },
    rssMb: rss.stop(),
    cpuMsPerRequest: answered > 0 ? round((cpu.groups.server.seconds * 1000) / answered, 3) : 0,
    cpu,
  };
}
