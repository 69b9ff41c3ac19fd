import { ConfigError, readInt, type Env } from '../../common/config';

/** The live graph's limits, from the environment (docs/live-graph.md). */
export interface LiveConfig {
  /** LIVE_MAX_SUBSCRIPTIONS (10000): open subscriptions one gateway process holds at most. */
  maxSubscriptions: number;
  /** LIVE_MAX_SUBSCRIPTIONS_PER_CALLER (50): open subscriptions one caller (token subject) holds at most on one process. */
  maxPerCaller: number;
  /** LIVE_HEARTBEAT_MS (12000): WebSocket ping interval (graphql-ws keep-alive); SSE streams get graphql-sse's 12 s comment. */
  heartbeatMs: number;
  /** LIVE_PRIMARY_RETRIES (3): times a lost subgraph stream is re-opened before the client gets SUBGRAPH_UNAVAILABLE. */
  primaryRetries: number;
  /** LIVE_RETRY_DELAY_MS (500): wait before re-opening a lost subgraph stream; doubles each time. */
  retryDelayMs: number;
  /** LIVE_MAX_CONCURRENT_EVENTS (64): events whose rest-of-plan one gateway process executes at once; the others wait their turn. */
  maxConcurrentEvents: number;
}

export function loadLiveConfig(env: Env): LiveConfig {
  const config: LiveConfig = {
    maxSubscriptions: readInt(env, 'LIVE_MAX_SUBSCRIPTIONS', 10_000),
    maxPerCaller: readInt(env, 'LIVE_MAX_SUBSCRIPTIONS_PER_CALLER', 50),
    heartbeatMs: readInt(env, 'LIVE_HEARTBEAT_MS', 12_000),
    primaryRetries: readInt(env, 'LIVE_PRIMARY_RETRIES', 3),
    retryDelayMs: readInt(env, 'LIVE_RETRY_DELAY_MS', 500),
    maxConcurrentEvents: readInt(env, 'LIVE_MAX_CONCURRENT_EVENTS', 64),
  };
  for (const [key, value] of Object.entries({ LIVE_MAX_SUBSCRIPTIONS: config.maxSubscriptions, LIVE_MAX_SUBSCRIPTIONS_PER_CALLER: config.maxPerCaller, LIVE_HEARTBEAT_MS: config.heartbeatMs, LIVE_MAX_CONCURRENT_EVENTS: config.maxConcurrentEvents })) {
    if (value < 1) throw new ConfigError(`${key} must be at least 1, got ${value}`);
  }
  if (config.primaryRetries < 0) throw new ConfigError(`LIVE_PRIMARY_RETRIES must be 0 or more, got ${config.primaryRetries}`);
  return config;
}
