import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { context, propagation, trace } from '@opentelemetry/api';
import { ConfigError } from '../common/config';
import { tracingEnabled } from '../common/spans';
import { loadTracingConfig, startTracing, type Tracing } from '../common/tracing';
import { SUBGRAPH_NAMES } from '../common/subgraphs';
import { STORY } from '../demo/stories';
import { startTestGraph, type TestGraph } from './support/graph';
import { SpanKindCode, startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from './support/otlpReceiver';

const OVERVIEW = readFileSync(join(__dirname, '..', 'schema', 'operations', 'agent-console', 'customerOverview.graphql'), 'utf8');
const CANCEL = readFileSync(join(__dirname, '..', 'schema', 'operations', 'agent-console', 'cancelOrder.graphql'), 'utf8');
const BOB = STORY.bob;

/** Each subgraph's incoming GraphQL requests' traceparent header (undefined: none sent). */
function recordTraceparents(graph: TestGraph): Array<string | undefined> {
  const seen: Array<string | undefined> = [];
  for (const subgraph of Object.values(graph.subgraphs)) {
    subgraph!.httpServer.on('request', (req: IncomingMessage) => {
      if (req.method === 'POST') seen.push(req.headers.traceparent as string | undefined);
    });
  }
  return seen;
}

describe('tracing configuration', () => {
  test('When the environment names no exporter and no OTLP endpoint, then tracing is off', () => {
    expect(loadTracingConfig('gateway', {})).toBeUndefined();
    expect(loadTracingConfig('gateway', { OTEL_TRACES_EXPORTER: 'none', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toBeUndefined();
    expect(loadTracingConfig('gateway', { OTEL_SDK_DISABLED: 'true', OTEL_TRACES_EXPORTER: 'otlp' })).toBeUndefined();
  });

  test('When only an OTLP endpoint is set, then traces go over OTLP/HTTP to its /v1/traces, named by OTEL_SERVICE_NAME', () => {
    const config = loadTracingConfig('gateway', { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318/', OTEL_SERVICE_NAME: 'edge' });
    expect(config).toMatchObject({ exporters: ['otlp'], otlpUrl: 'http://127.0.0.1:4318/v1/traces', serviceName: 'edge', sampler: 'parentbased_always_on' });
    expect(loadTracingConfig('subgraph-orders', { OTEL_TRACES_EXPORTER: 'otlp,console' })).toMatchObject({
      exporters: ['otlp', 'console'],
      otlpUrl: 'http://localhost:4318/v1/traces',
      serviceName: 'subgraph-orders',
    });
    expect(
      loadTracingConfig('gateway', {
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'https://otel.example.com/traces',
        OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
        OTEL_TRACES_SAMPLER_ARG: '0.25',
        OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment.name=prod,team=customer%20graph',
      }),
    ).toMatchObject({
      otlpUrl: 'https://otel.example.com/traces',
      samplerRatio: 0.25,
      resourceAttributes: { 'deployment.environment.name': 'prod', team: 'customer graph' },
    });
  });

  test('When the tracing environment is nonsense, then start-up fails naming the variable', () => {
    const bad = [
      { OTEL_TRACES_EXPORTER: 'jaeger' },
      { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4317', OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' },
      { OTEL_TRACES_EXPORTER: 'otlp', OTEL_TRACES_SAMPLER: 'sometimes' },
      { OTEL_TRACES_EXPORTER: 'otlp', OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: '5' },
      { OTEL_TRACES_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'not a url' },
    ];
    for (const env of bad) expect(() => loadTracingConfig('gateway', env)).toThrow(ConfigError);
  });
});

// First, while no tracer provider was ever registered in this process (the OTel API's globals are process-wide).
describe('tracing not configured', () => {
  let graph: TestGraph;
  let traceparents: Array<string | undefined>;

  beforeAll(async () => {
    graph = await startTestGraph();
    traceparents = recordTraceparents(graph);
  });
  afterAll(() => graph?.stop());

  test('When no exporter is configured, then no span is recorded and subgraph requests carry no traceparent', async () => {
    expect(await startTracing('customer-graph', { OTEL_TRACES_EXPORTER: 'none' })).toBeUndefined();
    expect(tracingEnabled()).toBe(false);
    const response = await graph.query(OVERVIEW, { email: BOB.email }, { traceparent: `00-${'a'.repeat(32)}-${'b'.repeat(16)}-01` });
    expect(response.errors).toBeUndefined();
    expect(response.data.customer.name).toBe('Bob Jones');
    expect(traceparents.length).toBeGreaterThanOrEqual(SUBGRAPH_NAMES.length);
    // Not even the caller's traceparent is passed on: nothing in the gateway reads it.
    expect(traceparents.filter((value) => value !== undefined)).toEqual([]);
    const probe = trace.getTracer('probe').startSpan('probe');
    expect(probe.isRecording()).toBe(false);
    probe.end();
  });
});

describe('tracing to an OTLP/HTTP collector', () => {
  let receiver: OtlpReceiver;
  let tracing: Tracing;
  let graph: TestGraph;
  let traceparents: Array<string | undefined>;

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    tracing = (await startTracing('customer-graph', { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url }))!;
    graph = await startTestGraph();
    traceparents = recordTraceparents(graph);
  });
  afterAll(async () => {
    await graph?.stop();
    await tracing?.shutdown();
    // The OTel API's globals outlive any one provider: leave none behind.
    trace.disable();
    propagation.disable();
    context.disable();
    await receiver?.close();
  });

  /** Every span exported so far of the trace whose gateway SERVER span carries this request id. */
  async function traceOf(requestId: string): Promise<{ root: ReceivedSpan; spans: ReceivedSpan[] }> {
    await tracing.forceFlush();
    const root = receiver.spans.find(
      (s) => s.kind === SpanKindCode.SERVER && s.attributes['subgraph.name'] === undefined && s.attributes['request.id'] === requestId,
    );
    if (!root) throw new Error(`no gateway SERVER span with request id ${requestId}`);
    return { root, spans: receiver.spans.filter((s) => s.traceId === root.traceId) };
  }

  const parentOf = (span: ReceivedSpan, spans: ReceivedSpan[]) => spans.find((s) => s.spanId === span.parentSpanId);
  const subgraphServer = (spans: ReceivedSpan[], name: string) =>
    spans.filter((s) => s.kind === SpanKindCode.SERVER && s.attributes['subgraph.name'] === name);

  test('When a customer overview goes through the gateway, then one trace holds the gateway spans, a SERVER span of each subgraph under its gateway.fetch, and SQL spans under those', async () => {
    const response = await graph.query(OVERVIEW, { email: BOB.email }, { 'x-request-id': 'trace-overview-1' });
    expect(response.errors).toBeUndefined();
    const { root, spans } = await traceOf('trace-overview-1');
    expect(root.service).toBe('customer-graph');
    expect(root.name).toBe('POST /graphql');
    expect(root.parentSpanId).toBeUndefined();
    expect(root.attributes).toMatchObject({ 'http.response.status_code': 200, 'graphql.operation.name': 'AgentCustomerOverview', 'graphql.operation.type': 'query' });
    const request = spans.find((s) => s.name === 'gateway.request')!;
    expect(parentOf(request, spans)).toBe(root);
    const fetches = spans.filter((s) => s.name === 'gateway.fetch');
    expect(new Set(fetches.map((s) => s.attributes.service))).toEqual(new Set(SUBGRAPH_NAMES));

    for (const name of SUBGRAPH_NAMES) {
      const servers = subgraphServer(spans, name);
      expect([name, servers.length > 0]).toEqual([name, true]);
      for (const server of servers) {
        const parent = parentOf(server, spans)!;
        expect([name, parent.name, parent.attributes.service]).toEqual([name, 'gateway.fetch', name]);
        expect(server.attributes['request.id']).toBe('trace-overview-1');
        expect(server.attributes['graphql.operation.name']).toMatch(/^AgentCustomerOverview__/);
        expect(server.statusCode).not.toBe(2);
      }
      const statements = spans.filter((s) => s.attributes['db.system'] === 'postgresql' && servers.includes(parentOf(s, spans)!));
      expect([name, statements.length > 0]).toEqual([name, true]);
      for (const statement of statements) {
        expect(statement.kind).toBe(SpanKindCode.CLIENT);
        expect(statement.attributes['db.namespace']).toContain(name); // the subgraph's schema (a test's own here)
        // Reads, and the access-log entry an agent's read of a customer writes; parameters stay $n.
        expect(statement.attributes['db.statement']).toMatch(/^(SELECT|WITH|INSERT INTO customer_access_log) /);
        expect(statement.name).toBe(`${String(statement.attributes['db.statement']).split(' ')[0]} ${statement.attributes['db.namespace']}`);
      }
    }
    // Every subgraph request of the traced gateway carried a trace context.
    expect(traceparents.length).toBeGreaterThanOrEqual(SUBGRAPH_NAMES.length);
    expect(traceparents.every((value) => value?.includes(root.traceId))).toBe(true);
  });

  test('When spans are exported, then they carry no private data: no email, phone, token or forwarded identity', async () => {
    const token = await graph.token('agent');
    await graph.query(OVERVIEW, { email: BOB.email }, { 'x-request-id': 'trace-private-1' });
    await graph.query('query ByPhone($phone: String!) { customer(phone: $phone) { name } }', { phone: '(555) 010-0200' }, { 'x-request-id': 'trace-private-2' });
    const { spans } = await traceOf('trace-private-2');
    expect(spans.some((s) => s.attributes['db.system'] === 'postgresql')).toBe(true);
    const exported = receiver.bodies.join('\n');
    for (const secret of [BOB.email, BOB.phone, '010-0200', token, token.split('.')[2], 'x-identity', 'Bearer']) {
      expect([secret, exported.includes(secret)]).toEqual([secret, false]);
    }
  });

  test('When the caller sends a traceparent, then the gateway continues that trace down to the subgraphs', async () => {
    const traceId = randomBytes(16).toString('hex');
    const callerSpanId = randomBytes(8).toString('hex');
    // Named afresh: the earlier overviews' entity fetches are in the entity cache, and a warm one reaches no subgraph.
    const fresh = OVERVIEW.replace('query AgentCustomerOverview', 'query ContinuedOverview');
    await graph.query(fresh, { email: BOB.email }, { traceparent: `00-${traceId}-${callerSpanId}-01`, 'x-request-id': 'trace-continued-1' });
    const { root, spans } = await traceOf('trace-continued-1');
    expect(root.traceId).toBe(traceId);
    expect(root.parentSpanId).toBe(callerSpanId);
    for (const name of SUBGRAPH_NAMES) expect([name, subgraphServer(spans, name).length > 0]).toEqual([name, true]);
  });

  test('When an operation fails, then the gateway span is marked an error with the codes, and no subgraph is traced', async () => {
    const response = await graph.query('{ customer(email: ', {}, { 'x-request-id': 'trace-error-1' });
    expect(response.status).toBe(400);
    const { root, spans } = await traceOf('trace-error-1');
    expect(root.statusCode).toBe(2);
    expect(root.attributes).toMatchObject({ 'http.response.status_code': 400, 'graphql.error.codes': ['GRAPHQL_PARSE_FAILED'] });
    expect(spans.filter((s) => s.attributes['subgraph.name'] !== undefined)).toEqual([]);
  });

  test('When an order is cancelled, then publishing its event and sending the notification join the trace of the mutation', async () => {
    const response = await graph.query(CANCEL, { number: BOB.placedOrder, reason: 'CUSTOMER_REQUEST' }, { 'x-request-id': 'trace-cancel-1' });
    expect(response.errors).toBeUndefined();
    await graph.settle();
    const { spans } = await traceOf('trace-cancel-1');
    const orders = subgraphServer(spans, 'orders');
    const publish = spans.find((s) => s.name === 'publish orders.OrderCancelled')!;
    expect(publish.kind).toBe(SpanKindCode.PRODUCER);
    expect(orders).toContain(parentOf(publish, spans));
    const processing = spans.find((s) => s.name === 'process orders.OrderCancelled')!;
    expect(processing.kind).toBe(SpanKindCode.CONSUMER);
    expect(processing.attributes['messaging.consumer.group.name']).toBe('notifications');
    expect(parentOf(processing, spans)).toBe(publish);
    const send = spans.find((s) => s.name === 'send notification')!;
    expect(parentOf(send, spans)).toBe(processing);
    expect(send.attributes).toEqual({ 'notification.channel': 'EMAIL', 'notification.topic': 'ORDER_CANCELLED' });
    const notificationSql = spans.filter((s) => String(s.attributes['db.namespace']).includes('notifications') && parentOf(s, spans) === processing);
    expect(notificationSql.length).toBeGreaterThan(0);
  });
});
