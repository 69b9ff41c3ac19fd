/** Typed readers for environment variables: read once at start-up, fail loudly on nonsense. */
export type Env = Record<string, string | undefined>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function readString(env: Env, key: string, fallback: string): string;
export function readString(env: Env, key: string): string | undefined;
export function readString(env: Env, key: string, fallback?: string): string | undefined {
  const value = env[key];
  return value === undefined || value === '' ? fallback : value;
}

export function readInt(env: Env, key: string, fallback: number): number {
  const raw = readString(env, key);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    throw new ConfigError(`${key} must be a whole number >= 0, got "${raw}"`);
  }
  return value;
}

export function readBool(env: Env, key: string, fallback: boolean): boolean {
  const raw = readString(env, key);
  if (raw === undefined) return fallback;
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|false|no|off)$/i.test(raw)) return false;
  throw new ConfigError(`${key} must be true or false, got "${raw}"`);
}
