-- The W3C trace context (traceparent, tracestate) of the request that recorded an event, when tracing
-- was on: the relay sends it with the event, so the consumers' work joins that request's trace.
-- Nullable: rows recorded without tracing, or by an older process, have none.
ALTER TABLE outbox ADD COLUMN trace_context JSONB;
