import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { ConfigError, type Env } from '../../common/config';
import { SETTINGS, SUBGRAPH_SETTINGS, subgraphEnvPrefix, type Setting, type SettingValue } from './keys';
import { expectation, fileSchema } from './settings';

/** Where the gateway looks for its config file when neither `--config` nor GATEWAY_CONFIG names one. */
export const DEFAULT_CONFIG_FILE = 'gateway.config.yaml';

/** `--config <file>` / `--config=<file>`, else GATEWAY_CONFIG, else ./gateway.config.yaml when it exists. */
export function configFilePath(argv: readonly string[], env: Env, cwd = process.cwd()): string | undefined {
  for (let i = 0; i < argv.length; i += 1) {
    if (argv[i] === '--config') {
      const next = argv[i + 1];
      if (!next || next.startsWith('--')) throw new ConfigError('--config needs a file: --config <file>');
      return resolve(cwd, next);
    }
    if (argv[i].startsWith('--config=')) return resolve(cwd, argv[i].slice('--config='.length));
  }
  if (env.GATEWAY_CONFIG) return resolve(cwd, env.GATEWAY_CONFIG);
  const fallback = resolve(cwd, DEFAULT_CONFIG_FILE);
  return existsSync(fallback) ? fallback : undefined;
}

const FILE_ROWS = SETTINGS.filter((row) => row.file && !row.file.includes('<name>'));
const SUBGRAPH_FIELDS = new Map(SUBGRAPH_SETTINGS.map((row) => [row.file!.split('.').pop()!, row]));

/** The config file's schema, built from the settings table: every key known, every value typed. */
function buildFileSchema() {
  type Tree = { [key: string]: Tree | Setting };
  const tree: Tree = {};
  for (const row of FILE_ROWS) {
    const parts = row.file!.split('.');
    let node = tree;
    for (const part of parts.slice(0, -1)) node = (node[part] ??= {}) as Tree;
    node[parts[parts.length - 1]] = row;
  }
  const toSchema = (node: Tree): z.ZodType =>
    z.strictObject(Object.fromEntries(Object.entries(node).map(([key, child]) => [key, ('kind' in child ? fileSchema((child as Setting).kind) : toSchema(child as Tree)).nullish()])));
  const subgraph = z.strictObject(Object.fromEntries([...SUBGRAPH_FIELDS].map(([field, row]) => [field, fileSchema(row.kind).nullish()])));
  return (toSchema(tree) as z.ZodObject).extend({
    subgraphs: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_-]*$/, 'a subgraph name'), subgraph.nullish()).nullish(),
  });
}
const FILE_SCHEMA = buildFileSchema();

/** The row a file path names: `subgraphs.orders.url` -> `<NAME>_URL`. */
function rowAt(path: readonly PropertyKey[]): Setting | undefined {
  if (path[0] === 'subgraphs' && path.length === 3) return SUBGRAPH_FIELDS.get(String(path[2]));
  const key = path.join('.');
  return FILE_ROWS.find((row) => row.file === key);
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  return path.reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Record<PropertyKey, unknown>)[key] : undefined), root);
}

/**
 * The config file as environment variables (a key left empty, or null, is unset): the file is the base, the real environment is laid
 * over it (so every key is overridable by its variable), and everything downstream reads one
 * environment. Unknown keys and bad values are start-up errors naming the key and what it allows.
 */
export function readConfigFile(path: string): { env: Env; subgraphs: string[] } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`cannot read the config file ${path}: ${(error as Error).message}`);
  }
  let document: unknown;
  try {
    document = parseYaml(text) ?? {};
  } catch (error) {
    throw new ConfigError(`${path} is not valid YAML: ${(error as Error).message}`);
  }
  const parsed = FILE_SCHEMA.safeParse(document);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => describeIssue(issue, document));
    throw new ConfigError(`Invalid config file ${path}:\n  ${problems.join('\n  ')}`);
  }
  const data = parsed.data as Record<string, unknown>;
  return { env: toEnvironment(data), subgraphs: Object.keys(data.subgraphs ?? {}) };
}

function describeIssue(issue: z.core.$ZodIssue, document: unknown): string {
  const at = issue.path.join('.');
  if (issue.code === 'unrecognized_keys') {
    const known = Object.keys(knownKeysAt(issue.path)).join(', ');
    return issue.keys.map((key) => `unknown key ${at ? `${at}.` : ''}${key}${known ? ` (known here: ${known})` : ''}`).join('\n  ');
  }
  const row = rowAt(issue.path);
  const got = JSON.stringify(valueAt(document, issue.path));
  if (row) return `${at} must be ${expectation(row.kind)}, got ${got}`;
  if (issue.path[0] === 'subgraphs' && issue.path.length === 2) return `${at} must be a map of subgraph settings (${[...SUBGRAPH_FIELDS.keys()].join(', ')}), got ${got}`;
  return `${at || 'the file'} must be a map of settings, got ${got}`;
}

function knownKeysAt(path: readonly PropertyKey[]): Record<string, unknown> {
  if (path[0] === 'subgraphs' && path.length === 2) return Object.fromEntries(SUBGRAPH_FIELDS);
  const keys: Record<string, unknown> = path.length === 0 ? { subgraphs: true } : {};
  const prefix = path.length ? `${path.join('.')}.` : '';
  for (const row of FILE_ROWS) if (row.file!.startsWith(prefix)) keys[row.file!.slice(prefix.length).split('.')[0]] = true;
  return keys;
}

function toEnvironment(data: Record<string, unknown>): Env {
  const env: Env = {};
  for (const row of FILE_ROWS) {
    const value = valueAt(data, row.file!.split('.')) as SettingValue | null;
    if (value !== undefined && value !== null) env[row.env] = asText(value);
  }
  const subgraphs = (data.subgraphs ?? {}) as Record<string, Record<string, SettingValue | null> | null>;
  for (const [name, fields] of Object.entries(subgraphs)) {
    for (const [field, value] of Object.entries(fields ?? {})) {
      if (value !== undefined && value !== null) env[SUBGRAPH_FIELDS.get(field)!.env.replace('<NAME>', subgraphEnvPrefix(name))] = asText(value);
    }
  }
  return env;
}

function asText(value: Exclude<SettingValue, undefined>): string {
  if (Array.isArray(value)) return value.join(',');
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}
