import type { GatewayContext } from '../context';

export interface SharingParts {
  /** Which supergraph the plan is of: a subscription planned before a reload is not joined after it. */
  generation: number;
  query: string;
  operationName?: string | null;
  variables: Record<string, unknown>;
  /** The caller as the subgraphs are told it (identity, forwarded headers) and as the access logs record it. */
  caller: Pick<GatewayContext, 'viewer' | 'callerHeaders'>;
  /** Caller headers some subgraph is configured to be sent (`<NAME>_FORWARD_HEADERS`). */
  forwardedHeaders: readonly string[];
}

/**
 * Subscriptions with the same key share one execution per event. The whole identity is in it (role,
 * subject, customer, actor, operation: every claim signed into the subgraphs' identity header) and
 * every forwarded header, so only one caller's own identical subscriptions share: never two
 * customers, nor two agents, whose payloads the subgraphs' access rules and access logs tell apart.
 */
export function sharingKey(parts: SharingParts): string {
  const headers = [...new Set(parts.forwardedHeaders.map((name) => name.toLowerCase()))].sort().map((name) => [name, parts.caller.callerHeaders?.[name] ?? null]);
  return JSON.stringify([parts.generation, parts.query, parts.operationName ?? null, canonical(parts.variables), canonical(parts.caller.viewer), headers]);
}

/** Objects with their keys sorted, so the same values always give the same text. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
      .map((key) => [key, canonical((value as Record<string, unknown>)[key])]),
  );
}
