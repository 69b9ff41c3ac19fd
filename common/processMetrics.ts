import { Counter, Registry } from 'prom-client';

/**
 * Metrics of the shared plumbing (event bus, persisted-query store), one registry per process: the
 * gateway's `/metrics` and each subgraph's `/metrics` append it to their own. Counters only, so two
 * gateways in one process (tests) simply add up.
 */
export const processMetrics = new Registry();

export const deadLetteredEvents = new Counter({
  name: 'events_dead_lettered_total',
  help: 'Events a consumer gave up on and set aside as dead letters, by consumer and bus (in-process, nats)',
  labelNames: ['consumer', 'bus'] as const,
  registers: [processMetrics],
});

export const persistedQueryStoreErrors = new Counter({
  name: 'persisted_query_store_errors_total',
  help: 'Failed calls to the shared persisted-query store (Redis), by operation (get, set); the request goes on without the store',
  labelNames: ['operation'] as const,
  registers: [processMetrics],
});

export const persistedQueryStoreRejected = new Counter({
  name: 'persisted_query_store_rejected_total',
  help: 'Documents the shared persisted-query store returned that did not match their hash; dropped, never run',
  registers: [processMetrics],
});

/** The registry's text, for appending to another registry's `/metrics` answer. */
export function processMetricsText(): Promise<string> {
  return processMetrics.metrics();
}
