import {
  AckPolicy,
  DeliverPolicy,
  DiscardPolicy,
  nanos,
  RetentionPolicy,
  StorageType,
  type ConsumerConfig,
  type JetStreamManager,
  type StreamConfig,
} from 'nats';
import { naming, type NatsBusConfig } from './natsConfig';

/**
 * Creates the streams, or brings their settings up to date, so any process may start first.
 * Two processes starting at once both succeed: an identical `add` is accepted by the server.
 */
export async function ensureStreams(jsm: JetStreamManager, config: NatsBusConfig): Promise<void> {
  await ensureStream(jsm, {
    name: config.stream,
    subjects: [naming.eventSubjects(config)],
    retention: RetentionPolicy.Limits,
    storage: StorageType.File,
    discard: DiscardPolicy.Old,
    max_age: nanos(config.maxAgeHours * 3_600_000),
    duplicate_window: nanos(config.duplicateWindowMs),
  });
  // Dead letters wait for a person: no age limit.
  await ensureStream(jsm, {
    name: naming.deadStream(config),
    subjects: [naming.deadSubjects(config)],
    retention: RetentionPolicy.Limits,
    storage: StorageType.File,
    discard: DiscardPolicy.Old,
    max_age: 0,
    duplicate_window: nanos(config.duplicateWindowMs),
  });
}

async function ensureStream(jsm: JetStreamManager, wanted: Partial<StreamConfig> & { name: string }): Promise<void> {
  const existing = await jsm.streams.info(wanted.name).catch(notFoundAsUndefined);
  if (!existing) {
    await jsm.streams.add(wanted);
    return;
  }
  const { name, storage: _immutable, ...updatable } = wanted;
  await jsm.streams.update(name, { ...existing.config, ...updatable });
}

/**
 * The durable consumer of one consuming subgraph, shared by all its processes (they split the work).
 * A new one starts at the beginning of the stream, so events published before the consumer's first
 * start (a relay that came up first) are not lost. The server redelivers without limit: counting
 * deliveries and dead-lettering is the bus's job, because a server-side cap would stop redelivering
 * before the dead letter was safely written.
 */
export async function ensureConsumer(jsm: JetStreamManager, config: NatsBusConfig, consumer: string): Promise<string> {
  const durable = naming.durable(consumer);
  const settings: Partial<ConsumerConfig> = {
    ack_policy: AckPolicy.Explicit,
    ack_wait: nanos(config.ackWaitMs),
    max_deliver: -1,
    max_ack_pending: config.maxAckPending,
    filter_subject: naming.eventSubjects(config),
  };
  const existing = await jsm.consumers.info(config.stream, durable).catch(notFoundAsUndefined);
  if (existing) {
    await jsm.consumers.update(config.stream, durable, settings);
  } else {
    await jsm.consumers.add(config.stream, { ...settings, durable_name: durable, deliver_policy: DeliverPolicy.All });
  }
  return durable;
}

function notFoundAsUndefined(error: unknown): undefined {
  const code = (error as { api_error?: { err_code?: number } })?.api_error?.err_code;
  // 10059: stream not found; 10014: consumer not found.
  if (code === 10059 || code === 10014) return undefined;
  throw error;
}
