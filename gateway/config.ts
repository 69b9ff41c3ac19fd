import { join } from 'node:path';
import { readBool, readInt, readString, type Env } from '../common/config';
import { SUBGRAPH_NAMES, defaultSubgraphUrl, envName, type SubgraphName } from '../common/subgraphs';

/** Everything the gateway reads from its environment, validated once at start-up. */
export interface GatewayConfig {
  /** PORT, default 4000. */
  port: number;
  /** HOST, default 127.0.0.1 (set 0.0.0.0 in a container). */
  host: string;
  /**
   * GATEWAY_SUPERGRAPH: `file` (default) serves the committed schema/supergraph.graphql, composed
   * ahead of time; `live` composes from the running subgraphs at start-up (development only).
   */
  supergraphSource: 'file' | 'live';
  /** SUPERGRAPH_PATH, default schema/supergraph.graphql. */
  supergraphPath: string;
  /** <NAME>_URL per subgraph, default http://localhost:400N/graphql. */
  subgraphUrls: Record<SubgraphName, string>;
  /** SUBGRAPH_TIMEOUT_MS (default 5000), overridden per subgraph by <NAME>_TIMEOUT_MS. */
  subgraphTimeoutsMs: Record<SubgraphName, number>;
  /** MAX_BODY_BYTES, default 1 MB. */
  maxBodyBytes: number;
  /** INTROSPECTION, default true outside NODE_ENV=production. */
  introspection: boolean;
}

export function loadGatewayConfig(env: Env = process.env): GatewayConfig {
  const source = readString(env, 'GATEWAY_SUPERGRAPH', 'file');
  if (source !== 'file' && source !== 'live') {
    throw new Error(`GATEWAY_SUPERGRAPH must be "file" or "live", got "${source}"`);
  }
  const defaultTimeout = readInt(env, 'SUBGRAPH_TIMEOUT_MS', 5000);
  const perSubgraph = <T>(read: (name: SubgraphName) => T) =>
    Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, read(name)])) as Record<SubgraphName, T>;
  return {
    port: readInt(env, 'PORT', 4000),
    host: readString(env, 'HOST', '127.0.0.1'),
    supergraphSource: source,
    supergraphPath: readString(env, 'SUPERGRAPH_PATH', join(__dirname, '..', 'schema', 'supergraph.graphql')),
    subgraphUrls: perSubgraph((name) => readString(env, envName(name, 'URL'), defaultSubgraphUrl(name))),
    subgraphTimeoutsMs: perSubgraph((name) => readInt(env, envName(name, 'TIMEOUT_MS'), defaultTimeout)),
    maxBodyBytes: readInt(env, 'MAX_BODY_BYTES', 1_000_000),
    introspection: readBool(env, 'INTROSPECTION', env.NODE_ENV !== 'production'),
  };
}
