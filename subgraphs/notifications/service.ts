import { accessLogRules } from '../../common/accessLog';
import type { SubgraphService } from '../../common/subgraph';
import { startNotificationConsumer } from './consumer';
import { createContext, type NotificationsContext } from './context';
import { resolvers } from './resolvers';
import { seed } from './seed';
import { LogSender, type NotificationSender } from './sender';
import { projectPath } from '../../common/paths';

export type { NotificationsContext } from './context';
export type { NotificationSender } from './sender';

export interface NotificationsServiceOptions {
  /** Where notifications go out; by default the structured log (the embedded demo's mail transport). */
  sender?: NotificationSender;
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
      const consumer = await startNotificationConsumer({ db, bus, log, sender });
      return {
        context: (req) => createContext(req, db, log),
        settle: () => consumer.settle(),
        stop: () => consumer.stop(),
      };
    },
  };
}

export const notificationsService = createNotificationsService();
