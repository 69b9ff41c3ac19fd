import { spawn } from 'node:child_process';
import { createPrivateKey } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { DEMO_JWT_SECRET, identityPublicKeysFrom } from '../common/identity';
import { DEMO_IDENTITY_PRIVATE_KEY, DEMO_IDENTITY_PUBLIC_KEY, generateIdentityKeyPair } from '../common/identityKeys';
import { loadSubgraphConfig } from '../common/subgraphConfig';
import { gatewayEnvironment, loadGatewayConfig } from '../gateway/config';
import { DEMO_MODE_NOTICE } from '../common/demoNotice';

/**
 * #19.1: a production process (NODE_ENV=production, not demo mode) refuses to start on a missing,
 * placeholder or published demo secret, and says which variable.
 */
const ROOT = join(__dirname, '..');
const ownPair = generateIdentityKeyPair();
const PRODUCTION = {
  NODE_ENV: 'production',
  JWT_SECRET: 'a-real-secret-from-the-operators-vault-4b8f1c2e',
  JWT_ISSUER: 'https://id.example.org/',
  JWT_AUDIENCE: 'customer-graph',
  IDENTITY_PRIVATE_KEY: ownPair.privateJwk,
};
const demoPem = createPrivateKey({ key: JSON.parse(DEMO_IDENTITY_PRIVATE_KEY), format: 'jwk' }).export({ type: 'pkcs8', format: 'pem' }).toString();

describe('the gateway in production', () => {
  test('When every secret is the operator\'s own, then the configuration loads', () => {
    expect(loadGatewayConfig(PRODUCTION).auth.identityKey.alg).toBe('EdDSA');
  });

  test.each([
    ['JWT_SECRET is missing', { JWT_SECRET: undefined }, /JWT_SECRET must be set/],
    ['JWT_SECRET is the old compose placeholder', { JWT_SECRET: 'change-me-jwt-secret-at-least-32-characters' }, /JWT_SECRET is a placeholder/],
    ['JWT_SECRET is the demo secret', { JWT_SECRET: DEMO_JWT_SECRET }, /JWT_SECRET is a demo value/],
    ['IDENTITY_PRIVATE_KEY is missing', { IDENTITY_PRIVATE_KEY: undefined }, /IDENTITY_PRIVATE_KEY must be set/],
    ['IDENTITY_PRIVATE_KEY is the demo key', { IDENTITY_PRIVATE_KEY: DEMO_IDENTITY_PRIVATE_KEY }, /IDENTITY_PRIVATE_KEY is a demo value/],
    ['IDENTITY_PRIVATE_KEY is the demo key as PEM', { IDENTITY_PRIVATE_KEY: demoPem }, /IDENTITY_PRIVATE_KEY is a demo value/],
    ['IDENTITY_PRIVATE_KEY is the Kubernetes placeholder', { IDENTITY_PRIVATE_KEY: 'change-me: IDENTITY_PRIVATE_KEY from npm run identity:keys' }, /IDENTITY_PRIVATE_KEY is a placeholder/],
    ['REDIS_URL has a placeholder password', { REDIS_URL: 'redis://:change-me-redis-password@redis:6379' }, /REDIS_URL carries a placeholder password/],
    ['USAGE_STORE has a placeholder password', { USAGE_STORE: 'postgres://usage:change-me-usage-password@db:5432/usage' }, /USAGE_STORE carries a placeholder password/],
  ])('When %s, then it refuses to start, naming the variable', (_case, change, message) => {
    expect(() => loadGatewayConfig({ ...PRODUCTION, ...change })).toThrow(message);
  });

  test('When a JWKS_URL verifies callers, then no JWT_SECRET is needed; the demo secret beside it is still refused', () => {
    expect(() => loadGatewayConfig({ ...PRODUCTION, JWT_SECRET: undefined, JWKS_URL: 'https://id.example.org/jwks.json' })).not.toThrow();
    expect(() => loadGatewayConfig({ ...PRODUCTION, JWKS_URL: 'https://id.example.org/jwks.json', JWT_SECRET: DEMO_JWT_SECRET })).toThrow(/JWT_SECRET is a demo value/);
  });
});

