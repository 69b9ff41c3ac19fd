import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { BoundedLabels } from './boundedLabels';

/** How a request or subgraph fetch ended, as a label. */
export type RequestOutcome = 'ok' | 'partial' | 'error';
export type FetchOutcome = 'ok' | 'graphql_error' | 'timeout' | 'unavailable';

/** Distinct operation names or error codes outside the catalogue before the rest become `other`. */
const MAX_UNKNOWN_LABELS = 100;
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * The gateway's Prometheus metrics, in a registry of its own (not prom-client's global one), so
 * that several gateways in one process (tests) keep separate counts.
 */
export class GatewayMetrics {
  readonly registry = new Registry();
  readonly operations: BoundedLabels;
  private readonly codes = new BoundedLabels([], MAX_UNKNOWN_LABELS);
  private readonly requests = new Counter({
    name: 'graphql_requests_total',
    help: 'GraphQL operations answered, by operation name and outcome (ok, partial, error)',
    labelNames: ['operation', 'outcome'] as const,
    registers: [this.registry],
  });
  private readonly duration = new Histogram({
    name: 'graphql_request_duration_seconds',
    help: 'Time from receiving a GraphQL operation to sending its answer',
    labelNames: ['operation'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  private readonly errors = new Counter({
    name: 'graphql_errors_total',
    help: 'GraphQL errors in answers, by extensions.code',
    labelNames: ['code'] as const,
    registers: [this.registry],
  });
  private readonly fetches = new Histogram({
    name: 'subgraph_fetch_duration_seconds',
    help: 'Time of each fetch from the gateway to a subgraph (retry included), by subgraph and outcome',
    labelNames: ['subgraph', 'outcome'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  /** @param knownOperations the catalogue's operation names, always labelled as themselves. */
  constructor(knownOperations: Iterable<string>) {
    this.operations = new BoundedLabels(['anonymous', ...knownOperations], MAX_UNKNOWN_LABELS);
    collectDefaultMetrics({ register: this.registry });
  }

  request(operationName: string | null | undefined, outcome: RequestOutcome, seconds: number): void {
    const operation = this.operations.label(operationName || 'anonymous');
    this.requests.inc({ operation, outcome });
    this.duration.observe({ operation }, seconds);
  }

  error(code: string): void {
    this.errors.inc({ code: this.codes.label(code) });
  }

  subgraphFetch(subgraph: string, outcome: FetchOutcome, seconds: number): void {
    this.fetches.observe({ subgraph, outcome }, seconds);
  }
}
