import { join } from 'node:path';
import { readBool, readInt, readString, type Env } from '../common/config';
import { SUBGRAPH_NAMES, defaultSubgraphUrl, envName, type SubgraphName } from '../common/subgraphs';
import { loadAuthConfig, type AuthConfig } from './auth/authConfig';
import { projectPath } from '../common/paths';

/** Everything the gateway reads from its environment, validated once at start-up. */
export interface GatewayConfig {
  /** Caller verification and the identity forwarded to subgraphs: see gateway/auth/authConfig.ts. */
  auth: AuthConfig;
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
  /** SUPERGRAPH_URL: serve the supergraph from this URL instead of the file. */
  supergraphUrl?: string;
  /** SUPERGRAPH_POLL_MS, default 5000: how often to look for a new supergraph (0: only on SIGHUP). */
  supergraphPollMs: number;
  /** <NAME>_URL per subgraph, default http://localhost:400N/graphql. */
  subgraphUrls: Record<SubgraphName, string>;
  /** SUBGRAPH_TIMEOUT_MS (default 5000), overridden per subgraph by <NAME>_TIMEOUT_MS. */
  subgraphTimeoutsMs: Record<SubgraphName, number>;
  /** MAX_BODY_BYTES, default 1 MB. */
  maxBodyBytes: number;
  /** INTROSPECTION, default true outside NODE_ENV=production. */
  introspection: boolean;
  /** HIDE_SCHEMA_DETAILS, default true under NODE_ENV=production: no "Did you mean …?" field suggestions in errors. */
  hideSchemaDetails: boolean;
  /** MAX_DEPTH, default 12: deepest field nesting of an operation (DEPTH_LIMIT_EXCEEDED). */
  maxDepth: number;
  /** MAX_ALIASES, default 30: aliased fields in an operation (ALIAS_LIMIT_EXCEEDED). */
  maxAliases: number;
  /** MAX_ROOT_FIELDS, default 10: fields at an operation's root (ROOT_FIELD_LIMIT_EXCEEDED). */
  maxRootFields: number;
  /** MAX_COST, default 20000: fields weighted by the list sizes around them (COST_LIMIT_EXCEEDED). */
  maxCost: number;
  /** DEFAULT_LIST_SIZE, default 10: assumed size of a list field without first/last/limit or a list of ids. */
  defaultListSize: number;
  /** MAX_TOKENS, default 2000: a document with more GraphQL tokens is refused while parsing. */
  maxTokens: number;
  /** MAX_BATCH_SIZE, default 0: operations allowed in one batched POST (a JSON array); 0 refuses batches. */
  maxBatchSize: number;
  /** APQ, default true: automatic persisted queries (a client may send a document's sha256 instead of the document). */
  apq: boolean;
  /** APQ_CACHE_BYTES, default 10000000: memory bound of the in-memory APQ cache (least recently used go first). */
  apqCacheBytes: number;
  /** REDIS_URL: share the APQ store between replicas; unset: in memory per replica. */
  redisUrl?: string;
  /** APQ_REDIS_MAX_ENTRIES, default 10000: documents the shared store keeps; the oldest registrations go first. */
  apqRedisMaxEntries: number;
  /** APQ_REDIS_MAX_DOCUMENT_BYTES, default 16384: a longer document is run but not shared. */
  apqRedisMaxDocumentBytes: number;
  /** APQ_REDIS_TTL_S, default 86400: a shared document expires this long after its last registration. */
  apqRedisTtlSeconds: number;
  /** TRUSTED_DOCUMENTS, default false: run only the operations of the manifest (PERSISTED_QUERY_NOT_IN_LIST). */
  trustedDocuments: boolean;
  /** OPERATIONS_DIR, default schema/operations: the operation catalogue (its names label metrics). */
  operationsDir: string;
  /** TRUSTED_DOCUMENTS_MANIFEST, default <OPERATIONS_DIR>/manifest.json (npm run operations:manifest). */
  trustedDocumentsManifest: string;
  /** METRICS, default true: Prometheus metrics on /metrics. */
  metrics: boolean;
  /** READY_TIMEOUT_MS, default 1000: how long /health/ready waits for each subgraph's /health/live. */
  readyTimeoutMs: number;
  /** READY_CACHE_MS, default 1500: how long a /health/ready answer is reused. */
  readyCacheMs: number;
  /** SHUTDOWN_GRACE_MS, default 10000: how long a stopping gateway lets in-flight requests finish. */
  shutdownGraceMs: number;
}

