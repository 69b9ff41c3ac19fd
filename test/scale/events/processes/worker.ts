/**
 * One piece of background work alone, as its own process, on the real servers: `relay` is Orders'
 * outbox relay, `consumer` Notifications' event consumer with its log mail transport, wired as
 * their services wire them (minus the GraphQL server, which would only slow the start).
 * Env: DATABASE_URL, DATABASE_SCHEMA (already migrated), NATS_* (common/bus/natsConfig.ts),
 * RELAY_INTERVAL_MS. JSON logs on stdout; `worker ready` says it has started.
 */
import { createEventBus } from '../../../../common/bus/createEventBus';
import { openDatabase } from '../../../../common/db';
import { createLogger } from '../../../../common/logger';
import { startNotificationConsumer } from '../../../../subgraphs/notifications/consumer';
import { LogSender } from '../../../../subgraphs/notifications/sender';
import { OutboxRelay } from '../../../../subgraphs/orders/relay';

async function main(): Promise<void> {
  const kind = process.argv[2];
  if (kind !== 'relay' && kind !== 'consumer') throw new Error('usage: worker.ts <relay|consumer>');
  const { DATABASE_URL: url, DATABASE_SCHEMA: schema } = process.env;
  if (!url || !schema) throw new Error('DATABASE_URL and DATABASE_SCHEMA are required');
  const log = createLogger(kind);
  const db = await openDatabase({ url, schema, poolSize: 4 });
  const bus = await createEventBus(process.env, log.child({ component: 'event-bus' }));
  let stop: () => Promise<void>;
  if (kind === 'relay') {
    const relay = new OutboxRelay(db, bus, log, { intervalMs: Number(process.env.RELAY_INTERVAL_MS ?? 1000) });
    relay.start();
    stop = () => relay.stop();
  } else {
    const consumer = await startNotificationConsumer({ db, bus, log, sender: new LogSender(log.child({ component: 'mail' })) });
    stop = () => consumer.stop();
  }
  log.info({ pid: process.pid }, 'worker ready');
  process.once('SIGTERM', () => {
    void (async () => {
      await stop();
      await bus.close();
      await db.close();
      process.exit(0);
    })();
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
