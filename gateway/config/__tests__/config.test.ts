import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { DEMO_IDENTITY_PRIVATE_KEY } from '../../../common/identityKeys';
import { projectPath } from '../../../common/paths';
import { gatewayEnvironment, loadGatewayConfig } from '../../config';
import { SETTINGS } from '../keys';
import { printConfig } from '../print';
import { renderSettingsTable, SETTINGS_PAGE, withSettingsTable } from '../settingsTable';
import { parseEnvValue } from '../settings';

const dir = mkdtempSync(join(tmpdir(), 'gateway-config-'));
const BASE = { NODE_ENV: 'test', DEMO_MODE: 'true' };
function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}
const load = (argv: string[], env: Record<string, string> = {}) => loadGatewayConfig(gatewayEnvironment(argv, { ...BASE, ...env }, dir).env);

describe('config file', () => {
  test('When a YAML file sets keys, then the gateway uses them; keys it does not set keep their defaults', () => {
    const path = file('values.yaml', 'server:\n  port: 8080\nlimits: { maxDepth: 7, maxCost: 500 }\nsupergraph: { pollMs: 0 }\nagentTools: { mode: off }\n');
    const config = load(['--config', path]);
    expect(config).toMatchObject({ port: 8080, maxDepth: 7, maxCost: 500, supergraphPollMs: 0, agentTools: 'off', maxAliases: 30, apq: true });
  });

  test('When an environment variable is set too, then it beats the file; an empty variable does not clear the file', () => {
    const path = file('override.yaml', 'server: { port: 8080 }\nlimits: { maxDepth: 7 }\npersistedQueries: { redisUrl: "redis://file:6379" }\n');
    const config = load(['--config', path], { PORT: '9090', REDIS_URL: '' });
    expect(config.port).toBe(9090);
    expect(config.maxDepth).toBe(7);
    expect(config.redisUrl).toBe('redis://file:6379');
  });

  test('When no flag is given, then GATEWAY_CONFIG names the file, else gateway.config.yaml in the working folder', () => {
    const named = file('named.yaml', 'limits: { maxAliases: 3 }\n');
    expect(load([], { GATEWAY_CONFIG: named }).maxAliases).toBe(3);
    const own = mkdtempSync(join(tmpdir(), 'gateway-cwd-'));
    writeFileSync(join(own, 'gateway.config.yaml'), 'limits: { maxAliases: 4 }\n');
    expect(loadGatewayConfig(gatewayEnvironment([], BASE, own).env).maxAliases).toBe(4);
    expect(loadGatewayConfig(gatewayEnvironment([], BASE, dir).env).maxAliases).toBe(30); // no file there: defaults
    expect(load([`--config=${named}`]).maxAliases).toBe(3);
  });

  test('When the file has an unknown key, then start-up fails naming the key and the keys known there', () => {
    const path = file('unknown.yaml', 'limits:\n  maxDeph: 3\nfeatures: {}\n');
    expect(() => load(['--config', path])).toThrow(/unknown key limits\.maxDeph \(known here: maxDepth, maxAliases/);
    expect(() => load(['--config', path])).toThrow(/unknown key features/);
  });

  test('When a value has the wrong type or is not allowed, then start-up fails naming the key, the allowed values and the value', () => {
    expect(() => load(['--config', file('bad-int.yaml', 'limits: { maxDepth: deep }\n')])).toThrow('limits.maxDepth must be a whole number >= 0, got "deep"');
    expect(() => load(['--config', file('bad-enum.yaml', 'agentTools: { mode: sometimes }\n')])).toThrow('agentTools.mode must be one of on, off, required, got "sometimes"');
    expect(() => load(['--config', file('bad-sub.yaml', 'subgraphs:\n  inventory: { identity: maybe }\n')])).toThrow('subgraphs.inventory.identity must be true or false, got "maybe"');
    expect(() => load(['--config', file('not-yaml.yaml', 'limits: [\n')])).toThrow(/is not valid YAML/);
    expect(() => load(['--config', join(dir, 'missing.yaml')])).toThrow(/cannot read the config file/);
  });

  test('When an environment variable holds a bad value, then the error names the variable, its file key and the allowed values; all bad values at once', () => {
    expect(() => load([], { MAX_DEPTH: 'ten' })).toThrow('MAX_DEPTH (limits.maxDepth in the config file) must be a whole number >= 0, got "ten"');
    expect(() => load([], { AGENT_TOOLS_ON_RELOAD: 'maybe', INVENTORY_TIMEOUT_MS: '-1' })).toThrow(
      /AGENT_TOOLS_ON_RELOAD \(agentTools.onReload in the config file\) must be one of keep, drop, got "maybe"\n.*INVENTORY_TIMEOUT_MS \(subgraphs.inventory.timeoutMs in the config file\) must be a whole number >= 0/,
    );
  });
});

describe('subgraph settings', () => {
  test("When a subgraph is not the project's own, then it gets the supergraph's URL, no identity, no health probe and no caller headers unless configured", () => {
    const path = file('subgraphs.yaml', 'subgraphs:\n  inventory-v2:\n    url: http://inv:8080/graphql\n    forwardHeaders: [Authorization, accept-language]\n    identity: true\n');
    const config = load(['--config', path], { REVIEWS_TIMEOUT_MS: '250' });
    expect(config.subgraph('reviews', 'http://reviews/graphql')).toEqual({ url: 'http://reviews/graphql', timeoutMs: 250, forwardHeaders: [], identity: false, healthCheck: false });
    expect(config.subgraph('inventory-v2', 'http://ignored/graphql')).toEqual({
      url: 'http://inv:8080/graphql',
      timeoutMs: 5000,
      forwardHeaders: ['authorization', 'accept-language'],
      identity: true,
      healthCheck: false,
    });
    expect(config.subgraph('orders', 'http://localhost:4001/graphql')).toMatchObject({ identity: true, healthCheck: true, forwardHeaders: [] });
    expect(load([], { INVENTORY_V2_URL: 'http://env/graphql' }).subgraph('inventory-v2', 'http://sdl/graphql').url).toBe('http://env/graphql');
  });
});

describe('--print-config', () => {
  test('When printed, then every key shows its effective value, secrets are redacted, and the subgraphs of the supergraph are listed', () => {
    const path = file('print.yaml', `auth: { identityPrivateKey: '${DEMO_IDENTITY_PRIVATE_KEY}' }\nlimits: { maxDepth: 9 }\n`);
    const { env, configFile } = gatewayEnvironment(['--config', path], { ...BASE, REDIS_URL: 'redis://:hunter2@redis:6379', ORDERS_URL: 'http://orders:1/graphql' }, dir);
    const text = printConfig(env, loadGatewayConfig(env), configFile);
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain(JSON.parse(DEMO_IDENTITY_PRIVATE_KEY).d);
    const printed = parseYaml(text);
    expect(printed.limits.maxDepth).toBe(9);
    expect(printed.persistedQueries.redisUrl).toBe('<redacted>');
    expect(printed.auth.identityPrivateKey).toBe('<redacted>');
    expect(printed.auth.jwtSecret).toBeNull();
    expect(printed.subgraphs.orders).toMatchObject({ url: 'http://orders:1/graphql', identity: true });
    expect(printed.subgraphs.pricing.url).toBe('http://localhost:4003/graphql');
    // What is printed is a valid config file: fed back, it gives the same configuration.
    const again = file('printed.yaml', text.replace(/^.*<redacted>.*$/gm, ''));
    expect(load(['--config', again]).maxDepth).toBe(9);
  });
});

describe('settings table', () => {
  test('When keys.ts changes, then the table in docs/configuration.md must be regenerated (npm run config:table)', () => {
    const page = readFileSync(projectPath(...SETTINGS_PAGE), 'utf8');
    expect(page).toContain(renderSettingsTable());
    expect(withSettingsTable(page)).toBe(page);
  });

  test("When docs/configuration.md's example config file is loaded, then it is valid and means what it shows", () => {
    const page = readFileSync(projectPath(...SETTINGS_PAGE), 'utf8');
    const example = /```yaml\n(# gateway\.config\.yaml\n[\s\S]*?)```/.exec(page)?.[1];
    expect(example).toBeDefined();
    const config = load(['--config', file('readme-example.yaml', example!)]);
    expect(config).toMatchObject({ port: 8080, host: '0.0.0.0', maxDepth: 10, maxCost: 5000, agentTools: 'off' });
    expect(config.subgraph('inventory', 'http://elsewhere/graphql')).toMatchObject({ url: 'http://inventory:8080/graphql', forwardHeaders: ['authorization', 'accept-language'], identity: false });
  });

  test('Each setting appears once and each plain default is a valid value of its type', () => {
    const names = SETTINGS.map((row) => row.env);
    expect(new Set(names).size).toBe(names.length);
    const files = SETTINGS.flatMap((row) => (row.file ? [row.file] : []));
    expect(new Set(files).size).toBe(files.length);
    for (const row of SETTINGS) {
      if (row.default === undefined || typeof row.default === 'function') continue;
      const text = Array.isArray(row.default) ? row.default.join(',') : String(row.default);
      if (text !== '') expect(parseEnvValue(row, row.env, text)).toEqual(row.default);
    }
  });
});

describe('settings read in code', () => {
  /** Every `readInt(env, 'X' …)`, `setting(env, 'X')`, `env.X`, `process.env.X` in the gateway's source. */
  function variablesReadIn(dir: string): Map<string, string> {
    const found = new Map<string, string>();
    for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
      const path = join(entry.parentPath, entry.name);
      if (!entry.isFile() || !entry.name.endsWith('.ts') || path.includes('__tests__')) continue;
      const text = readFileSync(path, 'utf8');
      for (const match of text.matchAll(/(?:read(?:String|Int|Bool)|[a-z]+Setting|setting)\(\s*env,\s*'([A-Z][A-Z0-9_]+)'|\benv\.([A-Z][A-Z0-9_]{2,})\b/g)) {
        found.set(match[1] ?? match[2], path);
      }
    }
    return found;
  }

  test('When gateway code reads a setting, then keys.ts has its row (so the file, --print-config and docs/configuration.md know it)', () => {
    const known = new Set(SETTINGS.map((row) => row.env));
    const runtime = new Set(['NODE_ENV']); // Node's own convention, not a gateway setting
    const read = variablesReadIn(projectPath('gateway'));
    expect([...read.keys()]).toEqual(expect.arrayContaining(['JWT_CLOCK_TOLERANCE_S', 'PORT', 'APOLLO_TELEMETRY_DISABLED'])); // the scan sees them
    const missing = [...read].filter(([name]) => !known.has(name) && !runtime.has(name));
    expect(missing.map(([name, path]) => `${name} (read in ${path.replace(projectPath(''), '')})`)).toEqual([]);
  });
});
