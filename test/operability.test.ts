import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import pino from 'pino';
import { createLogger } from '../common/logger';
import { STORY } from '../demo/stories';
import { loadGatewayConfig } from '../gateway/config';
import { startGateway, type RunningGateway } from '../gateway/createGateway';
import { BoundedLabels } from '../gateway/operability/boundedLabels';
import { startTestGraph, type TestGraph } from './support/graph';

const silent = () => createLogger('gateway', { LOG_LEVEL: 'silent' });
const PRICE = `query MetricsProbe($sku: ID!) { product(sku: $sku) { sku } }`;

let graph: TestGraph;
let agent: string;
/** Probes of each subgraph's /health/live, by subgraph. */
const liveProbes: Record<string, number> = {};
const started: Array<{ stop(): Promise<void> }> = [];

beforeAll(async () => {
  graph = await startTestGraph();
  agent = `Bearer ${await graph.token('agent')}`;
  for (const [name, subgraph] of Object.entries(graph.subgraphs)) {
    liveProbes[name] = 0;
    subgraph!.httpServer.on('request', (req: http.IncomingMessage) => {
      if (req.url === '/health/live') liveProbes[name] += 1;
    });
  }
});
afterAll(async () => {
  for (const thing of started.reverse()) await thing.stop().catch(() => undefined);
  await graph?.stop();
});

/** A gateway in front of the test graph's subgraphs, with environment overrides. */
async function gatewayWith(env: Record<string, string>, log = silent()): Promise<RunningGateway> {
  const urls = Object.fromEntries(Object.entries(graph.subgraphs).map(([name, s]) => [`${name.toUpperCase()}_URL`, s!.url]));
  const gateway = await startGateway(loadGatewayConfig({ ...process.env, ...urls, PORT: '0', ...env }), log);
  started.push(gateway);
  return gateway;
}

async function post(url: string, query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: agent, ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, json: (await response.json()) as any };
}

const get = async (url: string) => {
  const response = await fetch(url);
  return { status: response.status, text: await response.text() };
};
const origin = (gateway: RunningGateway) => gateway.url.replace(/\/graphql$/, '');

describe('health', () => {
  let healthy: RunningGateway;
  let degraded: RunningGateway;
  let hanging: ControlledServer;

  beforeAll(async () => {
    healthy = await gatewayWith({ READY_CACHE_MS: '60000' });
    hanging = await controlledServer(() => 'hang');
    degraded = await gatewayWith({
      NOTIFICATIONS_URL: `http://127.0.0.1:${await closedPort()}/graphql`,
      SUPPORT_URL: hanging.url,
      SUPPORT_TIMEOUT_MS: '300',
      READY_TIMEOUT_MS: '300',
    });
  });

  test('When /health/live is asked, then the gateway answers 200 while its process runs', async () => {
    const response = await get(`${origin(healthy)}/health/live`);
    expect(response.status).toBe(200);
    expect(JSON.parse(response.text)).toEqual({ status: 'live' });
  });

  test('When every subgraph answers, then /health/ready is 200 with the supergraph loaded and each subgraph up', async () => {
    const before = { ...liveProbes };
    const response = await get(`${origin(healthy)}/health/ready`);
    expect(response.status).toBe(200);
    expect(JSON.parse(response.text)).toEqual({
      status: 'ready',
      ready: true,
      supergraph: 'loaded',
      subgraphs: { orders: 'up', support: 'up', pricing: 'up', notifications: 'up' },
    });
    for (const name of Object.keys(liveProbes)) expect(liveProbes[name] - before[name]).toBe(1);
  });

  test('When /health/ready is asked again and again within READY_CACHE_MS, then the subgraphs are probed once', async () => {
    await get(`${origin(healthy)}/health/ready`);
    const before = { ...liveProbes };
    const answers = await Promise.all(Array.from({ length: 10 }, () => get(`${origin(healthy)}/health/ready`)));
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(200));
    expect(liveProbes).toEqual(before);
  });

  test('When a subgraph is down or hangs, then /health/ready is 503 within its timeout and names them', async () => {
    const startedAt = performance.now();
    const response = await get(`${origin(degraded)}/health/ready`);
    expect(performance.now() - startedAt).toBeLessThan(2000);
    expect(response.status).toBe(503);
    expect(JSON.parse(response.text)).toEqual({
      status: 'not ready',
      ready: false,
      supergraph: 'loaded',
      subgraphs: { orders: 'up', support: 'down', pricing: 'up', notifications: 'down' },
    });
  });

  test('When a subgraph times out, then the read is not retried', async () => {
    const before = hanging.graphqlRequests;
    const { json } = await post(degraded.url, `{ supportCase(number: "${STORY.dana.incident}") { number } }`);
    expect(json.errors[0].extensions).toMatchObject({ code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'support' });
    expect(hanging.graphqlRequests - before).toBe(1);
  });

  afterAll(() => hanging?.close());
});

