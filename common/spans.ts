import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import type * as OTel from '@opentelemetry/api';
import type { Attributes, Context, Span, TextMapGetter, Tracer } from '@opentelemetry/api';

/**
 * The spans our own code makes (the gateway's come from @apollo/gateway). Every helper starts with
 * one check of `on`: while tracing is not configured (common/tracing.ts) they call straight
 * through, allocating nothing, so the hot paths (each request, each SQL statement, each subgraph
 * fetch) pay one test. Even @opentelemetry/api is only loaded once tracing starts (a subgraph
 * process would otherwise load it for nothing at start-up).
 *
 * Private data never goes on a span: no variables, no SQL parameters, no error messages (a
 * PostgreSQL error can quote a row), no headers but the request id and the trace context.
 */
let on: { api: typeof OTel; tracer: Tracer } | undefined;

/** Set by startTracing and its shutdown only. */
export function useTracer(active: { api: typeof OTel; tracer: Tracer } | undefined): void {
  on = active;
}

export function tracingEnabled(): boolean {
  return on !== undefined;
}

/** Reads traceparent and tracestate only: a caller's baggage header is neither trusted nor forwarded. */
const TRACE_CONTEXT_ONLY: TextMapGetter<IncomingMessage['headers']> = {
  get: (headers, key) => (key === 'traceparent' || key === 'tracestate' ? headers[key] : undefined),
  keys: () => ['traceparent', 'tracestate'],
};

const MAX_STATEMENT = 1000;
const MAX_NAME = 100;

/**
 * The SERVER span around one GraphQL request to a host (the gateway or a subgraph): it continues the
 * caller's trace (traceparent), and the request is handled with it active, so Apollo's gateway spans
 * and the subgraph's SQL spans are its children.
 */
export async function inServerSpan(
  req: IncomingMessage,
  res: ServerResponse,
  route: string,
  subgraph: string | undefined,
  handle: () => Promise<void>,
): Promise<void> {
  if (!on) return handle();
  const { api, tracer } = on;
  const parent = api.propagation.extract(api.ROOT_CONTEXT, req.headers, TRACE_CONTEXT_ONLY);
  const method = (req.method ?? 'GET').toUpperCase();
  const attributes: Attributes = { 'http.request.method': method, 'http.route': route, 'url.path': route, 'url.scheme': 'http' };
  if (subgraph) attributes['subgraph.name'] = subgraph;
  const span = tracer.startSpan(`${method} ${route}`, { kind: api.SpanKind.SERVER, attributes }, parent);
  let status = 0;
  try {
    await api.context.with(api.trace.setSpan(parent, span), handle);
    status = res.statusCode;
  } catch (error) {
    status = 500;
    failed(api, span, error);
    throw error;
  } finally {
    span.setAttribute('http.response.status_code', status);
    if (status >= 500) span.setStatus({ code: api.SpanStatusCode.ERROR });
    // The gateway answers with the request id it settled on (the caller's, when sane); subgraphs get it from the gateway.
    const requestId = res.getHeader('x-request-id') ?? req.headers['x-request-id'];
    if (typeof requestId === 'string') span.setAttribute('request.id', requestId.slice(0, 128));
    span.end();
  }
}

/**
 * Names the operation on the host's SERVER span and marks it failed when the response carries
 * GraphQL errors (by their codes only). Added to a server only when tracing is on at its start.
 */
export function graphqlSpanPlugin(): ApolloServerPlugin<BaseContext> {
  return {
    async requestDidStart({ request }) {
      if (!on) return;
      const { api } = on;
      const span = api.trace.getActiveSpan();
      if (!span?.isRecording()) return;
      if (request.operationName) span.setAttribute('graphql.operation.name', request.operationName.slice(0, MAX_NAME));
      return {
        async didResolveOperation({ operationName, operation }) {
          if (operationName) span.setAttribute('graphql.operation.name', operationName.slice(0, MAX_NAME));
          if (operation) span.setAttribute('graphql.operation.type', operation.operation);
        },
        async didEncounterErrors({ errors }) {
          const codes = new Set(errors.map((error) => String(error.extensions?.code ?? 'INTERNAL_SERVER_ERROR')));
          span.setAttribute('graphql.error.codes', [...codes]);
          span.setStatus({ code: api.SpanStatusCode.ERROR });
        },
      };
    },
  };
}

/**
 * Notes on the active request span (the gateway's own request path, gateway/http/hooks/useTracing.ts):
 * the operation's name and type, and its errors' codes (the span then fails), as graphqlSpanPlugin does.
 */
export function noteOperationOnSpan(name: string | null | undefined, type: string | undefined): void {
  const span = on?.api.trace.getActiveSpan();
  if (!span?.isRecording()) return;
  if (name) span.setAttribute('graphql.operation.name', name.slice(0, MAX_NAME));
  if (type) span.setAttribute('graphql.operation.type', type);
}

export function noteErrorsOnSpan(codes: string[]): void {
  const span = on?.api.trace.getActiveSpan();
  if (!span?.isRecording()) return;
  span.setAttribute('graphql.error.codes', [...new Set(codes)]);
  span.setStatus({ code: on!.api.SpanStatusCode.ERROR });
}

/**
 * Writes the active trace context (traceparent, tracestate) into outgoing headers: the gateway's
 * subgraph fetches, so each subgraph's SERVER span is a child of its gateway.fetch span.
 */
