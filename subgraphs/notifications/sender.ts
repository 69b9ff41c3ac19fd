import type { Logger } from '../../common/logger';
import type { NotificationRecord } from './types';

/** The way out to the customer (mail, SMS, push gateway). Resolves once the message is accepted. */
export interface NotificationSender {
  send(notification: NotificationRecord): Promise<void>;
}

/**
 * The embedded demo's mail transport: the outgoing message, complete, as one structured log line.
 * Operators and the demo read what the customer was sent from the logs.
 */
export class LogSender implements NotificationSender {
  constructor(private readonly log: Logger) {}

  async send(n: NotificationRecord): Promise<void> {
    this.log.info(
      {
        notificationId: n.id,
        to: n.customerId,
        channel: n.channel,
        topic: n.topic,
        subject: n.subject,
        body: n.body,
        orderNumber: n.orderNumber,
        caseNumber: n.caseNumber,
      },
      'notification sent',
    );
  }
}
