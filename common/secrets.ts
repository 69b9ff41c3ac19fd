import { ConfigError, readString, type Env } from './config';

/**
 * A production process (NODE_ENV=production, which demo mode never is: common/identity.ts) refuses to start on a secret that is
 * missing, a placeholder left from a deployment file (`change-me…`), or one of the demo values this
 * repository publishes: each would let anyone who has read the repository mint identities. The
 * message names the variable, never its value.
 */
export function isProduction(env: Env): boolean {
  return env.NODE_ENV === 'production';
}

/** Words the deployment files and examples use where a real secret belongs. */
const PLACEHOLDER = /change[-_ ]?me|placeholder|replace[-_ ]?(me|this)|example|your[-_ ]?(secret|key|password)|^(secret|password|xxx+|todo|test)$/i;
/** Text the demo secrets carry (common/identity.ts, common/identityKeys.ts). */
const DEMO_MARK = /demo-only|do-not-use-in-production/i;

export function isPlaceholder(value: string): boolean {
  return PLACEHOLDER.test(value.trim()) || DEMO_MARK.test(value);
}

/**
 * Refuses, in production, a missing, placeholder or known-demo value of `variable`. `isDemo` says
 * whether a value is one of the published demo secrets (for keys: by the key, whatever its format).
 */
export function requireProductionSecret(env: Env, variable: string, isDemo: (value: string) => boolean = () => false): void {
  if (!isProduction(env)) return;
  const value = readString(env, variable);
  if (!value) throw new ConfigError(`${variable} must be set: NODE_ENV=production never runs without it`);
  if (isDemo(value)) throw new ConfigError(`${variable} is a demo value published in this repository: NODE_ENV=production refuses it; set your own`);
  if (isPlaceholder(value)) throw new ConfigError(`${variable} is a placeholder (e.g. "change-me…"): NODE_ENV=production refuses it; set a real secret`);
}

/** A URL's password (DATABASE_URL, REDIS_URL), when set, must not be a placeholder in production. */
export function refusePlaceholderPassword(env: Env, variable: string): void {
  if (!isProduction(env)) return;
  const value = readString(env, variable);
  if (!value) return;
  let password = '';
  try {
    password = decodeURIComponent(new URL(value).password);
  } catch {
    return; // not a URL: its own reader reports that
  }
  if (password && isPlaceholder(password)) {
    throw new ConfigError(`${variable} carries a placeholder password (e.g. "change-me"): NODE_ENV=production refuses it; set the real one`);
  }
}
