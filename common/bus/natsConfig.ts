import { ConfigError, readInt, readString, type Env } from '../config';

/** Settings of the JetStream event bus; every one from the environment (docs/deployment.md). */
export interface NatsBusConfig {
  /** NATS_URL: one server or a comma-separated list. */
  servers: string[];
  /** NATS_STREAM (DOMAIN_EVENTS): the stream of domain events; dead letters go to `<stream>_DEAD`. */
  stream: string;
  /** NATS_SUBJECT_PREFIX (events): events are `<prefix>.<source>.<type>`, dead letters `dead.<prefix>.<consumer>`. */
  subjectPrefix: string;
  /** NATS_ACK_WAIT_MS (30000): an unacknowledged delivery (a crashed consumer) is redelivered after this. */
  ackWaitMs: number;
  /** NATS_MAX_DELIVER (5): deliveries of one event to one consumer before it goes to the dead letters. */
  maxDeliver: number;
  /** NATS_MAX_ACK_PENDING (64): events one durable consumer may have in flight, over all its processes. */
  maxAckPending: number;
  /** NATS_CONSUMER_CONCURRENCY (16): events one process handles at once. */
  concurrency: number;
  /** NATS_RETRY_DELAY_MS (1000): delay before the first redelivery of a failed event; doubles each time. */
  retryDelayMs: number;
  /** NATS_PUBLISH_TIMEOUT_MS (5000): how long a publish waits for the broker's acknowledgement. */
  publishTimeoutMs: number;
  /** NATS_RECONNECT_WAIT_MS (2000): wait between reconnection attempts; the bus never gives up. */
  reconnectWaitMs: number;
  /** NATS_DUPLICATE_WINDOW_MS (120000): a republished event id inside this window is stored once. */
  duplicateWindowMs: number;
  /** NATS_STREAM_MAX_AGE_HOURS (168): how long the stream keeps events (for late or new consumers). */
  maxAgeHours: number;
}

/** Stream and durable names: NATS forbids dots, wildcards and spaces in them. */
const NAME = /^[A-Za-z0-9_-]+$/;
/** Subject tokens separated by dots, no wildcards. */
const SUBJECT_PREFIX = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/;

/** The bus settings, or undefined when NATS_URL is unset (the in-process bus is used then). */
export function loadNatsBusConfig(env: Env): NatsBusConfig | undefined {
  const url = readString(env, 'NATS_URL');
  if (!url) return undefined;
  const stream = readString(env, 'NATS_STREAM', 'DOMAIN_EVENTS');
  const subjectPrefix = readString(env, 'NATS_SUBJECT_PREFIX', 'events');
  if (!NAME.test(stream)) throw new ConfigError(`NATS_STREAM must be letters, digits, _ or -, got "${stream}"`);
  if (!SUBJECT_PREFIX.test(subjectPrefix)) throw new ConfigError(`NATS_SUBJECT_PREFIX is not a subject prefix: "${subjectPrefix}"`);
  const config: NatsBusConfig = {
    servers: url.split(',').map((s) => s.trim()).filter(Boolean),
    stream,
    subjectPrefix,
    ackWaitMs: readInt(env, 'NATS_ACK_WAIT_MS', 30_000),
    maxDeliver: readInt(env, 'NATS_MAX_DELIVER', 5),
    maxAckPending: readInt(env, 'NATS_MAX_ACK_PENDING', 64),
    concurrency: readInt(env, 'NATS_CONSUMER_CONCURRENCY', 16),
    retryDelayMs: readInt(env, 'NATS_RETRY_DELAY_MS', 1000),
    publishTimeoutMs: readInt(env, 'NATS_PUBLISH_TIMEOUT_MS', 5000),
    reconnectWaitMs: readInt(env, 'NATS_RECONNECT_WAIT_MS', 2000),
    duplicateWindowMs: readInt(env, 'NATS_DUPLICATE_WINDOW_MS', 120_000),
    maxAgeHours: readInt(env, 'NATS_STREAM_MAX_AGE_HOURS', 168),
  };
  const atLeastOne = {
    NATS_ACK_WAIT_MS: config.ackWaitMs,
    NATS_MAX_DELIVER: config.maxDeliver,
    NATS_MAX_ACK_PENDING: config.maxAckPending,
    NATS_CONSUMER_CONCURRENCY: config.concurrency,
    NATS_PUBLISH_TIMEOUT_MS: config.publishTimeoutMs,
    NATS_DUPLICATE_WINDOW_MS: config.duplicateWindowMs,
  };
  for (const [key, value] of Object.entries(atLeastOne)) {
    if (value < 1) throw new ConfigError(`${key} must be at least 1, got ${value}`);
  }
  return config;
}

/** The JetStream names and subjects derived from the settings, in one place. */
export const naming = {
  eventSubject: (c: NatsBusConfig, source: string, type: string) => `${c.subjectPrefix}.${token(source)}.${token(type)}`,
  eventSubjects: (c: NatsBusConfig) => `${c.subjectPrefix}.>`,
  deadStream: (c: NatsBusConfig) => `${c.stream}_DEAD`,
  deadSubject: (c: NatsBusConfig, consumer: string) => `dead.${c.subjectPrefix}.${token(consumer)}`,
  deadSubjects: (c: NatsBusConfig) => `dead.${c.subjectPrefix}.>`,
  durable: (consumer: string) => {
    if (!NAME.test(consumer)) throw new Error(`consumer name "${consumer}" must be letters, digits, _ or -`);
    return consumer;
  },
};

/** One subject token from a free-form name: no dots or wildcards may split or widen the subject. */
function token(name: string): string {
  const cleaned = name.replace(/[^A-Za-z0-9_-]/g, '_');
  if (!cleaned) throw new Error('an event needs a source and a type');
  return cleaned;
}
