import { accessLogRules } from '../../common/accessLog';
import type { SubgraphService } from '../../common/subgraph';
import { startNotificationConsumer } from './consumer';
import { createContext, type NotificationsContext } from './context';
import { resolvers } from './resolvers';
import { seed } from './seed';
import { LogSender, type NotificationSender } from './sender';
import { projectPath } from '../../common/paths';
import { OutboxRelay, type RelayOptions } from '../../common/outbox/relay';

export type { NotificationsContext } from './context';
export type { NotificationSender } from './sender';

export interface NotificationsServiceOptions {
  /** Where notifications go out; by default the structured log (the embedded demo's mail transport). */
  sender?: NotificationSender;
  relay?: Omit<RelayOptions, 'source'>;
}

export function createNotificationsService(options: NotificationsServiceOptions = {}): SubgraphService<NotificationsContext> {
  return {
    name: 'notifications',
    resolvers,
    // Notifications' Customer is Orders' customer plus what was sent: the notifications are what is logged.
    accessRules: accessLogRules({ skip: ['Customer'] }),
    migrationsDir: projectPath('subgraphs', 'notifications', 'migrations'),
    seed,
    async start({ db, bus, log }) {
      const sender = options.sender ?? new LogSender(log.child({ component: 'mail' }));
      // Each send is a NotificationSent event (the live graph's NOTIFICATION_SENT); a send kicks the relay,
      // and the regular sweep republishes what a bus outage left behind.
      const relay = new OutboxRelay(db, bus, log.child({ component: 'outbox-relay' }), { ...options.relay, source: 'notifications' });
      relay.start();
      const consumer = await startNotificationConsumer({ db, bus, log, sender, onSent: () => relay.kick() });
      return {
        context: (req) => createContext(req, db, log),
        async settle() {
          await consumer.settle();
          await relay.drain();
        },
        async stop() {
          await consumer.stop();
          await relay.stop();
        },
      };
    },
  };
}

export const notificationsService = createNotificationsService();