describe('metrics and logs', () => {
  let observed: RunningGateway;
  let hanging: ControlledServer;
  const lines: Array<Record<string, any>> = [];

  beforeAll(async () => {
    hanging = await controlledServer(() => 'hang');
    const log = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line)) });
    observed = await gatewayWith({ SUPPORT_URL: hanging.url, SUPPORT_TIMEOUT_MS: '300' }, log);
  });
  afterAll(() => hanging?.close());

  test('When operations are answered, then /metrics counts them by operation and outcome, with latency per operation and subgraph', async () => {
    await post(observed.url, PRICE, { sku: STORY.partyLights.sku });
    await post(observed.url, PRICE, { sku: STORY.partyLights.sku });
    await post(observed.url, `query Partial { order(number: "${STORY.alice.order}") { number supportCases { number } } }`);
    await post(observed.url, `query TooDeep { order(number: "1") { ${'customer { orders { '.repeat(6)}number${' } }'.repeat(6)} } }`);

    const response = await get(`${origin(observed)}/metrics`);
    expect(response.status).toBe(200);
    const metrics = response.text;
    expect(sample(metrics, 'graphql_requests_total', { operation: 'MetricsProbe', outcome: 'ok' })).toBe(2);
    expect(sample(metrics, 'graphql_requests_total', { operation: 'Partial', outcome: 'partial' })).toBe(1);
    expect(sample(metrics, 'graphql_requests_total', { operation: 'TooDeep', outcome: 'error' })).toBe(1);
    expect(sample(metrics, 'graphql_request_duration_seconds_count', { operation: 'MetricsProbe' })).toBe(2);
    expect(sample(metrics, 'graphql_errors_total', { code: 'DEPTH_LIMIT_EXCEEDED' })).toBe(1);
    expect(sample(metrics, 'graphql_errors_total', { code: 'SUBGRAPH_UNAVAILABLE' })).toBe(1);
    expect(sample(metrics, 'subgraph_fetch_duration_seconds_count', { subgraph: 'pricing', outcome: 'ok' })).toBe(2);
    expect(sample(metrics, 'subgraph_fetch_duration_seconds_count', { subgraph: 'support', outcome: 'timeout' })).toBe(1);
    expect(sample(metrics, 'process_cpu_user_seconds_total', {})).toBeGreaterThan(0);
  });

  test('When two gateways run in one process, then each counts only its own operations', async () => {
    const other = await get(`${origin(graph.gateway)}/metrics`);
    expect(other.status).toBe(200);
    expect(sample(other.text, 'graphql_requests_total', { operation: 'MetricsProbe', outcome: 'ok' })).toBeUndefined();
  });

  test('When clients invent ever new operation names, then past a bound they are counted as "other", catalogue names never', () => {
    const labels = new BoundedLabels(['TillProductPrice'], 3);
    expect(['A', 'B', 'C', 'D', 'E'].map((name) => labels.label(name))).toEqual(['A', 'B', 'C', 'other', 'other']);
    expect(labels.label('A')).toBe('A');
    expect(labels.label('TillProductPrice')).toBe('TillProductPrice');
  });

  test('When an operation is answered, then one JSON log line carries its request id, name, duration, errors and subgraph fetches', async () => {
    await post(observed.url, PRICE, { sku: STORY.partyLights.sku }, { 'x-request-id': 'log-probe-1' });
    await post(observed.url, `query Partial { order(number: "${STORY.alice.order}") { number supportCases { number } } }`, {}, { 'x-request-id': 'log-probe-2' });

    const ok = lines.filter((line) => line.requestId === 'log-probe-1');
    expect(ok).toHaveLength(1);
    expect(ok[0]).toMatchObject({ level: 30, msg: 'graphql request', operation: 'MetricsProbe', errors: 0, subgraphFetches: 1 });
    expect(typeof ok[0].durationMs).toBe('number');
    const partial = lines.filter((line) => line.requestId === 'log-probe-2');
    expect(partial).toHaveLength(1);
    expect(partial[0]).toMatchObject({ operation: 'Partial', errors: 1, errorCodes: ['SUBGRAPH_UNAVAILABLE'], subgraphFetches: 2 });
  });
});

