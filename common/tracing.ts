import { randomUUID } from 'node:crypto';
import type { Sampler } from '@opentelemetry/sdk-trace-node';
import { ConfigError, readString, type Env } from './config';
import type { Logger } from './logger';
import { useTracer } from './spans';

/**
 * OpenTelemetry traces, configured by the standard OTEL_* environment and off unless it names an
 * exporter. Off, nothing of the SDK is even loaded and the span helpers (common/spans.ts) call
 * straight through. On, one tracer provider per process: a batch span processor per exporter, the
 * W3C trace-context propagator, and AsyncLocalStorage for the active span, which also turns on the
 * spans @apollo/gateway makes through @opentelemetry/api (gateway.request, .plan, .fetch, …).
 */
export interface TracingConfig {
  /** OTEL_SERVICE_NAME, else service.name of OTEL_RESOURCE_ATTRIBUTES, else the process's default. */
  serviceName: string;
  /**
   * OTEL_TRACES_EXPORTER: `otlp`, `console` or both (`otlp,console`); `none` or unset turns tracing
   * off, except that an OTLP endpoint set without it means `otlp`. OTEL_SDK_DISABLED=true: off.
   */
  exporters: Array<'otlp' | 'console'>;
  /**
   * OTEL_EXPORTER_OTLP_TRACES_ENDPOINT as given, else OTEL_EXPORTER_OTLP_ENDPOINT + `/v1/traces`,
   * else http://localhost:4318/v1/traces. OTLP over HTTP with JSON bodies, which every collector
   * accepts on its HTTP port; OTEL_EXPORTER_OTLP_PROTOCOL=grpc is refused. Headers, timeout and
   * compression: the exporter's own OTEL_EXPORTER_OTLP_* variables.
   */
  otlpUrl: string;
  /** OTEL_TRACES_SAMPLER (default parentbased_always_on) with OTEL_TRACES_SAMPLER_ARG (a ratio, default 1). */
  sampler: SamplerName;
  samplerRatio: number;
  /** OTEL_RESOURCE_ATTRIBUTES: `key=value,…` (percent-encoded) on every span, e.g. deployment.environment.name. */
  resourceAttributes: Record<string, string>;
}

const SAMPLERS = [
  'always_on',
  'always_off',
  'traceidratio',
  'parentbased_always_on',
  'parentbased_always_off',
  'parentbased_traceidratio',
] as const;
type SamplerName = (typeof SAMPLERS)[number];