export function injectTraceContext(headers: Record<string, string | number>): void {
  if (on) on.api.propagation.inject(on.api.context.active(), headers);
}

/**
 * A CLIENT span per SQL statement, only inside a traced piece of work (a request, an event being
 * handled): background polling (the outbox relay) would otherwise make a root trace every second.
 * The statement text is parameterised ($1…), so it holds no values; it is still cut short.
 */
export function inQuerySpan<T>(sql: string, namespace: string, run: () => Promise<T>): Promise<T> {
  if (!on || !on.api.trace.getSpan(on.api.context.active())) return run();
  const { api, tracer } = on;
  const operation = /^\s*(\w+)/.exec(sql)?.[1]?.toUpperCase() ?? 'SQL';
  const statement = sql.replace(/\s+/g, ' ').trim().slice(0, MAX_STATEMENT);
  const span = tracer.startSpan(`${operation} ${namespace}`, {
    kind: api.SpanKind.CLIENT,
    attributes: {
      'db.system': 'postgresql',
      'db.system.name': 'postgresql',
      'db.namespace': namespace,
      'db.operation.name': operation,
      'db.statement': statement,
      'db.query.text': statement,
    },
  });
  return ended(api, span, run);
}

/** A child span of the active one (nothing without one), e.g. sending a notification. */
export function inChildSpan<T>(name: string, attributes: Attributes, run: () => Promise<T>): Promise<T> {
  if (!on || !on.api.trace.getSpan(on.api.context.active())) return run();
  const { api, tracer } = on;
  const parent = api.context.active();
  const span = tracer.startSpan(name, { attributes }, parent);
  return ended(api, span, () => api.context.with(api.trace.setSpan(parent, span), run));
}

/** Runs background work kicked from a request (the outbox relay) outside that request's trace. */
export function detached<T>(run: () => T): T {
  return on ? on.api.context.with(on.api.ROOT_CONTEXT, run) : run();
}

/** The W3C trace context of the active span, to store with an event; undefined when there is none. */
export function traceCarrier(): Record<string, string> | undefined {
  if (!on || !on.api.trace.getSpan(on.api.context.active())) return undefined;
  const carrier: Record<string, string> = {};
  on.api.propagation.inject(on.api.context.active(), carrier);
  return carrier.traceparent ? carrier : undefined;
}

/** What the messaging spans need of an event (common/events.ts DomainEvent). */
interface TracedEvent {
  id: string;
  type: string;
  source: string;
  trace?: Record<string, string>;
}

/**
 * The PRODUCER span of publishing an event that carries the trace of the request that recorded it.
 * The event goes out carrying this span's context instead, so consumers hang under the publish.
 * Events without a trace (recorded while tracing was off) are published untraced.
 */
export function inPublishSpan<E extends TracedEvent>(event: E, publish: (event: E) => Promise<void>): Promise<void> {
  const parent = on && extractFrom(on.api, event.trace);
  if (!on || !parent) return publish(event);
  const { api, tracer } = on;
  const span = tracer.startSpan(`publish ${event.source}.${event.type}`, { kind: api.SpanKind.PRODUCER, attributes: messaging(event, 'publish') }, parent);
  const inside = api.trace.setSpan(parent, span);
  const carrier: Record<string, string> = {};
  api.propagation.inject(inside, carrier);
  return ended(api, span, () => api.context.with(inside, () => publish({ ...event, trace: carrier })));
}

/** The CONSUMER span of handling an event that carries a trace: the consumer's work joins it. */
export function inProcessSpan<T>(event: TracedEvent, consumer: string, handle: () => Promise<T>): Promise<T> {
  const parent = on && extractFrom(on.api, event.trace);
  if (!on || !parent) return handle();
  const { api, tracer } = on;
  const attributes = { ...messaging(event, 'process'), 'messaging.consumer.group.name': consumer };
  const span = tracer.startSpan(`process ${event.source}.${event.type}`, { kind: api.SpanKind.CONSUMER, attributes }, parent);
  return ended(api, span, () => api.context.with(api.trace.setSpan(parent, span), handle));
}

function messaging(event: TracedEvent, operation: 'publish' | 'process'): Attributes {
  return {
    'messaging.operation.type': operation,
    'messaging.destination.name': `${event.source}.${event.type}`,
    'messaging.message.id': event.id,
  };
}

/** A context from a stored carrier, or undefined when it holds no valid trace (a carrier is untrusted input). */
function extractFrom(api: typeof OTel, carrier: unknown): Context | undefined {
  if (typeof carrier !== 'object' || carrier === null) return undefined;
  const extracted = api.propagation.extract(api.ROOT_CONTEXT, carrier);
  return api.trace.getSpanContext(extracted) ? extracted : undefined;
}

async function ended<T>(api: typeof OTel, span: Span, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    failed(api, span, error);
    throw error;
  } finally {
    span.end();
  }
}

/** Marks a span failed with the error's kind (name, or a code such as a SQLSTATE), never its message. */
function failed(api: typeof OTel, span: Span, error: unknown): void {
  const { name, code } = (typeof error === 'object' && error !== null ? error : {}) as { name?: unknown; code?: unknown };
  span.setAttribute('error.type', typeof code === 'string' ? code : typeof name === 'string' ? name : 'Error');
  span.setStatus({ code: api.SpanStatusCode.ERROR });
}
