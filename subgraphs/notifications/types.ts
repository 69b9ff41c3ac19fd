/** The shapes Notifications works with, as plain data. */
export type NotificationChannel = 'EMAIL' | 'SMS' | 'PUSH' | 'POST';
export type NotificationTopic =
  | 'ORDER_CONFIRMED'
  | 'ORDER_SHIPPED'
  | 'ORDER_DELIVERED'
  | 'ORDER_CANCELLED'
  | 'RETURN_REQUESTED'
  | 'CASE_UPDATE'
  | 'PROMOTION';
export type DeliveryStatus = 'PENDING' | 'DELIVERED';

/** A notification as stored. */
export interface NotificationRecord {
  id: string;
  customerId: string;
  channel: NotificationChannel;
  topic: NotificationTopic;
  subject: string;
  body: string;
  sentAt: Date;
  orderNumber: string | null;
  caseNumber: string | null;
  eventId: string | null;
  deliveryStatus: DeliveryStatus;
  deliveredAt: Date | null;
}

/** What a rendered event turns into before it has an id. */
export interface NotificationDraft {
  customerId: string;
  channel: NotificationChannel;
  topic: NotificationTopic;
  subject: string;
  body: string;
  orderNumber: string | null;
  caseNumber: string | null;
}
