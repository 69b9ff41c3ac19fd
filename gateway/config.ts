import { ConfigError, type Env } from '../common/config';
import { SUBGRAPH_NAMES, defaultSubgraphUrl, type SubgraphName } from '../common/subgraphs';
import { refusePlaceholderPassword } from '../common/secrets';
import { CACHEABLE_ENTITIES } from '../common/entityCacheContract';
import type { EventBus } from '../common/events';
import { loadAuthConfig, type AuthConfig } from './auth/authConfig';
import type { AuthorizationSettings } from './authz/authorizationGuard';
import { loadAuthorizationSettings } from './authz/authzConfig';
import { loadConsoleConfig, type ConsoleConfig } from './console/consoleConfig';
import { configFilePath, readConfigFile } from './config/file';
import { PROJECT_SUBGRAPHS, subgraphEnvPrefix } from './config/keys';
import { loadLiveConfig, type LiveConfig } from './live/liveConfig';
import { loadOpsConfig, type OpsConfig } from './operability/opsConfig';
import type { PlannerName } from './engine/planners/planner';
import { boolSetting, configuredSubgraphPrefixes, intSetting, setting, stringSetting, subgraphSetting, validateEnvironment } from './config/settings';

/** How the gateway talks to one subgraph of the supergraph (any supergraph, any subgraph name). */
export interface SubgraphSettings {
  /** <NAME>_URL / subgraphs.<name>.url, else the supergraph's @join__graph(url:). */
  url: string;
  /** <NAME>_TIMEOUT_MS, else SUBGRAPH_TIMEOUT_MS. */
  timeoutMs: number;
  /** <NAME>_FORWARD_HEADERS: caller headers (lower-case names) sent on to this subgraph. */
  forwardHeaders: string[];
  /** <NAME>_IDENTITY: send the signed caller identity; default on for the project's own subgraphs only. */
  identity: boolean;
  /** <NAME>_HEALTH_CHECK: /health/ready probes its /health/live; default as identity. */
  healthCheck: boolean;
}

