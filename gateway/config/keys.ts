import { projectPath } from '../../common/paths';

/**
 * Every setting of the gateway in one table: its environment variable, its key in the config file
 * (gateway.config.yaml), its type, default and meaning. The loader validates against it, `--print-config`
 * prints from it, and the settings table of docs/configuration.md is generated from it (`npm run config:table`; a
 * test fails when the page differs), so code, file and documentation cannot drift apart.
 *
 * A setting that is not the gateway's own (the subgraphs' databases, the demo world) has no `file` key:
 * it is read from the environment only, and listed here so the settings table is complete.
 * Adding a setting: one row here, then read it with `setting(env, NAME)` (gateway/config/settings.ts)
 * or, in code outside gateway/, from the environment as before; run `npm run config:table`.
 */
export type SettingKind =
  | { type: 'int' }
  | { type: 'number' }
  | { type: 'bool' }
  | { type: 'string' }
  | { type: 'list' }
  | { type: 'map' }
  | { type: 'enum'; values: readonly string[] };

export type SettingValue = string | number | boolean | string[] | Readonly<Record<string, unknown>> | undefined;

/** The environment as read so far: a default may depend on another setting or on NODE_ENV. */
export type DefaultOf = (env: Record<string, string | undefined>) => SettingValue;

export interface Setting {
  /** The environment variable; it beats the config file. `<NAME>` rows stand for every subgraph. */
  env: string;
  /** Dotted path in the config file; undefined: environment only. */
  file?: string;
  kind: SettingKind;
  /** The value when neither the environment nor the file sets it; undefined: unset. */
  default?: SettingValue | DefaultOf;
  /** The default as the settings table shows it (when the value itself would not read well). */
  shown?: string;
  description: string;
  /** Printed as <redacted> by --print-config. */
  secret?: boolean;
  /** Who reads it: the gateway (default), the subgraph processes, or both. */
  scope?: 'gateway' | 'subgraphs' | 'all';
}

const int = { type: 'int' } as const;
const num = { type: 'number' } as const;
const bool = { type: 'bool' } as const;
const str = { type: 'string' } as const;
const list = { type: 'list' } as const;
const map = { type: 'map' } as const;
const oneOf = (...values: string[]) => ({ type: 'enum', values }) as const;
const production = (env: Record<string, string | undefined>) => env.NODE_ENV === 'production';

