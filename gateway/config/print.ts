import { readFileSync } from 'node:fs';
import { stringify } from 'yaml';
import type { Env } from '../../common/config';
import { SETTINGS, SUBGRAPH_SETTINGS } from './keys';
import { setting, validateEnvironment } from './settings';
import { supergraphSubgraphs } from '../supergraphSubgraphs';
import type { GatewayConfig } from '../config';

const REDACTED = '<redacted>';

/**
 * `--print-config`: the effective configuration as a config file (defaults, file and environment
 * merged), secrets redacted. Subgraphs are those of the supergraph file, with the URLs the gateway
 * will call; unset settings print as null so every key is visible.
 */
export function printConfig(env: Env, config: GatewayConfig, configFile?: string): string {
  validateEnvironment(env);
  const root: Record<string, unknown> = {};
  for (const row of SETTINGS) {
    if (!row.file || row.file.includes('<name>')) continue;
    const value = setting(env, row.env);
    put(root, row.file.split('.'), row.secret && value !== undefined ? REDACTED : (value ?? null));
  }
  root.subgraphs = Object.fromEntries(
    subgraphsOf(config).map(({ name, url }) => {
      const effective = config.subgraph(name, url);
      const fields = Object.fromEntries(SUBGRAPH_SETTINGS.map((row) => {
        const field = row.file!.split('.').pop()!;
        return [field, effective[field as keyof typeof effective]];
      }));
      return [name, fields];
    }),
  );
  const source = configFile ? `config file ${configFile}` : 'no config file';
  return `# Effective gateway configuration (${source}; environment variables override it)\n${stringify(root)}`;
}

function subgraphsOf(config: GatewayConfig): Array<{ name: string; url?: string }> {
  if (config.supergraphSource === 'live' || config.supergraphUrl) return Object.keys(config.subgraphUrls).map((name) => ({ name }));
  try {
    return supergraphSubgraphs(readFileSync(config.supergraphPath, 'utf8'));
  } catch {
    return Object.keys(config.subgraphUrls).map((name) => ({ name }));
  }
}

function put(root: Record<string, unknown>, path: string[], value: unknown): void {
  let node = root;
  for (const key of path.slice(0, -1)) node = (node[key] ??= {}) as Record<string, unknown>;
  node[path[path.length - 1]] = value;
}