describe('retries', () => {
  test('When a subgraph drops the first connection of a query, then the gateway retries once and answers', async () => {
    const flaky = await controlledServer((n) => (n === 1 ? 'drop' : 'forward'), graph.subgraphs.pricing!.url);
    try {
      const gateway = await gatewayWith({ PRICING_URL: flaky.url });
      const { json } = await post(gateway.url, PRICE, { sku: STORY.partyLights.sku });
      expect(json).toEqual({ data: { product: { sku: STORY.partyLights.sku } } });
      expect(flaky.graphqlRequests).toBe(2);
    } finally {
      flaky.close();
    }
  });

  test('When a subgraph drops the connection of a mutation, then it is not retried and nothing changes', async () => {
    const flaky = await controlledServer((n) => (n === 1 ? 'drop' : 'forward'), graph.subgraphs.orders!.url);
    try {
      const gateway = await gatewayWith({ ORDERS_URL: flaky.url });
      const { json } = await post(gateway.url, `mutation { cancelOrder(number: "${STORY.bob.placedOrder}", reason: CUSTOMER_REQUEST) { status } }`);
      expect(json.errors[0].extensions).toMatchObject({ code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'orders' });
      expect(flaky.graphqlRequests).toBe(1);
      const after = await graph.query(`{ order(number: "${STORY.bob.placedOrder}") { status } }`);
      expect(after.data.order.status).not.toBe('CANCELLED');
    } finally {
      flaky.close();
    }
  });
});

describe('the operations endpoints off the public listener', () => {
  const OPS_PATHS = ['/health/live', '/health/ready', '/metrics'];

  test('When OPS_PORT gives them a port of their own, then /health/* and /metrics answer there and the public port answers 404', async () => {
    const gateway = await gatewayWith({ OPS_PORT: '0' });
    expect(gateway.opsOrigin).not.toBe(origin(gateway).replace('localhost', '127.0.0.1'));
    for (const path of OPS_PATHS) {
      expect([path, (await get(`${origin(gateway)}${path}`)).status]).toEqual([path, 404]);
      expect([path, (await get(`${gateway.opsOrigin}${path}`)).status]).toEqual([path, 200]);
    }
    expect((await get(`${gateway.opsOrigin}/metrics`)).text).toContain('graphql_requests_total');
    expect((await get(`${gateway.opsOrigin}/graphql`)).status).toBe(404);
  });

  test('When they stay on the main port behind OPS_TOKEN, then each answers 401 without the token or with another, and 200 with it', async () => {
    const token = 'ops-token-of-this-test-run-1234';
    const gateway = await gatewayWith({ OPS_TOKEN: token });
    for (const path of OPS_PATHS) {
      const url = `${origin(gateway)}${path}`;
      const without = await fetch(url);
      expect([path, without.status, without.headers.get('www-authenticate')]).toEqual([path, 401, 'Bearer realm="operations"']);
      expect([path, (await fetch(url, { headers: { authorization: 'Bearer not-the-ops-token-at-all' } })).status]).toEqual([path, 401]);
      expect([path, (await fetch(url, { headers: { authorization: `Bearer ${token}` } })).status]).toEqual([path, 200]);
    }
  });

  test('When the gateway stops during a slow request, then its operations port says not ready while it drains, then closes', async () => {
    const slow = await controlledServer(() => 800, graph.subgraphs.pricing!.url);
    try {
      const gateway = await gatewayWith({ OPS_PORT: '0', PRICING_URL: slow.url });
      const opsPort = Number(new URL(gateway.opsOrigin).port);
      const inFlight = post(gateway.url, PRICE, { sku: STORY.partyLights.sku });
      await until(() => slow.graphqlRequests === 1);
      const stopping = gateway.stop();
      expect((await get(`${gateway.opsOrigin}/health/ready`)).status).toBe(503);
      expect((await inFlight).status).toBe(200);
      await stopping;
      await untilRefused(opsPort);
    } finally {
      slow.close();
    }
  });
});