export const SETTINGS: readonly Setting[] = [
  { env: 'GATEWAY_CONFIG', kind: str, shown: '`gateway.config.yaml` when it exists', description: 'the config file (`--config <file>` beats it)' },
  // server
  { env: 'PORT', file: 'server.port', kind: int, default: 4000, description: 'gateway port' },
  { env: 'HOST', file: 'server.host', kind: str, default: '127.0.0.1', scope: 'all', description: 'address the gateway and subgraphs listen on' },
  { env: 'PUBLIC_URL', file: 'server.publicUrl', kind: str, shown: 'unset (from the request\'s `Host`)', description: "the gateway's address as its callers reach it, e.g. `https://graph.example.com`: names `/mcp` in its OAuth protected-resource metadata (`/.well-known/oauth-protected-resource`)" },
  { env: 'MAX_BODY_BYTES', file: 'server.maxBodyBytes', kind: int, default: 1_000_000, description: 'largest request body the gateway reads' },
  { env: 'SHUTDOWN_GRACE_MS', file: 'server.shutdownGraceMs', kind: int, default: 10_000, description: 'how long a stopping gateway lets in-flight requests finish' },
  { env: 'INTROSPECTION', file: 'server.introspection', kind: bool, default: (env) => !production(env), shown: 'on unless `NODE_ENV=production`', description: 'schema introspection' },
  { env: 'HIDE_SCHEMA_DETAILS', file: 'server.hideSchemaDetails', kind: bool, default: production, shown: 'on when `NODE_ENV=production`', description: 'no "Did you mean …?" field suggestions in errors' },
  // supergraph
  { env: 'GATEWAY_SUPERGRAPH', file: 'supergraph.source', kind: oneOf('file', 'live'), default: 'file', description: '`file`: serve the supergraph file (or URL); `live`: compose from the running subgraphs at start-up (development)' },
  { env: 'SUPERGRAPH_PATH', file: 'supergraph.path', kind: str, default: projectPath('schema', 'supergraph.graphql'), shown: '`schema/supergraph.graphql`', description: 'the supergraph file the gateway serves' },
  { env: 'SUPERGRAPH_URL', file: 'supergraph.url', kind: str, description: 'serve the supergraph from this URL instead of the file' },
  { env: 'SUPERGRAPH_POLL_MS', file: 'supergraph.pollMs', kind: int, default: 5000, description: 'how often the gateway looks for a new supergraph (file or URL; also on `SIGHUP`); one that does not build is refused and the last good one keeps serving' },
  // subgraphs: every subgraph of the supergraph, by its name (`subgraphs.<name>` in the file)
  { env: '<NAME>_URL', file: 'subgraphs.<name>.url', kind: str, shown: "the supergraph's `@join__graph(url:)`", description: "where the gateway finds a subgraph (for `live`: the project's subgraphs, default `http://localhost:4001…4004/graphql`); Support finds Orders at `ORDERS_URL`" },
  { env: 'SUBGRAPH_TIMEOUT_MS', file: 'subgraphDefaults.timeoutMs', kind: int, default: 5000, description: 'timeout for each subgraph fetch' },
  { env: '<NAME>_TIMEOUT_MS', file: 'subgraphs.<name>.timeoutMs', kind: int, shown: '`SUBGRAPH_TIMEOUT_MS`', description: "one subgraph's fetch timeout" },
  { env: '<NAME>_FORWARD_HEADERS', file: 'subgraphs.<name>.forwardHeaders', kind: list, default: [], shown: 'none', description: "caller headers sent on to the subgraph (comma-separated names; a list in the file); `x-request-id` always is" },
  { env: '<NAME>_IDENTITY', file: 'subgraphs.<name>.identity', kind: bool, shown: "on for the project's four subgraphs, off for others", description: 'send the subgraph the signed identity of the caller (`x-identity`)' },
  { env: '<NAME>_HEALTH_CHECK', file: 'subgraphs.<name>.healthCheck', kind: bool, shown: "on for the project's four subgraphs, off for others", description: "`/health/ready` probes the subgraph's `/health/live`" },
  // limits
  { env: 'MAX_DEPTH', file: 'limits.maxDepth', kind: int, default: 12, description: 'deepest field nesting (`DEPTH_LIMIT_EXCEEDED`)' },
  { env: 'MAX_ALIASES', file: 'limits.maxAliases', kind: int, default: 30, description: 'aliased fields per operation (`ALIAS_LIMIT_EXCEEDED`)' },
  { env: 'MAX_ROOT_FIELDS', file: 'limits.maxRootFields', kind: int, default: 10, description: 'fields at the root (`ROOT_FIELD_LIMIT_EXCEEDED`)' },
  { env: 'MAX_COST', file: 'limits.maxCost', kind: int, default: 20_000, description: 'estimated cost: each field 1, times the sizes of the lists around it (`COST_LIMIT_EXCEEDED`)' },
  { env: 'DEFAULT_LIST_SIZE', file: 'limits.defaultListSize', kind: int, default: 10, description: 'assumed size of a list without `first`/`last`/`limit` or a list of ids' },
  { env: 'ASSUMED_LIST_NESTING', file: 'limits.assumedListNesting', kind: int, default: 2, description: 'how many nested lists of assumed size multiply the cost along one path; deeper ones count one item each (see [Authorization and cost directives](federation.md#authorization-and-cost-directives))' },
  { env: 'MAX_TOKENS', file: 'limits.maxTokens', kind: int, default: 2000, description: 'a document with more GraphQL tokens is refused while parsing' },
  { env: 'MAX_BATCH_SIZE', file: 'limits.maxBatchSize', kind: int, default: 0, description: 'operations per batched POST (a JSON array); `0` refuses batches (`BATCHING_NOT_ALLOWED`)' },
  // the supergraph's authorization directives (gateway/authz, docs/federation.md)
  { env: 'AUTHZ_SCOPE_CLAIM', file: 'authorization.scopeClaim', kind: str, default: 'scope', description: "the token claim `@requiresScopes` reads: a space-separated string (OAuth's `scope`) or a list" },
  { env: 'AUTHZ_POLICIES', file: 'authorization.policies', kind: map, shown: 'none', description: "the policies `@policy` names: a map of name to rule over the token's claims (`{ claim: role, in: [agent] }`, `all`/`any`/`not`; JSON in the environment); a policy not defined is never met" },
  // the engine that runs query plans
  { env: 'GATEWAY_ENGINE', file: 'engine.executor', kind: oneOf('engine', 'stock'), default: 'engine', description: "who runs query plans: `engine` (ours, `gateway/engine/`, see [The gateway engine](engine.md)) or `stock` (`@apollo/gateway`'s executor)" },
  { env: 'GATEWAY_PLANNER', file: 'engine.planner', kind: oneOf('apollo', 'hive'), default: 'apollo', description: "who plans queries for the engine: `apollo` (`@apollo/query-planner`) or `hive` (the Hive Router's, `@graphql-hive/router-query-planner`; answers `@defer` in one part); see [Federation](federation.md#the-query-planner). With `GATEWAY_ENGINE=stock` queries are planned by the stock gateway's own (Apollo's)" },
  { env: 'GATEWAY_HTTP', file: 'engine.http', kind: oneOf('own', 'apollo'), default: 'own', description: "who serves GraphQL over HTTP with the engine: `own` (the gateway's request path, `gateway/http/`, see [The request path](engine.md#the-request-path)) or `apollo` (Apollo Server); `GATEWAY_ENGINE=stock` is always served by Apollo Server" },
  { env: 'PLAN_CACHE_BYTES', file: 'engine.planCacheBytes', kind: int, default: 15_000_000, description: "memory bound of the engine's compiled-plan cache (least recently used go first)" },
  { env: 'ENTITY_CACHE', file: 'entityCache.mode', kind: oneOf('auto', 'on', 'off'), default: 'auto', description: "the entity cache (see [Entity cache](entity-cache.md)): `auto` caches the project's own subgraphs' entities where reads after a mutation are exact: beside the owners' in-process event bus (`npm start`), or on NATS JetStream (`NATS_URL`) with `REDIS_URL` (generations shared by the replicas); `on` also on JetStream without Redis (with the window the page describes) and for a foreign supergraph's subgraphs whose owners publish the contract's events; `off`: every fetch goes to its subgraph" },
  { env: 'ENTITY_CACHE_BYTES', file: 'entityCache.maxBytes', kind: int, default: 50_000_000, description: 'memory bound of the entity cache (least recently used go first)' },
  { env: 'ENTITY_CACHE_TYPES', file: 'entityCache.types', kind: list, default: ['Customer', 'Order', 'SupportCase', 'Notification', 'Product'], shown: 'every cacheable type of the contract', description: 'the entity types the cache keeps (a subset of `CACHEABLE_ENTITIES` in `common/entityCacheContract.ts`)' },
  { env: 'ENTITY_CACHE_REDIS_PREFIX', file: 'entityCache.redisPrefix', kind: str, default: 'entity-cache', description: "prefix of the entity cache's generation counters in Redis (`REDIS_URL`): the replicas of one deployment share it, another deployment on the same Redis uses its own" },
  { env: 'ENTITY_CACHE_REDIS_ENTRIES', file: 'entityCache.redisEntries', kind: oneOf('on', 'off'), default: 'on', description: "with `REDIS_URL`, the entity cache's answers are also kept in Redis, shared by the replicas (a replica's miss in memory is looked up there before the owner is asked); `off`: Redis holds the generation counters only" },
  { env: 'ENTITY_CACHE_REDIS_ENTRY_BYTES', file: 'entityCache.redisEntryBytes', kind: int, default: 65_536, description: 'a longer answer (JSON, UTF-8 bytes) is kept in memory only, not in Redis' },
  { env: 'ENTITY_CACHE_REDIS_TTL_S', file: 'entityCache.redisTtlSeconds', kind: int, default: 3_600, description: 'an answer in Redis expires this long after it was stored: a bound on what Redis holds, not on freshness (the generations see to that)' },
  { env: 'ENTITY_CACHE_REDIS_TIMEOUT_MS', file: 'entityCache.redisTimeoutMs', kind: int, default: 100, description: 'how long a lookup in Redis may take before its representations are fetched from the owner instead' },
  { env: 'DOCUMENT_CACHE_BYTES', file: 'engine.documentCacheBytes', kind: int, default: 10_000_000, description: "memory bound of Apollo Server's store of parsed and validated documents (least recently used go first)" },
  // persisted queries and trusted documents
  { env: 'APQ', file: 'persistedQueries.enabled', kind: bool, default: true, description: 'automatic persisted queries' },
  { env: 'APQ_CACHE_BYTES', file: 'persistedQueries.cacheBytes', kind: int, default: 10_000_000, description: 'memory bound of the in-memory APQ cache (least recently used go first)' },
  { env: 'REDIS_URL', file: 'persistedQueries.redisUrl', kind: str, secret: true, description: 'share the automatic-persisted-query store between gateway replicas (Redis), and the entity cache\'s per-type generations (read-your-writes across replicas); unset: in memory per replica' },
  { env: 'APQ_REDIS_MAX_ENTRIES', file: 'persistedQueries.redisMaxEntries', kind: int, default: 10_000, description: 'documents the Redis store keeps; past it the oldest registrations are deleted' },
  { env: 'APQ_REDIS_MAX_DOCUMENT_BYTES', file: 'persistedQueries.redisMaxDocumentBytes', kind: int, default: 16_384, description: 'a longer document is run but not stored in Redis' },
  { env: 'APQ_REDIS_TTL_S', file: 'persistedQueries.redisTtlSeconds', kind: int, default: 86_400, description: 'a document in Redis expires this long after its last registration' },
  { env: 'TRUSTED_DOCUMENTS', file: 'trustedDocuments.enabled', kind: bool, default: false, description: "run only the manifest's operations (`PERSISTED_QUERY_NOT_IN_LIST`)" },
  { env: 'OPERATIONS_DIR', file: 'operations.dir', kind: str, default: projectPath('schema', 'operations'), shown: '`schema/operations`', description: 'the operation catalogue; its names label metrics (none when the folder does not exist)' },
  { env: 'TRUSTED_DOCUMENTS_MANIFEST', file: 'trustedDocuments.manifest', kind: str, default: (env) => `${env.OPERATIONS_DIR || projectPath('schema', 'operations')}/manifest.json`, shown: '`<OPERATIONS_DIR>/manifest.json`', description: 'the manifest `npm run operations:manifest` writes' },
  // agent tools
  { env: 'AGENT_TOOLS', file: 'agentTools.mode', kind: oneOf('on', 'off', 'required'), default: 'on', description: "the agent tools (`/mcp`) and the bot catalogue: `on` serves the tools that validate against the supergraph and logs the others; `required` refuses to start unless all validate; `off`: no `/mcp`, bots refused" },
  { env: 'AGENT_TOOLS_DIR', file: 'agentTools.dir', kind: str, default: projectPath('schema', 'operations', 'agent'), shown: '`schema/operations/agent`', description: 'one operation file per tool' },
  { env: 'AGENT_TOOLS_ON_RELOAD', file: 'agentTools.onReload', kind: oneOf('keep', 'drop'), default: 'keep', description: 'a tool that stops validating against a reloaded supergraph is reported and `keep`: stays as it last validated, `drop`: is removed until it validates again' },
  // operability
  { env: 'CONSOLE', file: 'console.enabled', kind: bool, default: true, description: 'the agent console and account page at `/` (see [Console](console.md))' },
  { env: 'EXPLORER', file: 'console.explorer', kind: bool, default: (env) => !production(env), shown: 'on unless `NODE_ENV=production`', description: 'the bundled GraphQL explorer at `/explorer` (`EXPLORER=on` to have it in production)' },
  { env: 'CONSOLE_DIR', file: 'console.dir', kind: str, default: projectPath('dist', 'console'), shown: '`dist/console`', description: 'the console build the gateway serves (`npm run build:console`)' },
  { env: 'METRICS', file: 'metrics.enabled', kind: bool, default: true, description: 'Prometheus metrics on `/metrics` (of the operations listener)' },
  { env: 'OPS_PORT', file: 'ops.port', kind: int, default: (env) => (production(env) ? 8088 : undefined), shown: '`8088` when `NODE_ENV=production`, else unset (the main port)', description: 'the operations listener: `/health/live`, `/health/ready` and `/metrics` on a port of their own, off the public one; the same value as `PORT` serves them on the main port, which needs `OPS_TOKEN` in production' },
  { env: 'OPS_HOST', file: 'ops.host', kind: str, shown: '`HOST`', description: 'the address the operations listener listens on' },
  { env: 'OPS_TOKEN', file: 'ops.token', kind: str, secret: true, description: 'when set, `/health/*` and `/metrics` answer only `Authorization: Bearer <it>` (16+ characters); required in production when they are on the main port' },
  { env: 'USAGE_STORE', file: 'usage.store', kind: str, secret: true, shown: '`.data/usage` (a folder)', description: "where the gateway reports which clients use which schema coordinates (see docs/schema-checks.md): a `postgres://` URL, a folder, or `off`; read back by `schema-check usage export`" },
  { env: 'READY_TIMEOUT_MS', file: 'health.readyTimeoutMs', kind: int, default: 1000, description: "how long `/health/ready` waits for each subgraph's `/health/live`" },
  { env: 'READY_CACHE_MS', file: 'health.readyCacheMs', kind: int, default: 1500, description: 'how long a `/health/ready` answer is reused' },
  { env: 'LOG_LEVEL', file: 'log.level', kind: oneOf('fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'), default: 'info', shown: '`info` (`warn` for `npm start`)', scope: 'all', description: 'pino log level; the demo mail transport logs each sent notification at `info`' },
  { env: 'APOLLO_TELEMETRY_DISABLED', file: 'telemetry.apolloTelemetryDisabled', kind: bool, default: true, shown: '`true` (set by the gateway when unset)', description: "`@apollo/gateway` otherwise sends anonymous usage metrics to Apollo's servers; `false` allows it" },
  { env: 'OTEL_EXPORTER_OTLP_ENDPOINT', file: 'tracing.endpoint', kind: str, shown: 'unset (no traces)', scope: 'all', description: "an OpenTelemetry collector's OTLP/HTTP address, e.g. `http://127.0.0.1:4318`: traces go to `<it>/v1/traces` (see [Traces](deployment.md#traces))" },
  { env: 'OTEL_TRACES_EXPORTER', file: 'tracing.exporter', kind: str, shown: '`otlp` when an endpoint is set, else `none`', scope: 'all', description: '`otlp`, `console` (spans printed) or both, `otlp,console`; `none` (or `OTEL_SDK_DISABLED=true`) keeps traces off' },
  { env: 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', file: 'tracing.tracesEndpoint', kind: str, shown: '`<OTEL_EXPORTER_OTLP_ENDPOINT>/v1/traces`', scope: 'all', description: 'the full traces URL, when it is not the standard path; OTLP over HTTP with JSON bodies (`OTEL_EXPORTER_OTLP_PROTOCOL=grpc` is refused); the exporter reads `OTEL_EXPORTER_OTLP_HEADERS`, `…_TIMEOUT`, `…_COMPRESSION` itself' },
  { env: 'OTEL_SERVICE_NAME', file: 'tracing.serviceName', kind: str, shown: '`gateway`, `subgraph-<name>`; `customer-graph` for `npm start`', scope: 'all', description: "the service the process's spans belong to" },
  { env: 'OTEL_TRACES_SAMPLER', file: 'tracing.sampler', kind: str, shown: '`parentbased_always_on`', scope: 'all', description: '`always_on`, `always_off`, `traceidratio`, `parentbased_…` of those' },
  { env: 'OTEL_TRACES_SAMPLER_ARG', file: 'tracing.samplerArg', kind: num, scope: 'all', description: "the sampler's ratio (0–1)" },
  { env: 'OTEL_RESOURCE_ATTRIBUTES', file: 'tracing.resourceAttributes', kind: str, scope: 'all', description: '`key=value,…` on every span, e.g. `deployment.environment.name=prod`' },
  // the live graph (subscriptions: graphql-sse on /graphql/stream, graphql-ws on /graphql)
  { env: 'LIVE_MAX_SUBSCRIPTIONS', file: 'live.maxSubscriptions', kind: int, default: 10_000, description: 'open subscriptions one gateway process holds at most (`TOO_MANY_SUBSCRIPTIONS` beyond)' },
  { env: 'LIVE_MAX_SUBSCRIPTIONS_PER_CALLER', file: 'live.maxSubscriptionsPerCaller', kind: int, default: 50, description: 'open subscriptions one caller (token subject) holds at most on one process' },
  { env: 'LIVE_HEARTBEAT_MS', file: 'live.heartbeatMs', kind: int, default: 12_000, description: 'WebSocket keep-alive ping interval (graphql-ws); SSE streams carry graphql-sse\'s own 12 s comment' },
  { env: 'LIVE_PRIMARY_RETRIES', file: 'live.primaryRetries', kind: int, default: 3, description: "times a lost stream to the owning subgraph is re-opened before the client gets `SUBGRAPH_UNAVAILABLE` and the end" },
  { env: 'LIVE_RETRY_DELAY_MS', file: 'live.retryDelayMs', kind: int, default: 500, description: 'wait before re-opening a lost subgraph stream; doubles each time' },
  { env: 'LIVE_MAX_CONCURRENT_EVENTS', file: 'live.maxConcurrentEvents', kind: int, default: 64, description: "events whose rest of the plan one gateway process executes at once (each for one group of identical subscriptions); the others wait their turn instead of exhausting the subgraphs' connection pools" },
  // callers and identity
  { env: 'DEMO_MODE', file: 'auth.demoMode', kind: bool, shown: '`false` (`true` for `npm start` and in the test runner\'s set-up)', scope: 'all', description: 'a local try-out: the published demo secrets, keys, issuer and audience are the defaults and `/auth/demo` signs tokens; `NODE_ENV=production` refuses to start with it' },
  { env: 'DEMO_SIGN_IN_REMOTE', file: 'auth.demoSignInRemote', kind: bool, default: false, description: '`/auth/demo` (demo mode only) also answers callers that are not on this machine (loopback); `docker-compose.demo.yml` sets it, its ports bound to 127.0.0.1 on the host' },
  { env: 'JWT_SECRET', file: 'auth.jwtSecret', kind: str, secret: true, shown: 'unset (the demo secret in demo mode)', description: "an HS256 secret (32+ characters) callers' tokens are verified with" },
  { env: 'JWKS_URL', file: 'auth.jwksUrl', kind: str, description: "the identity provider's key set (production); keys are cached and refreshed on rotation" },
  { env: 'JWT_ISSUER', file: 'auth.issuer', kind: str, shown: 'required outside demo mode', description: "the tokens' `iss`" },
  { env: 'JWT_AUDIENCE', file: 'auth.audience', kind: str, shown: 'required outside demo mode', description: "the tokens' `aud`" },
  { env: 'JWT_CLOCK_TOLERANCE_S', file: 'auth.clockToleranceS', kind: int, default: 30, description: 'accepted clock skew for `exp`/`nbf`/`iat`' },
  { env: 'JWT_MAX_AGE_S', file: 'auth.maxAgeS', kind: int, default: 86_400, description: "a caller's token issued (`iat`) longer ago is refused whatever its `exp`; `0`: no limit" },
  { env: 'JWKS_CACHE_MS', file: 'auth.jwksCacheMs', kind: int, default: 300_000, description: 'how long the fetched key set, and a token verified with it, is trusted: a key withdrawn from the set is refused at most this long after' },
  { env: 'IDENTITY_PRIVATE_KEY', file: 'auth.identityPrivateKey', kind: str, secret: true, shown: 'required outside demo mode', description: 'the Ed25519 (EdDSA) or P-256 (ES256) private key, PEM or JWK, the gateway signs the identity it sends each subgraph with; only the gateway holds it (`npm run identity:keys`)' },
  { env: 'IDENTITY_PUBLIC_KEY', kind: str, shown: 'required outside demo mode', scope: 'subgraphs', description: "the gateway's public key (PEM, JWK, or a JWK set of the old and new key while rotating) the subgraphs verify identities with" },
  { env: 'SUPPORT_IDENTITY_PRIVATE_KEY', kind: str, secret: true, shown: 'required outside demo mode', scope: 'subgraphs', description: "Support's own signing key (Ed25519 or P-256), held by Support only: its customer-directory calls to Orders carry Support's identity, never a replayed one (`npm run identity:keys -- --for support`)" },
  { env: 'SUPPORT_IDENTITY_PUBLIC_KEY', kind: str, shown: 'required outside demo mode', scope: 'subgraphs', description: "Support's public key: Orders accepts Support's identity with it, for the customer-directory operations only (`common/customerDirectoryContract.ts`)" },
  // the subgraph processes (environment only)
  { env: 'SUBGRAPH_LIVE_MAX_CONCURRENT_EVENTS', kind: int, shown: '`16`', scope: 'subgraphs', description: "payloads of open subscriptions a subgraph executes at once (one per subscriber and event); the others wait their turn instead of exhausting its database pool" },
  { env: 'SUBGRAPH_DOCUMENT_CACHE_BYTES', kind: int, shown: '`10000000`', scope: 'subgraphs', description: "memory bound of each subgraph's store of parsed and validated documents (least recently used go first; metrics `subgraph_document_cache_*` on its `/metrics`)" },
  { env: '<NAME>_PORT', kind: int, shown: '`4001` … `4004` (`ORDERS_PORT` … `NOTIFICATIONS_PORT`)', scope: 'subgraphs', description: 'subgraph ports' },
  { env: 'DATABASE_URL', kind: str, secret: true, scope: 'subgraphs', description: 'a PostgreSQL server for every subgraph (each in its own schema); unset: embedded PGlite' },
  { env: 'NATS_URL', kind: str, scope: 'subgraphs', description: 'events on NATS JetStream between processes (see [Deployment](deployment.md#scaling-out-postgresql-and-nats-jetstream)); unset: the in-process bus' },
  { env: '<NAME>_DATABASE_URL', kind: str, secret: true, shown: '`DATABASE_URL`', scope: 'subgraphs', description: 'a server for one subgraph only' },
  { env: '<NAME>_DATABASE_SCHEMA', kind: str, shown: "the subgraph's name", scope: 'subgraphs', description: 'the schema a subgraph owns on a shared server' },
  { env: '<NAME>_DATA_DIR', kind: str, shown: 'unset (in memory)', scope: 'subgraphs', description: "keep a subgraph's PGlite data in this directory" },
  { env: 'DEMO_DATA', kind: bool, shown: '`true` in demo mode, else `false`', scope: 'subgraphs', description: 'seed the demo world into an empty database; `NODE_ENV=production` refuses to start with `DEMO_DATA=true`' },
  { env: 'DEMO_CUSTOMERS', kind: int, default: 300, scope: 'subgraphs', description: 'generated customers besides the story customers' },
  { env: 'RETURN_LABEL_BASE_URL', kind: str, default: 'https://returns.example.com', scope: 'subgraphs', description: 'where return labels are served' },
];

/** The project's own subgraphs: they keep the identity header and the health probe by default. */
export const PROJECT_SUBGRAPHS: readonly string[] = ['orders', 'support', 'pricing', 'notifications'];

/** The per-subgraph rows: `<NAME>_URL` / `subgraphs.<name>.url` … */
export const SUBGRAPH_SETTINGS = SETTINGS.filter((s) => s.file?.startsWith('subgraphs.<name>.'));

/** `inventory-v2` -> `INVENTORY_V2`: a subgraph's name as it appears in its environment variables. */
export function subgraphEnvPrefix(name: string): string {
  return name.toUpperCase().replace(/[^A-Z0-9]/g, '_');
}

export function settingNamed(env: string): Setting {
  const found = SETTINGS.find((s) => s.env === env);
  if (!found) throw new Error(`no setting ${env} in gateway/config/keys.ts`);
  return found;
}