describe('the operations endpoints in production', () => {
  test('When nothing says where, then /health/* and /metrics get a listener of their own (8088); outside production they stay on the main port', () => {
    expect(loadGatewayConfig(PRODUCTION).ops.port).toBe(8088);
    expect(loadGatewayConfig({ DEMO_MODE: 'true' }).ops.port).toBeUndefined();
  });

  test('When production puts them on the main port, then it refuses to start without OPS_TOKEN, and refuses a placeholder or short token', () => {
    expect(() => loadGatewayConfig({ ...PRODUCTION, PORT: '4000', OPS_PORT: '4000' })).toThrow(/OPS_PORT is the main port.*OPS_TOKEN/);
    expect(() => loadGatewayConfig({ ...PRODUCTION, OPS_PORT: '4000', OPS_TOKEN: 'change-me-ops-token-here' })).toThrow(/OPS_TOKEN is a placeholder/);
    expect(() => loadGatewayConfig({ ...PRODUCTION, OPS_TOKEN: 'short' })).toThrow(/OPS_TOKEN must be at least 16 characters/);
    expect(loadGatewayConfig({ ...PRODUCTION, OPS_PORT: '4000', OPS_TOKEN: 'a-real-ops-token-from-the-vault-77' }).ops.token).toBeDefined();
  });
});

describe('demo mode never reaches production', () => {
  const refusal = /DEMO_MODE=true .*NODE_ENV=production/;

  test('When NODE_ENV=production and DEMO_MODE=true, then the gateway refuses to start naming both, even with every secret its own', () => {
    expect(() => loadGatewayConfig({ NODE_ENV: 'production', DEMO_MODE: 'true' })).toThrow(refusal);
    expect(() => loadGatewayConfig({ ...PRODUCTION, DEMO_MODE: 'true' })).toThrow(refusal);
  });

  test('When the config file turns demo mode on (auth.demoMode) under NODE_ENV=production, then the gateway refuses the same way', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'demo-config-')), 'gateway.config.yaml');
    writeFileSync(file, 'auth:\n  demoMode: true\n');
    const { env } = gatewayEnvironment(['--config', file], { ...PRODUCTION });
    expect(() => loadGatewayConfig(env)).toThrow(refusal);
  });

  test('When a subgraph runs with NODE_ENV=production and DEMO_MODE=true, then it refuses to start naming both', () => {
    expect(() => loadSubgraphConfig('orders', { NODE_ENV: 'production', DEMO_MODE: 'true', DEMO_DATA: 'false' })).toThrow(refusal);
    expect(() => identityPublicKeysFrom({ NODE_ENV: 'production', DEMO_MODE: 'true', IDENTITY_PUBLIC_KEY: ownPair.publicJwk })).toThrow(refusal);
  });

  test('When only NODE_ENV=test is set (no test runner set-up), then it is not demo mode: no demo secret, no demo keys', () => {
    expect(() => loadGatewayConfig({ NODE_ENV: 'test' })).toThrow(/Set JWT_SECRET or JWKS_URL/);
    expect(() => identityPublicKeysFrom({ NODE_ENV: 'test' })).toThrow(/IDENTITY_PUBLIC_KEY must be set/);
  });
});