/** The tracing configuration of a process, or undefined when tracing is off. */
export function loadTracingConfig(defaultServiceName: string, env: Env = process.env): TracingConfig | undefined {
  if (/^true$/i.test(readString(env, 'OTEL_SDK_DISABLED', ''))) return undefined;
  const tracesEndpoint = readString(env, 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT');
  const endpoint = readString(env, 'OTEL_EXPORTER_OTLP_ENDPOINT');
  const named = readString(env, 'OTEL_TRACES_EXPORTER', tracesEndpoint || endpoint ? 'otlp' : 'none');
  const exporters = [...new Set(named.split(',').map((name) => name.trim().toLowerCase()))].filter((name) => name !== 'none');
  const unknown = exporters.filter((name) => name !== 'otlp' && name !== 'console');
  if (unknown.length > 0) throw new ConfigError(`OTEL_TRACES_EXPORTER must be otlp, console or none, got "${named}"`);
  if (exporters.length === 0) return undefined;
  const protocol = readString(env, 'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL') ?? readString(env, 'OTEL_EXPORTER_OTLP_PROTOCOL');
  if (exporters.includes('otlp') && protocol === 'grpc') {
    throw new ConfigError('OTEL_EXPORTER_OTLP_PROTOCOL=grpc is not supported: traces go over OTLP/HTTP (the collector\'s port 4318)');
  }
  const otlpUrl = tracesEndpoint ?? `${(endpoint ?? 'http://localhost:4318').replace(/\/+$/, '')}/v1/traces`;
  if (!URL.canParse(otlpUrl)) throw new ConfigError(`the OTLP traces endpoint must be a URL, got "${otlpUrl}"`);
  const sampler = readString(env, 'OTEL_TRACES_SAMPLER', 'parentbased_always_on').toLowerCase();
  if (!(SAMPLERS as readonly string[]).includes(sampler)) {
    throw new ConfigError(`OTEL_TRACES_SAMPLER must be one of ${SAMPLERS.join(', ')}, got "${sampler}"`);
  }
  const ratioText = readString(env, 'OTEL_TRACES_SAMPLER_ARG');
  const samplerRatio = ratioText === undefined || !sampler.endsWith('traceidratio') ? 1 : Number(ratioText);
  if (!(samplerRatio >= 0 && samplerRatio <= 1)) {
    throw new ConfigError(`OTEL_TRACES_SAMPLER_ARG must be a ratio from 0 to 1, got "${ratioText}"`);
  }
  const resourceAttributes = parseResourceAttributes(readString(env, 'OTEL_RESOURCE_ATTRIBUTES', ''));
  return {
    serviceName: readString(env, 'OTEL_SERVICE_NAME') ?? resourceAttributes['service.name'] ?? defaultServiceName,
    exporters: exporters as TracingConfig['exporters'],
    otlpUrl,
    sampler: sampler as SamplerName,
    samplerRatio,
    resourceAttributes,
  };
}

export interface Tracing {
  config: TracingConfig;
  /** Exports every span ended so far. */
  forceFlush(): Promise<void>;
  /** Stops making spans, exports the ones left (waiting at most `flushTimeoutMs`) and unregisters. */
  shutdown(): Promise<void>;
}

let running: Tracing | undefined;

/**
 * Starts tracing when the environment configures it (else resolves undefined). Call it once at
 * process start, before any server: hosts add their GraphQL span plugin only when tracing is on.
 * The service name defaults to `defaultServiceName` ("gateway", "subgraph-orders", "customer-graph").
 */
export async function startTracing(
  defaultServiceName: string,
  env: Env = process.env,
  log?: Logger,
  flushTimeoutMs = 5000,
): Promise<Tracing | undefined> {
  const config = loadTracingConfig(defaultServiceName, env);
  if (!config) return undefined;
  if (running) return running; // one provider per process
  // Loaded only now: a process without tracing never pays for the API or the SDK at start-up.
  const api = await import('@opentelemetry/api');
  const { context, diag, DiagLogLevel, propagation, trace } = api;
  const sdk = await import('@opentelemetry/sdk-trace-node');
  const { OTLPTraceExporter } = await import('@opentelemetry/exporter-trace-otlp-http');
  const { defaultResource, resourceFromAttributes } = await import('@opentelemetry/resources');
  if (log) {
    // Export failures (collector unreachable) are reported through diag: into our log, not lost.
    const child = log.child({ component: 'opentelemetry' }); // also what @apollo/gateway's own telemetry reports
    const at = (level: 'error' | 'warn' | 'info' | 'debug') => (message: string, ...args: unknown[]) => child[level]({ args }, message);
    diag.setLogger({ error: at('error'), warn: at('warn'), info: at('info'), debug: at('debug'), verbose: at('debug') }, DiagLogLevel.WARN);
  }
  const spanProcessors = config.exporters.map(
    (kind) => new sdk.BatchSpanProcessor(kind === 'otlp' ? new OTLPTraceExporter({ url: config.otlpUrl }) : new sdk.ConsoleSpanExporter()),
  );
  const provider = new sdk.NodeTracerProvider({
    resource: defaultResource().merge(
      resourceFromAttributes({ 'service.instance.id': randomUUID(), ...config.resourceAttributes, 'service.name': config.serviceName }),
    ),
    sampler: samplerOf(sdk, config),
    spanProcessors,
  });
  // Default registration: AsyncLocalStorage context manager, W3C trace-context (and baggage)
  // propagator. Hosts extract only traceparent/tracestate, so a caller's baggage goes nowhere.
  provider.register();
  useTracer({ api, tracer: provider.getTracer('customer-graph') });
  const tracing: Tracing = {
    config,
    forceFlush: () => provider.forceFlush(),
    async shutdown() {
      if (running !== tracing) return;
      running = undefined;
      useTracer(undefined);
      let timer: NodeJS.Timeout | undefined;
      const gaveUp = new Promise<void>((resolve) => (timer = setTimeout(resolve, flushTimeoutMs)));
      await Promise.race([provider.shutdown().catch((error: unknown) => log?.warn({ err: error }, 'traces not flushed')), gaveUp]);
      clearTimeout(timer);
      trace.disable();
      propagation.disable();
      context.disable();
      diag.disable();
    },
  };
  running = tracing;
  log?.info({ service: config.serviceName, exporters: config.exporters, url: config.otlpUrl, sampler: config.sampler }, 'tracing on');
  return tracing;
}

type Sdk = typeof import('@opentelemetry/sdk-trace-node');

function samplerOf(sdk: Sdk, config: TracingConfig): Sampler {
  const root = (name: string): Sampler =>
    name.endsWith('always_off')
      ? new sdk.AlwaysOffSampler()
      : name.endsWith('traceidratio')
        ? new sdk.TraceIdRatioBasedSampler(config.samplerRatio)
        : new sdk.AlwaysOnSampler();
  return config.sampler.startsWith('parentbased_') ? new sdk.ParentBasedSampler({ root: root(config.sampler) }) : root(config.sampler);
}

/** `key=value,key2=value2`, keys and values percent-encoded (the OTel spec's format). */
function parseResourceAttributes(text: string): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const pair of text.split(',').filter((part) => part.trim() !== '')) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new ConfigError(`OTEL_RESOURCE_ATTRIBUTES must be key=value pairs separated by commas, got "${pair}"`);
    try {
      attributes[decodeURIComponent(pair.slice(0, at).trim())] = decodeURIComponent(pair.slice(at + 1).trim());
    } catch {
      throw new ConfigError(`OTEL_RESOURCE_ATTRIBUTES has a badly encoded pair: "${pair}"`);
    }
  }
  return attributes;
}
