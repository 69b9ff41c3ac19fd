import type {
  ChannelName,
  DemoCase,
  DemoCustomer,
  DemoNotification,
  DemoOrder,
  DemoProduct,
  DemoPromotion,
  DemoWorld,
} from './types';
import { storyWorld } from './stories';

export type { DemoWorld } from './types';

export interface WorldOptions {
  /** How many ordinary customers to generate besides the story customers. */
  customers?: number;
  now?: Date;
  /** The PRNG seed: the same seed gives the same world. */
  seed?: number;
}

const FIRST = ['Ava', 'Ben', 'Cleo', 'Dev', 'Ella', 'Finn', 'Gus', 'Hana', 'Ivo', 'Jade', 'Kai', 'Lena', 'Milo', 'Nora', 'Omar', 'Pia', 'Quinn', 'Rosa', 'Sam', 'Tara', 'Uma', 'Vik', 'Wren', 'Yara', 'Zane'];
const LAST = ['Adams', 'Baker', 'Clark', 'Diaz', 'Evans', 'Fox', 'Garcia', 'Hill', 'Ito', 'Jensen', 'Khan', 'Lopez', 'Meyer', 'Nguyen', 'Okafor', 'Park', 'Quist', 'Reyes', 'Silva', 'Tanaka', 'Underwood', 'Vogel', 'Wright', 'Young', 'Zhou'];
const SUBJECTS = ['Parcel arrived damaged', 'Question about delivery date', 'Wrong colour delivered', 'Invoice copy needed', 'Device will not power on', 'Change delivery address'];
const CHANNELS: ChannelName[] = ['WEB', 'WEB', 'WEB', 'STORE', 'STORE', 'PHONE'];
const CONTACT_CHANNELS: ChannelName[] = ['PHONE', 'EMAIL', 'CHAT', 'WEB'];

const DAY = 24 * 60 * 60 * 1000;

/** Builds the whole demo world deterministically: the story customers first, then generated ones. */
export function buildDemoWorld(options: WorldOptions = {}): DemoWorld {
  const now = options.now ?? new Date();
  const world = storyWorld(now);
  const random = mulberry32(options.seed ?? 20260601);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const count = options.customers ?? 300;
  const products = world.products;

  let orderSeq = 0;
  let caseSeq = 0;
  let notificationSeq = 1000;
  for (let i = 0; i < count; i++) {
    const first = FIRST[i % FIRST.length];
    const last = LAST[Math.floor(i / FIRST.length) % LAST.length];
    const customer: DemoCustomer = {
      id: `CUS-${String(1000 + i).padStart(6, '0')}`,
      name: `${first} ${last}`,
      email: `${first}.${last}.${i}@example.com`.toLowerCase(),
      phone: random() < 0.7 ? `+1555${String(2000000 + i).slice(-7)}` : null,
      createdAt: new Date(now.getTime() - (400 + Math.floor(random() * 900)) * DAY),
    };
    world.customers.push(customer);

    const orderCount = Math.floor(random() * 4);
    for (let o = 0; o < orderCount; o++) {
      const placedAt = new Date(now.getTime() - Math.floor(random() * 700 + 1) * DAY);
      const ageDays = (now.getTime() - placedAt.getTime()) / DAY;
      const status = ageDays < 2 ? 'PLACED' : ageDays < 5 ? 'SHIPPED' : random() < 0.08 ? 'CANCELLED' : 'DELIVERED';
      const lineCount = 1 + Math.floor(random() * 3);
      const chosen = new Set<DemoProduct>();
      while (chosen.size < lineCount) chosen.add(pick(products));
      const order: DemoOrder = {
        number: String(400000000 + orderSeq++),
        customerId: customer.id,
        placedAt,
        channel: pick(CHANNELS),
        status,
        currency: 'USD',
        deliveredAt: status === 'DELIVERED' ? new Date(placedAt.getTime() + 3 * DAY) : null,
        cancellation:
          status === 'CANCELLED'
            ? { reason: pick(['CUSTOMER_REQUEST', 'OUT_OF_STOCK', 'PAYMENT_VERIFICATION_FAILED'] as const), at: new Date(placedAt.getTime() + DAY) }
            : null,
        lines: [...chosen].map((p) => ({ sku: p.sku, quantity: 1 + Math.floor(random() * 2), unitPrice: p.price })),
      };
      world.orders.push(order);
      world.notifications.push(confirmation(`NTF-${String(notificationSeq++).padStart(7, '0')}`, order));

      if (random() < 0.2) {
        const openedAt = new Date(placedAt.getTime() + (2 + Math.floor(random() * 20)) * DAY);
        if (openedAt < now) world.supportCases.push(generatedCase(`CS-${200000 + caseSeq++}`, customer, order, openedAt, random, pick));
      }
    }
    if (random() < 0.3) {
      world.notifications.push(promotionMail(`NTF-${String(notificationSeq++).padStart(7, '0')}`, customer, world.promotions[0], now));
    }
  }
  return world;
}

function confirmation(id: string, order: DemoOrder): DemoNotification {
  return {
    id,
    customerId: order.customerId,
    channel: 'EMAIL',
    topic: 'ORDER_CONFIRMED',
    subject: `Order ${order.number} confirmed`,
    body: `Thank you for your order ${order.number}. We will let you know when it ships.`,
    sentAt: new Date(order.placedAt.getTime() + 60_000),
    orderNumber: order.number,
    caseNumber: null,
  };
}

function promotionMail(id: string, customer: DemoCustomer, promotion: DemoPromotion, now: Date): DemoNotification {
  return {
    id,
    customerId: customer.id,
    channel: 'POST',
    topic: 'PROMOTION',
    subject: promotion.name,
    body: `${promotion.name}: ${promotion.sku} for $${promotion.amount}, in store, online and by phone.`,
    sentAt: new Date(Math.max(promotion.startsAt.getTime(), now.getTime() - DAY)),
    orderNumber: null,
    caseNumber: null,
  };
}

function generatedCase(
  number: string,
  customer: DemoCustomer,
  order: DemoOrder,
  openedAt: Date,
  random: () => number,
  pick: <T>(items: readonly T[]) => T,
): DemoCase {
  const channel = pick(CONTACT_CHANNELS);
  const interactions = [{ at: openedAt, channel, summary: 'Customer got in touch; details recorded.' }];
  const more = Math.floor(random() * 3);
  for (let k = 1; k <= more; k++) {
    interactions.push({ at: new Date(openedAt.getTime() + k * DAY), channel: pick(CONTACT_CHANNELS), summary: `Follow-up ${k}.` });
  }
  return {
    number,
    customerId: customer.id,
    orderNumber: order.number,
    subject: pick(SUBJECTS),
    status: random() < 0.7 ? 'RESOLVED' : 'OPEN',
    openedAt,
    channel,
    interactions,
  };
}

/** A small, fast, seedable PRNG (mulberry32), uniform in [0, 1): the same seed always gives the same world. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