describe('graceful shutdown', () => {
  test('When the gateway stops during a slow request, then that request completes and new connections are refused', async () => {
    const slow = await controlledServer(() => 800, graph.subgraphs.pricing!.url);
    try {
      const gateway = await gatewayWith({ PRICING_URL: slow.url });
      const inFlight = post(gateway.url, PRICE, { sku: STORY.partyLights.sku }).then((response) => ({ ...response, at: performance.now() }));
      await until(() => slow.graphqlRequests === 1);

      const stopping = gateway.stop();
      const refusedAt = await untilRefused(gateway.port);
      const answered = await inFlight;
      await stopping;

      expect(answered.status).toBe(200);
      expect(answered.json).toEqual({ data: { product: { sku: STORY.partyLights.sku } } });
      expect(refusedAt).toBeLessThan(answered.at);
    } finally {
      slow.close();
    }
  });
});

/** The value of one Prometheus sample with exactly these labels, if present. */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`).sort().join(',');
  for (const line of text.split('\n')) {
    const match = /^([a-z_:]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const present = (match[2] ?? '').split(',').filter(Boolean).sort().join(',');
    if (present === wanted) return Number(match[3]);
  }
  return undefined;
}

interface ControlledServer {
  url: string;
  /** POSTs to /graphql received so far (probes of /health/live are not counted). */
  graphqlRequests: number;
  close(): void;
}

/**
 * A stand-in for a subgraph that, for its n-th GraphQL request, drops the connection, hangs, or
 * forwards to the real subgraph (after a delay in ms, when a number). Without a target it hangs.
 */
async function controlledServer(action: (n: number) => 'drop' | 'hang' | 'forward' | number, target?: string): Promise<ControlledServer> {
  const state = { graphqlRequests: 0 };
  const server = http.createServer(async (req, res) => {
    if (req.method !== 'POST') {
      // Health probes: a stand-in without a target hangs them too.
      if (target) res.writeHead((await fetch(new URL('/health/live', target))).status).end();
      return;
    }
    const what = action(++state.graphqlRequests);
    if (what === 'drop') return void req.socket.destroy();
    if (what === 'hang' || !target) return;
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (typeof what === 'number') await new Promise((resolve) => setTimeout(resolve, what));
    const headers: Record<string, string> = {};
    for (const [key, value] of Object.entries(req.headers)) {
      if (typeof value === 'string' && !['host', 'content-length', 'connection'].includes(key)) headers[key] = value;
    }
    const upstream = await fetch(target, { method: 'POST', headers, body: Buffer.concat(chunks) });
    res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/json' });
    res.end(Buffer.from(await upstream.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    get graphqlRequests() {
      return state.graphqlRequests;
    },
    close() {
      server.closeAllConnections();
      server.close();
    },
  };
}

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not reached');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Tries new TCP connections to the port until one is refused; when that happened. */
async function untilRefused(port: number, timeoutMs = 5000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const refused = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(false);
      });
      socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED'));
    });
    if (refused) return performance.now();
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`port ${port} still accepts connections`);
}