describe('a subgraph in production', () => {
  test.each([
    ['IDENTITY_PUBLIC_KEY is missing', undefined, /IDENTITY_PUBLIC_KEY must be set/],
    ['IDENTITY_PUBLIC_KEY is the demo key', DEMO_IDENTITY_PUBLIC_KEY, /IDENTITY_PUBLIC_KEY is a demo value/],
    ['IDENTITY_PUBLIC_KEY is the Kubernetes placeholder', 'change-me: IDENTITY_PUBLIC_KEY from npm run identity:keys', /IDENTITY_PUBLIC_KEY is a placeholder/],
  ])('When %s, then it refuses to start, naming the variable', (_case, key, message) => {
    expect(() => identityPublicKeysFrom({ NODE_ENV: 'production', IDENTITY_PUBLIC_KEY: key })).toThrow(message);
  });

  test('When DATABASE_URL carries the Kubernetes placeholder password, then it refuses to start; the operator\'s own key and password pass', () => {
    expect(() => loadSubgraphConfig('orders', { NODE_ENV: 'production', DATABASE_URL: 'postgres://graph:change-me@postgres:5432/graph' })).toThrow(/DATABASE_URL carries a placeholder password/);
    expect(loadSubgraphConfig('orders', { NODE_ENV: 'production', DATABASE_URL: 'postgres://graph:Zq81-vault@postgres:5432/graph' }).database.url).toContain('Zq81');
    expect(identityPublicKeysFrom({ NODE_ENV: 'production', IDENTITY_PUBLIC_KEY: ownPair.publicJwk })).toHaveLength(1);
  });
});

describe('the deployment files as committed', () => {
  test('When the Kubernetes manifests are applied unedited, then the gateway and the subgraphs refuse to start', () => {
    const docs = parseAllDocuments(readFileSync(join(ROOT, 'deploy', 'k8s', 'config.yaml'), 'utf8')).map((doc) => doc.toJS() as any);
    const named = (name: string) => docs.find((d) => d.metadata.name === name);
    const shared = named('customer-graph').data as Record<string, string>;
    const gatewayEnv = { ...shared, ...named('customer-graph-gateway').stringData };
    expect(() => loadGatewayConfig({ ...gatewayEnv, REDIS_URL: undefined })).toThrow(/IDENTITY_PRIVATE_KEY is a placeholder/);
    expect(() => identityPublicKeysFrom(shared)).toThrow(/IDENTITY_PUBLIC_KEY is a placeholder/);
  });

  test('When docker-compose.yml runs without the operator\'s secrets, then its values carry no defaults and the gateway refuses to start', () => {
    const text = readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8');
    expect(text).not.toMatch(/change-me|IDENTITY_SECRET/);
    const compose = parseAllDocuments(text, { merge: true })[0].toJS({ maxAliasCount: 100 }) as { services: Record<string, any> };
    // Compose substitutes `${VAR:-}` with '' when VAR is unset.
    const resolve = (env: Record<string, string>) => Object.fromEntries(Object.entries(env).map(([k, v]) => [k, String(v).replace(/\$\{[A-Z_]+:-\}/g, '')]));
    const gateway = resolve(compose.services['gateway-a'].environment);
    expect(() => loadGatewayConfig({ ...gateway, REDIS_URL: undefined })).toThrow(/JWT_SECRET must be set/);
    expect(() => identityPublicKeysFrom(resolve(compose.services.orders.environment))).toThrow(/IDENTITY_PUBLIC_KEY must be set/);
  });
});

