import { randomBytes } from 'node:crypto';
import { connect, type JetStreamManager, type StoredMsg } from 'nats';
import { DeadLetterHeader } from '../../../../common/bus/deadLetters';
import { naming, loadNatsBusConfig, type NatsBusConfig } from '../../../../common/bus/natsConfig';

/** The servers these suites need; unset on a bare machine, where the suites are skipped. */
export const NATS_URL = process.env.NATS_URL || undefined;
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL || undefined;

/** `describe` when every named server is configured, else `describe.skip` (jest still lists the tests as skipped). */
export function describeWith(servers: Array<'NATS_URL' | 'TEST_DATABASE_URL'>): jest.Describe {
  const missing = servers.filter((name) => !process.env[name]);
  if (missing.length === 0) return describe;
  // Said once per file, so a green run on a bare machine does not pass for a tested one (written
  // past jest's console, which it drops for a file whose tests were all skipped).
  const file = (expect.getState().testPath ?? 'a scale suite').replace(/^.*\/test\//, 'test/');
  process.stderr.write(`skipped ${file}: set ${missing.join(' and ')} to run it\n`);
  return describe.skip;
}

export type BusEnv = Record<string, string>;

/**
 * Bus settings for one test file: a stream and subject prefix of its own (so parallel runs and
 * other developers' streams never mix) and short timings, so redelivery shows within a test.
 */
export function testBusEnv(overrides: BusEnv = {}): BusEnv {
  const tag = randomBytes(4).toString('hex');
  return {
    NATS_URL: NATS_URL ?? '',
    NATS_STREAM: `T_EVENTS_${tag}`,
    NATS_SUBJECT_PREFIX: `t_${tag}.events`,
    NATS_ACK_WAIT_MS: '2000',
    NATS_MAX_DELIVER: '3',
    NATS_RETRY_DELAY_MS: '100',
    NATS_PUBLISH_TIMEOUT_MS: '1000',
    NATS_RECONNECT_WAIT_MS: '200',
    NATS_DUPLICATE_WINDOW_MS: '60000',
    NATS_STREAM_MAX_AGE_HOURS: '1',
    LOG_LEVEL: 'silent',
    ...overrides,
  };
}

export function busConfig(env: BusEnv): NatsBusConfig {
  const config = loadNatsBusConfig(env);
  if (!config) throw new Error('NATS_URL is not set');
  return config;
}

/** Inspects and removes a test's streams through a connection of its own. */
export async function withJetStream<T>(fn: (jsm: JetStreamManager) => Promise<T>): Promise<T> {
  // Read now, not at import: the bench sets a default after its imports ran.
  const nc = await connect({ servers: process.env.NATS_URL });
  try {
    return await fn(await nc.jetstreamManager());
  } finally {
    await nc.close();
  }
}

/** Events the stream holds (duplicates dropped by the broker are not counted). */
/** Events the stream holds; with `source`, only those that subgraph published (Orders' changes, not the notices they caused). */
export function storedEvents(env: BusEnv, source?: string): Promise<number> {
  return withJetStream(async (jsm) => {
    const config = busConfig(env);
    if (!source) return (await jsm.streams.info(config.stream)).state.messages;
    const filter = `${config.subjectPrefix}.${source}.>`;
    const info = await jsm.streams.info(config.stream, { subjects_filter: filter });
    return Object.values(info.state.subjects ?? {}).reduce((sum, count) => sum + count, 0);
  });
}

export interface DeadLetter {
  eventId: string;
  subject: string;
  reason: string;
  consumer: string;
  deliveries: number;
}

/** Every dead letter stored so far, oldest first. */
export function deadLetters(env: BusEnv): Promise<DeadLetter[]> {
  return withJetStream(async (jsm) => {
    const stream = naming.deadStream(busConfig(env));
    const { state } = await jsm.streams.info(stream);
    const letters: DeadLetter[] = [];
    for (let seq = state.first_seq; state.messages > 0 && seq <= state.last_seq; seq++) {
      const m: StoredMsg = await jsm.streams.getMessage(stream, { seq });
      letters.push({
        eventId: (m.json() as { id: string }).id,
        subject: m.subject,
        reason: m.header.get(DeadLetterHeader.reason),
        consumer: m.header.get(DeadLetterHeader.consumer),
        deliveries: Number(m.header.get(DeadLetterHeader.deliveries)),
      });
    }
    return letters;
  });
}

/** Leaves the broker as the test found it. */
export async function deleteStreams(env: BusEnv): Promise<void> {
  if (!process.env.NATS_URL) return;
  const config = busConfig(env);
  await withJetStream(async (jsm) => {
    for (const stream of [config.stream, naming.deadStream(config)]) await jsm.streams.delete(stream).catch(() => false);
  });
}

/** Polls until `check` holds, or fails with what it last saw. */
export async function eventually<T>(read: () => Promise<T>, check: (value: T) => boolean, timeoutMs = 20_000, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!check(value)) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms; last value: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
    value = await read();
  }
  return value;
}

/** What a durable consumer still has to do: events not yet delivered plus delivered but unacknowledged. */
export function consumerBacklog(env: BusEnv, consumer: string): Promise<number> {
  return withJetStream(async (jsm) => {
    const info = await jsm.consumers.info(busConfig(env).stream, consumer);
    return info.num_pending + info.num_ack_pending;
  });
}
