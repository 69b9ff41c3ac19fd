import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { startStandaloneServer } from '@apollo/server/standalone';
import { SignJWT } from 'jose';
import pino from 'pino';
import { ConfigError } from '../../common/config';
import { gatewayEnvironment, loadGatewayConfig } from '../../gateway/config';
import { startGateway, type RunningGateway } from '../../gateway/createGateway';
import { composeDirectiveGraph, RecordingSubgraph } from './directiveGraph';

/**
 * Another team's supergraph whose subgraph uses @authenticated, @requiresScopes and @policy, served
 * as a new user would serve it (a config file naming the supergraph and the policies), on both
 * request paths: it starts, and callers see what their verified token's claims allow.
 */
const dir = mkdtempSync(join(tmpdir(), 'authz-served-'));
const stops: Array<() => Promise<void>> = [];
let supergraphPath: string;

beforeAll(async () => {
  const urls: Record<string, string> = {};
  for (const name of ['accounts', 'reviews'] as const) {
    const server = new ApolloServer({ schema: new RecordingSubgraph(name).schema, plugins: [ApolloServerPluginInlineTraceDisabled()] });
    urls[name] = (await startStandaloneServer(server, { listen: { port: 0, host: '127.0.0.1' } })).url;
    stops.push(() => server.stop());
  }
  supergraphPath = join(dir, 'supergraph.graphql');
  writeFileSync(supergraphPath, composeDirectiveGraph(urls));
});
afterAll(async () => {
  for (const stop of stops) await stop();
});

const POLICY_YAML = `authorization:\n  scopeClaim: scp\n  policies:\n    staff: { all: [{ claim: role, in: [agent] }, { not: { claim: suspended, equals: true } }] }\n`;

async function start(yaml: string, env: Record<string, string> = {}): Promise<RunningGateway> {
  const file = join(dir, `config-${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(file, `supergraph: { path: ${supergraphPath} }\nagentTools: { mode: off }\n${yaml}`);
  const environment = gatewayEnvironment(['--config', file], { ...process.env, PORT: '0', REDIS_URL: '', ...env });
  const gateway = await startGateway(loadGatewayConfig(environment.env, environment.subgraphs), pino({ level: 'silent' }));
  stops.push(() => gateway.stop());
  return gateway;
}

async function token(gateway: RunningGateway, claims: Record<string, unknown>): Promise<string> {
  const { auth } = gateway.config;
  return new SignJWT({ role: 'agent', ...claims })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject('someone')
    .setIssuer(auth.issuer)
    .setAudience(auth.audience)
    .setIssuedAt()
    .setExpirationTime('5m')
    .sign(auth.jwtSecret!);
}

async function post(gateway: RunningGateway, query: string, bearer?: string, extensions?: Record<string, unknown>) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (bearer) headers.authorization = `Bearer ${bearer}`;
  const response = await fetch(gateway.url, { method: 'POST', headers, body: JSON.stringify({ query, extensions }) });
  return (await response.json()) as { data?: any; errors?: any[]; extensions?: any };
}

describe.each(['apollo', 'own'])('a supergraph using the authorization directives, served over %s HTTP', (http) => {
  test('When the gateway starts on it, then it serves, and each caller sees what the claims of their verified token allow', async () => {
    const gateway = await start(POLICY_YAML, { GATEWAY_HTTP: http });
    const query = '{ open me { id } users(first: 2) { id email } audit { what } }';
    const anonymous = await post(gateway, query);
    expect(anonymous.data).toEqual({ open: 'open', me: null, users: [{ id: 'u1', email: null }, { id: 'u2', email: null }], audit: null });
    expect(anonymous.errors?.map((error) => [error.path, error.extensions.code])).toEqual([
      [['me'], 'UNAUTHORIZED_FIELD_OR_TYPE'],
      [['users', '@', 'email'], 'UNAUTHORIZED_FIELD_OR_TYPE'],
      [['audit'], 'UNAUTHORIZED_FIELD_OR_TYPE'],
    ]);
    // The configured scope claim (scp), as a list; the staff policy met by role agent.
    const agent = await post(gateway, query, await token(gateway, { scp: ['read:email'] }));
    expect(agent).toEqual({ data: { open: 'open', me: { id: 'u1' }, users: [{ id: 'u1', email: 'ada@example.com' }, { id: 'u2', email: 'bob@example.com' }], audit: [{ what: 'login' }] } });
    const suspended = await post(gateway, '{ audit { what } }', await token(gateway, { suspended: true, scope: 'read:email' }));
    expect(suspended.data).toEqual({ audit: null });
  });

  test("When the supergraph's @cost and @listSize weigh an operation, then they decide the cost limit, and a client that asks gets the estimate in extensions", async () => {
    const gateway = await start('', { GATEWAY_HTTP: http });
    // 2 + 100 × (1 + 50 × 5): refused by the weights (each field 1 would make it 5,101).
    const heavy = await post(gateway, '{ users(first: 100) { reviews(limit: 50) { stars } } }');
    expect(heavy.errors?.[0]?.extensions).toEqual({ code: 'COST_LIMIT_EXCEEDED', limit: 20_000, measured: 25_102 });
    const unsliced = await post(gateway, '{ users { id } }');
    expect(unsliced.errors?.[0]?.extensions?.code).toBe('SLICING_ARGUMENT_REQUIRED');
    const light = await post(gateway, '{ users(first: 2) { reviews(limit: 1) { stars } } }', undefined, { cost: true });
    expect(light).toEqual({ data: { users: [{ reviews: [{ stars: 5 }] }, { reviews: [{ stars: 3 }] }] }, extensions: { cost: { estimated: 2 + 2 * (1 + 5), limit: 20_000 } } });
    expect((await post(gateway, '{ users(first: 2) { id } }')).extensions).toBeUndefined();
  });
});

describe('the authorization settings', () => {
  test('When a policy in the config file is not a rule, then the gateway refuses to start naming it', () => {
    const file = join(dir, 'bad-policy.yaml');
    writeFileSync(file, 'authorization:\n  policies:\n    staff: { claim: role, matches: "ag.*" }\n');
    const environment = gatewayEnvironment(['--config', file], { ...process.env, PORT: '0' });
    expect(() => loadGatewayConfig(environment.env, environment.subgraphs)).toThrow(ConfigError);
    expect(() => loadGatewayConfig(environment.env, environment.subgraphs)).toThrow(/authorization\.policies\.staff/);
  });
});
