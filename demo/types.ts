/**
 * The demo world: the five seed stories made real plus ordinary generated customers.
 * Each subgraph seeds only its own slice; identifiers are shared so references line up.
 */
export type ChannelName = 'WEB' | 'STORE' | 'PHONE' | 'EMAIL' | 'CHAT' | 'MAILER';
export type OrderStatusName = 'PLACED' | 'SHIPPED' | 'DELIVERED' | 'CANCELLED' | 'RETURNED';
export type CancellationReasonName =
  | 'CUSTOMER_REQUEST'
  | 'PAYMENT_VERIFICATION_FAILED'
  | 'OUT_OF_STOCK'
  | 'FRAUD_SUSPECTED';

export interface DemoCustomer {
  id: string;
  name: string;
  email: string;
  /** E.164, or null. */
  phone: string | null;
  createdAt: Date;
}

export interface DemoProduct {
  sku: string;
  name: string;
  /** Decimal string. */
  price: string;
  currency: string;
  /** 0 = no warranty. */
  warrantyMonths: number;
}

export interface DemoPromotion {
  id: string;
  sku: string;
  name: string;
  advertisedIn: ChannelName;
  amount: string;
  startsAt: Date;
  endsAt: Date;
}

export interface DemoOrderLine {
  sku: string;
  quantity: number;
  unitPrice: string;
}

export interface DemoOrder {
  number: string;
  customerId: string;
  placedAt: Date;
  channel: ChannelName;
  status: OrderStatusName;
  currency: string;
  /** When the order was delivered, for DELIVERED/RETURNED; warranties run from it. */
  deliveredAt: Date | null;
  cancellation: { reason: CancellationReasonName; at: Date } | null;
  lines: DemoOrderLine[];
}

export interface DemoInteraction {
  at: Date;
  channel: ChannelName;
  summary: string;
}

export interface DemoCase {
  number: string;
  customerId: string;
  orderNumber: string | null;
  subject: string;
  status: 'OPEN' | 'WAITING_ON_CUSTOMER' | 'RESOLVED';
  openedAt: Date;
  channel: ChannelName;
  interactions: DemoInteraction[];
}

/** Notifications that no domain event produces (confirmations, promotions, case replies). */
export interface DemoNotification {
  id: string;
  customerId: string;
  channel: 'EMAIL' | 'SMS' | 'PUSH' | 'POST';
  topic: 'ORDER_CONFIRMED' | 'ORDER_SHIPPED' | 'ORDER_DELIVERED' | 'CASE_UPDATE' | 'PROMOTION';
  subject: string;
  body: string;
  sentAt: Date;
  orderNumber: string | null;
  caseNumber: string | null;
}

export interface DemoWorld {
  /** The moment the world was built for: dates are relative to it. */
  now: Date;
  customers: DemoCustomer[];
  products: DemoProduct[];
  promotions: DemoPromotion[];
  orders: DemoOrder[];
  supportCases: DemoCase[];
  notifications: DemoNotification[];
}
