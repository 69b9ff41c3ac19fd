import { z } from 'zod';
import { ConfigError, type Env } from '../../common/config';
import { SETTINGS, SUBGRAPH_SETTINGS, settingNamed, subgraphEnvPrefix, type Setting, type SettingKind, type SettingValue } from './keys';

/** What a value must look like, as the error messages say it. */
export function expectation(kind: SettingKind): string {
  switch (kind.type) {
    case 'int':
      return 'a whole number >= 0';
    case 'number':
      return 'a number';
    case 'bool':
      return 'true or false';
    case 'string':
      return 'a string';
    case 'list':
      return 'a list of names (comma-separated in the environment)';
    case 'map':
      return 'a map (a JSON object in the environment)';
    case 'enum':
      return `one of ${kind.values.join(', ')}`;
  }
}

const TRUE = /^(1|true|yes|on)$/i;
const BOOL = /^(1|true|yes|on|0|false|no|off)$/i;

/** How a setting's environment variable (always text) is read. */
function envSchema(kind: SettingKind): z.ZodType<SettingValue> {
  switch (kind.type) {
    case 'int':
      return z.string().trim().regex(/^[0-9]+$/).transform(Number);
    case 'number':
      return z.string().trim().regex(/^-?[0-9]+(\.[0-9]+)?$/).transform(Number);
    case 'bool':
      return z.string().trim().regex(BOOL).transform((value) => TRUE.test(value));
    case 'string':
      return z.string();
    case 'list':
      return z.string().transform(splitList);
    case 'map':
      return z.string().transform((text, ctx) => {
        try {
          const value: unknown = JSON.parse(text);
          if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
        } catch {
          // reported below
        }
        ctx.addIssue({ code: 'custom', message: 'not a JSON object' });
        return z.NEVER;
      });
    case 'enum':
      return z.enum(kind.values as [string, ...string[]]);
  }
}

/** How the same setting is read from the config file: its YAML type, or the text the environment would hold. */
export function fileSchema(kind: SettingKind): z.ZodType<SettingValue> {
  switch (kind.type) {
    case 'int':
      return z.union([z.number().int().nonnegative(), envSchema(kind)]);
    case 'number':
      return z.union([z.number(), envSchema(kind)]);
    case 'bool':
      return z.union([z.boolean(), envSchema(kind)]);
    case 'string':
      return z.union([z.string(), z.number().transform(String)]);
    case 'list':
      return z.union([z.array(z.string().min(1)), envSchema(kind)]);
    case 'map':
      return z.union([z.record(z.string(), z.unknown()), envSchema(kind)]);
    case 'enum':
      return envSchema(kind);
  }
}

function splitList(text: string): string[] {
  return text
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

/** The value a set variable holds, or a ConfigError naming it, the allowed values and what it got. */
export function parseEnvValue(setting: Setting, variable: string, raw: string, fileKey = setting.file): SettingValue {
  const parsed = envSchema(setting.kind).safeParse(raw);
  if (!parsed.success) {
    const key = fileKey ? ` (${fileKey} in the config file)` : '';
    throw new ConfigError(`${variable}${key} must be ${expectation(setting.kind)}, got "${raw}"`);
  }
  return parsed.data;
}

function isSet(raw: string | undefined): raw is string {
  return raw !== undefined && raw !== '';
}

/** A setting's value: from the environment (which already holds the config file's values), else its default. */
export function setting(env: Env, name: string): SettingValue {
  const row = settingNamed(name);
  const raw = env[name];
  if (isSet(raw)) return parseEnvValue(row, name, raw);
  return typeof row.default === 'function' ? row.default(env) : row.default;
}

export function intSetting(env: Env, name: string): number {
  return setting(env, name) as number;
}
export function boolSetting(env: Env, name: string): boolean {
  return setting(env, name) as boolean;
}
export function stringSetting(env: Env, name: string): string | undefined {
  return setting(env, name) as string | undefined;
}

/** One subgraph's row (`<NAME>_TIMEOUT_MS` …), read for a subgraph of any name; undefined when not set. */
export function subgraphSetting(env: Env, subgraph: string, suffix: string): SettingValue {
  const row = settingNamed(`<NAME>_${suffix}`);
  const variable = `${subgraphEnvPrefix(subgraph)}_${suffix}`;
  const raw = env[variable];
  return isSet(raw) ? parseEnvValue(row, variable, raw, row.file?.replace('<name>', subgraph)) : undefined;
}

/**
 * Checks every set variable the gateway reads at once, so a start-up error lists every bad value,
 * not only the first. Per-subgraph variables (`<NAME>_TIMEOUT_MS` …) are found by their suffix,
 * whatever the subgraph is called.
 */
export function validateEnvironment(env: Env): void {
  const problems: string[] = [];
  const check = (row: Setting, variable: string, fileKey = row.file) => {
    const raw = env[variable];
    if (!isSet(raw)) return;
    try {
      parseEnvValue(row, variable, raw, fileKey);
    } catch (error) {
      problems.push((error as Error).message);
    }
  };
  const own = new Set<string>();
  for (const row of SETTINGS) {
    if (row.scope === 'subgraphs' || row.env.includes('<NAME>')) continue;
    own.add(row.env);
    check(row, row.env);
  }
  for (const variable of Object.keys(env)) {
    if (own.has(variable)) continue;
    for (const row of SUBGRAPH_SETTINGS) {
      const suffix = row.env.slice('<NAME>'.length);
      if (variable.length > suffix.length && variable.endsWith(suffix)) {
        check(row, variable, row.file?.replace('<name>', variable.slice(0, -suffix.length).toLowerCase()));
      }
    }
  }
  if (problems.length === 1) throw new ConfigError(problems[0]);
  if (problems.length > 1) throw new ConfigError(`Invalid gateway configuration:\n  ${problems.join('\n  ')}`);
}

/**
 * The <NAME> prefixes of per-subgraph variables set in the environment (`INVENTORY_TIMEOUT_MS` ->
 * INVENTORY). `<NAME>_URL` is left out: too many other variables end in _URL to tell them apart.
 */
export function configuredSubgraphPrefixes(env: Env): string[] {
  const own = new Set(SETTINGS.map((row) => row.env));
  const prefixes = new Set<string>();
  for (const [variable, value] of Object.entries(env)) {
    if (!isSet(value) || own.has(variable)) continue;
    for (const row of SUBGRAPH_SETTINGS) {
      const suffix = row.env.slice('<NAME>'.length);
      if (suffix !== '_URL' && variable.length > suffix.length && variable.endsWith(suffix)) prefixes.add(variable.slice(0, -suffix.length));
    }
  }
  return [...prefixes];
}