export function loadGatewayConfig(env: Env = process.env): GatewayConfig {
  const source = readString(env, 'GATEWAY_SUPERGRAPH', 'file');
  if (source !== 'file' && source !== 'live') {
    throw new Error(`GATEWAY_SUPERGRAPH must be "file" or "live", got "${source}"`);
  }
  const defaultTimeout = readInt(env, 'SUBGRAPH_TIMEOUT_MS', 5000);
  const operationsDir = readString(env, 'OPERATIONS_DIR', projectPath('schema', 'operations'));
  const perSubgraph = <T>(read: (name: SubgraphName) => T) =>
    Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, read(name)])) as Record<SubgraphName, T>;
  return {
    auth: loadAuthConfig(env),
    port: readInt(env, 'PORT', 4000),
    host: readString(env, 'HOST', '127.0.0.1'),
    supergraphSource: source,
    supergraphPath: readString(env, 'SUPERGRAPH_PATH', projectPath('schema', 'supergraph.graphql')),
    supergraphUrl: readString(env, 'SUPERGRAPH_URL'),
    supergraphPollMs: readInt(env, 'SUPERGRAPH_POLL_MS', 5000),
    subgraphUrls: perSubgraph((name) => readString(env, envName(name, 'URL'), defaultSubgraphUrl(name))),
    subgraphTimeoutsMs: perSubgraph((name) => readInt(env, envName(name, 'TIMEOUT_MS'), defaultTimeout)),
    maxBodyBytes: readInt(env, 'MAX_BODY_BYTES', 1_000_000),
    introspection: readBool(env, 'INTROSPECTION', env.NODE_ENV !== 'production'),
    hideSchemaDetails: readBool(env, 'HIDE_SCHEMA_DETAILS', env.NODE_ENV === 'production'),
    maxDepth: readInt(env, 'MAX_DEPTH', 12),
    maxAliases: readInt(env, 'MAX_ALIASES', 30),
    maxRootFields: readInt(env, 'MAX_ROOT_FIELDS', 10),
    maxCost: readInt(env, 'MAX_COST', 20_000),
    defaultListSize: readInt(env, 'DEFAULT_LIST_SIZE', 10),
    maxTokens: readInt(env, 'MAX_TOKENS', 2000),
    maxBatchSize: readInt(env, 'MAX_BATCH_SIZE', 0),
    apq: readBool(env, 'APQ', true),
    apqCacheBytes: readInt(env, 'APQ_CACHE_BYTES', 10_000_000),
    redisUrl: readString(env, 'REDIS_URL'),
    apqRedisMaxEntries: readInt(env, 'APQ_REDIS_MAX_ENTRIES', 10_000),
    apqRedisMaxDocumentBytes: readInt(env, 'APQ_REDIS_MAX_DOCUMENT_BYTES', 16_384),
    apqRedisTtlSeconds: readInt(env, 'APQ_REDIS_TTL_S', 24 * 60 * 60),
    trustedDocuments: readBool(env, 'TRUSTED_DOCUMENTS', false),
    operationsDir,
    trustedDocumentsManifest: readString(env, 'TRUSTED_DOCUMENTS_MANIFEST', join(operationsDir, 'manifest.json')),
    metrics: readBool(env, 'METRICS', true),
    readyTimeoutMs: readInt(env, 'READY_TIMEOUT_MS', 1000),
    readyCacheMs: readInt(env, 'READY_CACHE_MS', 1500),
    shutdownGraceMs: readInt(env, 'SHUTDOWN_GRACE_MS', 10_000),
  };
}