/** Everything the gateway reads from its environment, validated once at start-up. */
export interface GatewayConfig {
  /** The console, the explorer and where their build is: see gateway/console/consoleConfig.ts. */
  console: ConsoleConfig;
  /** Caller verification and the identity forwarded to subgraphs: see gateway/auth/authConfig.ts. */
  auth: AuthConfig;
  /** The supergraph's @authenticated/@requiresScopes/@policy: the scope claim and the named policies (gateway/authz). */
  authorization: AuthorizationSettings;
  /** PORT, default 4000. */
  port: number;
  /** HOST, default 127.0.0.1 (set 0.0.0.0 in a container). */
  host: string;
  /** PUBLIC_URL: the gateway's address as callers reach it (the /mcp resource's name); unset: from each request's Host. */
  publicUrl?: string;
  /** OPS_PORT, OPS_HOST, OPS_TOKEN: where /health/* and /metrics are served: see gateway/operability/opsConfig.ts. */
  ops: OpsConfig;
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
  /** The project's subgraphs for GATEWAY_SUPERGRAPH=live: <NAME>_URL, default http://localhost:400N/graphql. */
  subgraphUrls: Record<SubgraphName, string>;
  /** One subgraph's settings; `supergraphUrl` is the URL its supergraph names. */
  subgraph(name: string, supergraphUrl?: string): SubgraphSettings;
  /** The subgraphs the configuration sets something for (as <NAME> prefixes): one the supergraph lacks is a likely typo. */
  configuredSubgraphs: string[];
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
  /** ASSUMED_LIST_NESTING, default 2: nested lists of assumed size that multiply the cost along one path. */
  assumedListNesting: number;
  /** MAX_TOKENS, default 2000: a document with more GraphQL tokens is refused while parsing. */
  maxTokens: number;
  /** MAX_BATCH_SIZE, default 0: operations allowed in one batched POST (a JSON array); 0 refuses batches. */
  maxBatchSize: number;
  /** APQ, default true: automatic persisted queries (a client may send a document's sha256 instead of the document). */
  apq: boolean;
  /** GATEWAY_ENGINE, default `engine`: our query-plan executor; `stock` runs @apollo/gateway's own. */
  engine: 'engine' | 'stock';
  /** GATEWAY_PLANNER, default `apollo`: who plans for the engine, Apollo's query planner or the Hive Router's. */
  planner: PlannerName;
  /** GATEWAY_HTTP: `own` serves GraphQL over HTTP on the gateway's request path (gateway/http/), `apollo` through Apollo Server; stock is always Apollo Server's. */
  http: 'own' | 'apollo';
  /** PLAN_CACHE_BYTES, default 15000000: memory bound of the engine's compiled-plan cache. */
  planCacheBytes: number;
  /** ENTITY_CACHE*: the entity cache (gateway/entityCache, docs/entity-cache.md). */
  entityCache: {
    mode: 'auto' | 'on' | 'off';
    maxBytes: number;
    types: string[];
    redisPrefix?: string;
    /** ENTITY_CACHE_REDIS_ENTRIES (default on) and its bounds: the level the replicas share in Redis (REDIS_URL); defaults in redisEntryStore.ts. */
    redisEntries?: boolean;
    redisEntryBytes?: number;
    redisTtlSeconds?: number;
    redisTimeoutMs?: number;
  };
  /**
   * The owners' event bus, when the gateway runs in their process (npm start, tests): the entity cache hears
   * their events on it. Not a setting: whoever starts the gateway beside the subgraphs hands it over.
   */
  eventBus?: EventBus;
  /** DOCUMENT_CACHE_BYTES, default 10000000: memory bound of Apollo Server's store of parsed and validated documents. */
  documentCacheBytes: number;
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
  /** USAGE_STORE: usage reporting's store (a postgres:// URL or a folder); unset: .data/usage; `off`: none. */
  usageStore?: string;
  /** READY_TIMEOUT_MS, default 1000: how long /health/ready waits for each subgraph's /health/live. */
  readyTimeoutMs: number;
  /** READY_CACHE_MS, default 1500: how long a /health/ready answer is reused. */
  readyCacheMs: number;
  /** SHUTDOWN_GRACE_MS, default 10000: how long a stopping gateway lets in-flight requests finish. */
  shutdownGraceMs: number;
  /** AGENT_TOOLS: on (serve the tools that validate), off, required (refuse to start unless all validate). */
  agentTools: 'on' | 'off' | 'required';
  /** AGENT_TOOLS_DIR, default schema/operations/agent. */
  agentToolsDir: string;
  /** AGENT_TOOLS_ON_RELOAD: a tool that stops validating on a new supergraph is kept as it was, or dropped. */
  agentToolsOnReload: 'keep' | 'drop';
  /** APOLLO_TELEMETRY_DISABLED, default true. */
  apolloTelemetryDisabled: boolean;
  /** LIVE_*: the live graph's limits (subscriptions): see gateway/live/liveConfig.ts. */
  live: LiveConfig;
}

/** The environment the gateway runs with: its config file (if any) under the real environment. */
export interface GatewayEnvironment {
  env: Env;
  /** The subgraphs the config file names. */
  subgraphs: string[];
  /** The config file read, if one was. */
  configFile?: string;
}

/**
 * The config file is found from `--config <file>`, GATEWAY_CONFIG or ./gateway.config.yaml; each of its
 * keys becomes its environment variable, and a variable set (non-empty) in the environment wins.
 */
export function gatewayEnvironment(argv: readonly string[] = process.argv.slice(2), env: Env = process.env, cwd?: string): GatewayEnvironment {
  const configFile = configFilePath(argv, env, cwd);
  const file = configFile ? readConfigFile(configFile) : { env: {}, subgraphs: [] };
  const merged: Env = file.env;
  // An empty variable counts as unset (as everywhere here): it does not clear a file's value.
  for (const [name, value] of Object.entries(env)) if (value !== undefined && (value !== '' || merged[name] === undefined)) merged[name] = value;
  return { env: merged, configFile, subgraphs: file.subgraphs };
}

