import { ConfigError, type Env } from '../../common/config';
import { isPlaceholder } from '../../common/secrets';
import { intSetting, setting, stringSetting } from '../config/settings';

/**
 * Where the operations endpoints (/health/live, /health/ready, /metrics) are served. They say how the
 * graph is doing and which operations it runs: not for the public listener. As Apollo Router's and
 * Hive's health and metrics listeners, production puts them on a port of their own (the probes and
 * the scraper reach it inside the cluster); on the main port a token guards them.
 */
export interface OpsConfig {
  /** OPS_PORT; undefined (development's default) or PORT's own value: on the main listener. */
  port?: number;
  /** OPS_HOST, default HOST. */
  host: string;
  /** OPS_TOKEN: when set, the endpoints answer only `Authorization: Bearer <token>`. */
  token?: string;
}

const MIN_TOKEN_LENGTH = 16;

/** Whether the endpoints are served by a listener of their own. Both ports 0 (tests): two random ports. */
export function opsListenerOwnPort(ops: OpsConfig, mainPort: number): boolean {
  return ops.port !== undefined && (ops.port !== mainPort || mainPort === 0);
}

export function loadOpsConfig(env: Env): OpsConfig {
  const ops: OpsConfig = {
    port: setting(env, 'OPS_PORT') as number | undefined,
    host: stringSetting(env, 'OPS_HOST') ?? stringSetting(env, 'HOST')!,
    token: stringSetting(env, 'OPS_TOKEN'),
  };
  if (ops.token !== undefined && ops.token.length < MIN_TOKEN_LENGTH) throw new ConfigError(`OPS_TOKEN must be at least ${MIN_TOKEN_LENGTH} characters`);
  if (env.NODE_ENV === 'production') {
    if (ops.token && isPlaceholder(ops.token)) throw new ConfigError('OPS_TOKEN is a placeholder (e.g. "change-me…"): NODE_ENV=production refuses it; set a real secret');
    if (!opsListenerOwnPort(ops, intSetting(env, 'PORT')) && !ops.token) {
      throw new ConfigError('OPS_PORT is the main port: NODE_ENV=production serves /health and /metrics there only behind OPS_TOKEN; set OPS_TOKEN, or give OPS_PORT a port of its own (default 8088)');
    }
  }
  return ops;
}
