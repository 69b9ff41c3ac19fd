import { serverAudits, type AuditResult } from 'graphql-http';
import pino from 'pino';
import { gatewayEnvironment, loadGatewayConfig } from '../gateway/config';
import { startGateway, type RunningGateway } from '../gateway/createGateway';

/**
 * GraphQL over HTTP conformance: graphql-http's server audits against the gateway's own request
 * path and, for reference, against stock Apollo Server (GATEWAY_ENGINE=stock). Every MUST passes on
 * our path, and every SHOULD that Apollo Server passes passes on ours too. The audits send
 * `{ __typename }`-style operations, which the gateway answers without calling a subgraph, so none
 * is started.
 */
const running: RunningGateway[] = [];

async function start(env: Record<string, string>): Promise<RunningGateway> {
  const { env: environment, subgraphs } = gatewayEnvironment([], { ...process.env, PORT: '0', REDIS_URL: '', DEMO_MODE: 'true', METRICS: 'false', ...env });
  const gateway = await startGateway(loadGatewayConfig(environment, subgraphs), pino({ level: 'silent' }));
  running.push(gateway);
  return gateway;
}

async function audit(gateway: RunningGateway): Promise<AuditResult[]> {
  const results: AuditResult[] = [];
  for (const { fn } of serverAudits({ url: gateway.url })) results.push(await fn());
  return results;
}

const failures = (results: AuditResult[], level: 'MUST' | 'SHOULD') =>
  results.filter((result) => result.name.startsWith(level) && result.status !== 'ok').map((result) => `${result.id} ${result.name}: ${'reason' in result ? result.reason : ''}`);

let own: AuditResult[];
let stock: AuditResult[];

beforeAll(async () => {
  const ownGateway = await start({ GATEWAY_HTTP: 'own', GATEWAY_ENGINE: 'engine' });
  expect(ownGateway.http).toBe('own');
  own = await audit(ownGateway);
  stock = await audit(await start({ GATEWAY_ENGINE: 'stock' }));
});
afterAll(async () => {
  for (const gateway of running) await gateway.stop();
});

test('When graphql-http audits the own request path, then every MUST passes', () => {
  expect(own.filter((result) => result.name.startsWith('MUST')).length).toBeGreaterThan(10);
  expect(failures(own, 'MUST')).toEqual([]);
});

test('When graphql-http audits the own request path, then every SHOULD that stock Apollo Server passes passes too', () => {
  const stockPasses = new Set(stock.filter((result) => result.status === 'ok').map((result) => result.id));
  const ownFailures = own.filter((result) => stockPasses.has(result.id) && result.status !== 'ok');
  expect(ownFailures.map((result) => `${result.id} ${result.name}`)).toEqual([]);
  expect(stockPasses.size).toBeGreaterThan(0);
});