describe('who holds which key in the deployment files', () => {
  const holders = (envOf: (service: string) => Record<string, unknown>, services: string[], variable: string) => services.filter((name) => envOf(name)[variable] !== undefined).sort();

  test('When compose and Kubernetes start the graph, then only the gateway holds the gateway\'s signing key, only Support its own, and no process an IDENTITY_SECRET', () => {
    const compose = parseAllDocuments(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true })[0].toJS({ maxAliasCount: 100 }).services as Record<string, any>;
    const ours = Object.keys(compose).filter((name) => compose[name].image === 'customer-graph:latest');
    const composeEnv = (name: string) => compose[name].environment ?? {};
    expect(holders(composeEnv, ours, 'IDENTITY_PRIVATE_KEY')).toEqual(['gateway-a', 'gateway-b']);
    expect(holders(composeEnv, ours, 'SUPPORT_IDENTITY_PRIVATE_KEY')).toEqual(['support']);
    expect(holders(composeEnv, ours, 'SUPPORT_IDENTITY_PUBLIC_KEY')).toEqual(['orders']);
    expect(holders(composeEnv, ours, 'IDENTITY_PUBLIC_KEY')).toEqual(['notifications', 'orders', 'pricing', 'support']);

    const docs = ['config.yaml', 'gateway.yaml', 'subgraphs.yaml'].flatMap((file) => parseAllDocuments(readFileSync(join(ROOT, 'deploy', 'k8s', file), 'utf8')).map((d) => d.toJS() as any));
    const deployments = docs.filter((d) => d.kind === 'Deployment');
    const k8sEnv = (name: string) => {
      const [container] = deployments.find((d) => d.metadata.name === name).spec.template.spec.containers;
      return Object.assign({}, ...container.envFrom.map((from: any) => {
        const source = docs.find((d) => d.metadata.name === (from.configMapRef ?? from.secretRef).name && d.kind === (from.configMapRef ? 'ConfigMap' : 'Secret'));
        return source.data ?? source.stringData;
      }));
    };
    const names = deployments.map((d) => d.metadata.name);
    expect(holders(k8sEnv, names, 'IDENTITY_PRIVATE_KEY')).toEqual(['gateway']);
    expect(holders(k8sEnv, names, 'SUPPORT_IDENTITY_PRIVATE_KEY')).toEqual(['support']);
    expect(holders(k8sEnv, names, 'IDENTITY_SECRET')).toEqual([]);
  });
});

/** A process started as a deployment starts it; resolves with its exit code and output. */
function run(script: string[], env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [require.resolve('tsx/cli'), ...script], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', ...env } });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

describe('start-up of real processes in production', () => {
  test('When a subgraph process starts with the demo public key, then it exits with an error naming IDENTITY_PUBLIC_KEY', async () => {
    const { code, output } = await run(['scripts/startSubgraph.ts', 'pricing'], { NODE_ENV: 'production', PRICING_PORT: '0', DEMO_DATA: 'false', IDENTITY_PUBLIC_KEY: DEMO_IDENTITY_PUBLIC_KEY });
    expect(code).toBe(1);
    expect(output).toMatch(/IDENTITY_PUBLIC_KEY is a demo value/);
  }, 60_000);

  test('When the gateway process starts with NODE_ENV=production and DEMO_MODE=true, then it exits 1 naming both settings', async () => {
    const { code, output } = await run(['gateway/index.ts'], { ...PRODUCTION, DEMO_MODE: 'true', PORT: '0' });
    expect(code).toBe(1);
    expect(output).toMatch(/DEMO_MODE=true .*NODE_ENV=production/);
  }, 60_000);

  test('When a gateway process runs in demo mode, then it prints the demo-mode line once at start-up; with its own secrets it prints none', async () => {
    const demo = await run(['gateway/index.ts', '--print-config'], { DEMO_MODE: 'true', LOG_LEVEL: 'silent' });
    expect(demo.code).toBe(0);
    expect(demo.output.split(DEMO_MODE_NOTICE)).toHaveLength(2);
    const { NODE_ENV: _production, ...own } = PRODUCTION;
    const real = await run(['gateway/index.ts', '--print-config'], { ...own, LOG_LEVEL: 'silent' });
    expect(real.code).toBe(0);
    expect(real.output).not.toContain('DEMO MODE');
  }, 60_000);

  test('When the gateway process starts without IDENTITY_PRIVATE_KEY, then it exits with an error naming it', async () => {
    const { IDENTITY_PRIVATE_KEY: _key, ...withoutKey } = PRODUCTION;
    const { code, output } = await run(['gateway/index.ts'], { ...withoutKey, PORT: '0' });
    expect(code).toBe(1);
    expect(output).toMatch(/IDENTITY_PRIVATE_KEY must be set/);
  }, 60_000);
});