/** The gateway's configuration from an environment (see gatewayEnvironment for the config file). */
export function loadGatewayConfig(env: Env = process.env, fileSubgraphs: readonly string[] = []): GatewayConfig {
  validateEnvironment(env);
  refusePlaceholderPassword(env, 'REDIS_URL');
  refusePlaceholderPassword(env, 'USAGE_STORE'); // a postgres:// URL may carry one
  const defaultTimeout = intSetting(env, 'SUBGRAPH_TIMEOUT_MS');
  const own = (name: string) => PROJECT_SUBGRAPHS.includes(name);
  const subgraph = (name: string, supergraphUrl?: string): SubgraphSettings => {
    const url = (subgraphSetting(env, name, 'URL') as string | undefined) ?? supergraphUrl ?? (own(name) ? defaultSubgraphUrl(name as SubgraphName) : undefined);
    if (!url) throw new ConfigError(`No URL for subgraph ${name}: the supergraph names none; set subgraphs.${name}.url in the config file (or ${subgraphEnvPrefix(name)}_URL)`);
    const headers = (subgraphSetting(env, name, 'FORWARD_HEADERS') as string[] | undefined) ?? [];
    const identity = (subgraphSetting(env, name, 'IDENTITY') as boolean | undefined) ?? own(name);
    return {
      url,
      timeoutMs: (subgraphSetting(env, name, 'TIMEOUT_MS') as number | undefined) ?? defaultTimeout,
      forwardHeaders: headers.map((header) => header.toLowerCase()),
      identity,
      healthCheck: (subgraphSetting(env, name, 'HEALTH_CHECK') as boolean | undefined) ?? own(name),
    };
  };
  return {
    auth: loadAuthConfig(env),
    authorization: loadAuthorizationSettings(env),
    port: intSetting(env, 'PORT'),
    host: stringSetting(env, 'HOST')!,
    publicUrl: publicUrlFrom(env),
    ops: loadOpsConfig(env),
    supergraphSource: setting(env, 'GATEWAY_SUPERGRAPH') as 'file' | 'live',
    supergraphPath: stringSetting(env, 'SUPERGRAPH_PATH')!,
    supergraphUrl: stringSetting(env, 'SUPERGRAPH_URL'),
    supergraphPollMs: intSetting(env, 'SUPERGRAPH_POLL_MS'),
    subgraphUrls: Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, subgraph(name).url])) as Record<SubgraphName, string>,
    subgraph,
    configuredSubgraphs: [...new Set([...fileSubgraphs.map(subgraphEnvPrefix), ...configuredSubgraphPrefixes(env)])],
    maxBodyBytes: intSetting(env, 'MAX_BODY_BYTES'),
    introspection: boolSetting(env, 'INTROSPECTION'),
    hideSchemaDetails: boolSetting(env, 'HIDE_SCHEMA_DETAILS'),
    maxDepth: intSetting(env, 'MAX_DEPTH'),
    maxAliases: intSetting(env, 'MAX_ALIASES'),
    maxRootFields: intSetting(env, 'MAX_ROOT_FIELDS'),
    maxCost: intSetting(env, 'MAX_COST'),
    defaultListSize: intSetting(env, 'DEFAULT_LIST_SIZE'),
    assumedListNesting: intSetting(env, 'ASSUMED_LIST_NESTING'),
    maxTokens: intSetting(env, 'MAX_TOKENS'),
    maxBatchSize: intSetting(env, 'MAX_BATCH_SIZE'),
    apq: boolSetting(env, 'APQ'),
    engine: setting(env, 'GATEWAY_ENGINE') as GatewayConfig['engine'],
    planner: setting(env, 'GATEWAY_PLANNER') as PlannerName,
    http: setting(env, 'GATEWAY_HTTP') as GatewayConfig['http'],
    planCacheBytes: intSetting(env, 'PLAN_CACHE_BYTES'),
    documentCacheBytes: intSetting(env, 'DOCUMENT_CACHE_BYTES'),
    entityCache: {
      mode: setting(env, 'ENTITY_CACHE') as GatewayConfig['entityCache']['mode'],
      maxBytes: intSetting(env, 'ENTITY_CACHE_BYTES'),
      types: entityCacheTypes(setting(env, 'ENTITY_CACHE_TYPES') as string[]),
      redisPrefix: stringSetting(env, 'ENTITY_CACHE_REDIS_PREFIX'),
      redisEntries: setting(env, 'ENTITY_CACHE_REDIS_ENTRIES') === 'on',
      redisEntryBytes: intSetting(env, 'ENTITY_CACHE_REDIS_ENTRY_BYTES'),
      redisTtlSeconds: intSetting(env, 'ENTITY_CACHE_REDIS_TTL_S'),
      redisTimeoutMs: intSetting(env, 'ENTITY_CACHE_REDIS_TIMEOUT_MS'),
    },
    apqCacheBytes: intSetting(env, 'APQ_CACHE_BYTES'),
    redisUrl: stringSetting(env, 'REDIS_URL'),
    apqRedisMaxEntries: intSetting(env, 'APQ_REDIS_MAX_ENTRIES'),
    apqRedisMaxDocumentBytes: intSetting(env, 'APQ_REDIS_MAX_DOCUMENT_BYTES'),
    apqRedisTtlSeconds: intSetting(env, 'APQ_REDIS_TTL_S'),
    trustedDocuments: boolSetting(env, 'TRUSTED_DOCUMENTS'),
    operationsDir: stringSetting(env, 'OPERATIONS_DIR')!,
    trustedDocumentsManifest: stringSetting(env, 'TRUSTED_DOCUMENTS_MANIFEST')!,
    metrics: boolSetting(env, 'METRICS'),
    usageStore: stringSetting(env, 'USAGE_STORE'),
    readyTimeoutMs: intSetting(env, 'READY_TIMEOUT_MS'),
    readyCacheMs: intSetting(env, 'READY_CACHE_MS'),
    shutdownGraceMs: intSetting(env, 'SHUTDOWN_GRACE_MS'),
    agentTools: setting(env, 'AGENT_TOOLS') as GatewayConfig['agentTools'],
    agentToolsDir: stringSetting(env, 'AGENT_TOOLS_DIR')!,
    agentToolsOnReload: setting(env, 'AGENT_TOOLS_ON_RELOAD') as GatewayConfig['agentToolsOnReload'],
    apolloTelemetryDisabled: boolSetting(env, 'APOLLO_TELEMETRY_DISABLED'),
    live: loadLiveConfig(env),
    console: loadConsoleConfig(env),
  };
}

/** ENTITY_CACHE_TYPES: only types the contract says can be kept fresh by the owners' events. */
function entityCacheTypes(types: string[]): string[] {
  const unknown = types.filter((type) => !Object.hasOwn(CACHEABLE_ENTITIES, type));
  if (unknown.length) {
    throw new ConfigError(`ENTITY_CACHE_TYPES: ${unknown.join(', ')} not cacheable (the contract's types: ${Object.keys(CACHEABLE_ENTITIES).join(', ')})`);
  }
  return types;
}

/** PUBLIC_URL without a trailing slash: an http(s) origin (and path) callers reach the gateway at. */
function publicUrlFrom(env: Env): string | undefined {
  const text = stringSetting(env, 'PUBLIC_URL');
  if (text === undefined) return undefined;
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    url = undefined;
  }
  if (!url || !['http:', 'https:'].includes(url.protocol)) throw new ConfigError(`PUBLIC_URL must be an http(s) URL such as https://graph.example.com, got "${text}"`);
  return text.replace(/\/+$/, '');
}
