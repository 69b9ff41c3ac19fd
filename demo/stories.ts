import type { DemoCase, DemoProduct, DemoWorld } from './types';

/**
 * The five seed stories (shared/seeds) as data. The identifiers here are fixed: acceptance
 * tests, the docs (docs/demo-world.md) and the agent tools' examples use them.
 */
export const STORY = {
  alice: { id: 'CUS-000001', email: 'alice.smith@email.com', order: '123456789', laptop: 'DELL-INSPIRON-15-3000' },
  bob: { id: 'CUS-000002', email: 'bob.jones@email.com', phone: '+15550100200', deliveredOrder: '987654321', placedOrder: '987654322' },
  chris: { id: 'CUS-000003', email: 'chris.taylor@email.com', order: '314159265', case: 'CS-100003' },
  dana: { id: 'CUS-000004', email: 'dana.lee@email.com', order: '271828182', incident: 'CS-482913', sku: 'KAYAK-TOURING-12' },
  erin: { id: 'CUS-000005', email: 'erin.moore@email.com', order: '161803398' },
  partyLights: { sku: 'PARTY-LIGHTS-20', shelfPrice: '24.99', mailerPrice: '19.99' },
} as const;

const DAY = 24 * 60 * 60 * 1000;

const PRODUCTS: DemoProduct[] = [
  { sku: 'DELL-INSPIRON-15-3000', name: 'Dell Inspiron 15 3000 Series Laptop', price: '549.99', currency: 'USD', warrantyMonths: 24 },
  { sku: 'HP-PAVILION-14', name: 'HP Pavilion 14 Laptop', price: '699.00', currency: 'USD', warrantyMonths: 24 },
  { sku: 'NOTEBOOK-PRO-14', name: 'Notebook Pro 14', price: '1249.00', currency: 'USD', warrantyMonths: 36 },
  { sku: 'USB-C-CHARGER-65W', name: 'USB-C Charger 65 W', price: '39.95', currency: 'USD', warrantyMonths: 12 },
  { sku: 'KAYAK-TOURING-12', name: 'Touring Kayak 12 ft', price: '899.00', currency: 'USD', warrantyMonths: 12 },
  { sku: 'PARTY-LIGHTS-20', name: 'Party Lights, 20 bulbs', price: '24.99', currency: 'USD', warrantyMonths: 0 },
  { sku: 'CERAMIC-TEAPOT', name: 'Ceramic Teapot', price: '34.50', currency: 'USD', warrantyMonths: 0 },
  { sku: 'NOISE-CANCEL-HEADPHONES', name: 'Noise-Cancelling Headphones', price: '249.99', currency: 'USD', warrantyMonths: 12 },
  { sku: 'SMART-TV-55', name: 'Smart TV 55 in', price: '599.00', currency: 'USD', warrantyMonths: 24 },
  { sku: 'TENT-2P', name: 'Two-Person Tent', price: '189.00', currency: 'USD', warrantyMonths: 12 },
  { sku: 'HIKING-BOOTS', name: 'Hiking Boots', price: '129.95', currency: 'USD', warrantyMonths: 0 },
  { sku: 'COFFEE-GRINDER', name: 'Burr Coffee Grinder', price: '89.00', currency: 'USD', warrantyMonths: 12 },
  { sku: 'WIRELESS-MOUSE', name: 'Wireless Mouse', price: '24.00', currency: 'USD', warrantyMonths: 12 },
  { sku: 'MECH-KEYBOARD', name: 'Mechanical Keyboard', price: '119.00', currency: 'USD', warrantyMonths: 12 },
  { sku: 'E-READER-6', name: 'E-Reader 6 in', price: '139.99', currency: 'USD', warrantyMonths: 12 },
  { sku: 'BLENDER-1200', name: 'Blender 1200 W', price: '79.90', currency: 'USD', warrantyMonths: 24 },
  { sku: 'YOGA-MAT', name: 'Yoga Mat', price: '29.00', currency: 'USD', warrantyMonths: 0 },
  { sku: 'BIKE-HELMET', name: 'Bike Helmet', price: '59.00', currency: 'USD', warrantyMonths: 0 },
  { sku: 'DESK-LAMP-LED', name: 'LED Desk Lamp', price: '45.00', currency: 'USD', warrantyMonths: 12 },
  { sku: 'GIFT-HAMPER', name: 'Gourmet Gift Hamper', price: '74.00', currency: 'USD', warrantyMonths: 0 },
];

/** June 1 of this year when it has passed with time to deliver, else of last year. */
function aliceOrderDate(now: Date): Date {
  const thisYear = new Date(Date.UTC(now.getUTCFullYear(), 5, 1, 14, 30));
  if (now.getTime() - thisYear.getTime() > 10 * DAY) return thisYear;
  return new Date(Date.UTC(now.getUTCFullYear() - 1, 5, 1, 14, 30));
}

const ago = (now: Date, days: number) => new Date(now.getTime() - days * DAY);

export function storyWorld(now: Date): DemoWorld {
  const alicePlaced = aliceOrderDate(now);
  const chrisCase = chrisRepairHistory(now);
  return {
    now,
    products: PRODUCTS.map((p) => ({ ...p })),
    promotions: [
      {
        id: 'PROMO-MAILER-LIGHTS',
        sku: STORY.partyLights.sku,
        name: 'Garden party mailer',
        advertisedIn: 'MAILER',
        amount: STORY.partyLights.mailerPrice,
        startsAt: ago(now, 7),
        endsAt: new Date(now.getTime() + 21 * DAY),
      },
    ],
    customers: [
      { id: STORY.alice.id, name: 'Alice Smith', email: STORY.alice.email, phone: '+15550100100', createdAt: ago(now, 900) },
      { id: STORY.bob.id, name: 'Bob Jones', email: STORY.bob.email, phone: STORY.bob.phone, createdAt: ago(now, 800) },
      { id: STORY.chris.id, name: 'Chris Taylor', email: STORY.chris.email, phone: '+15550100300', createdAt: ago(now, 1000) },
      { id: STORY.dana.id, name: 'Dana Lee', email: STORY.dana.email, phone: null, createdAt: ago(now, 300) },
      { id: STORY.erin.id, name: 'Erin Moore', email: STORY.erin.email, phone: '+15550100500', createdAt: ago(now, 60) },
    ],
    orders: [
      {
        number: STORY.alice.order, customerId: STORY.alice.id, placedAt: alicePlaced, channel: 'WEB', status: 'DELIVERED',
        currency: 'USD', deliveredAt: new Date(alicePlaced.getTime() + 3 * DAY), cancellation: null,
        lines: [{ sku: STORY.alice.laptop, quantity: 1, unitPrice: '549.99' }],
      },
      {
        number: STORY.bob.deliveredOrder, customerId: STORY.bob.id, placedAt: ago(now, 120), channel: 'WEB', status: 'DELIVERED',
        currency: 'USD', deliveredAt: ago(now, 116), cancellation: null,
        lines: [{ sku: 'HP-PAVILION-14', quantity: 1, unitPrice: '699.00' }],
      },
      {
        number: STORY.bob.placedOrder, customerId: STORY.bob.id, placedAt: ago(now, 1), channel: 'WEB', status: 'PLACED',
        currency: 'USD', deliveredAt: null, cancellation: null,
        lines: [{ sku: 'USB-C-CHARGER-65W', quantity: 1, unitPrice: '39.95' }, { sku: 'WIRELESS-MOUSE', quantity: 2, unitPrice: '24.00' }],
      },
      {
        number: STORY.chris.order, customerId: STORY.chris.id, placedAt: ago(now, 420), channel: 'WEB', status: 'DELIVERED',
        currency: 'USD', deliveredAt: ago(now, 417), cancellation: null,
        lines: [{ sku: 'NOTEBOOK-PRO-14', quantity: 1, unitPrice: '1249.00' }],
      },
      {
        number: STORY.dana.order, customerId: STORY.dana.id, placedAt: ago(now, 40), channel: 'PHONE', status: 'DELIVERED',
        currency: 'USD', deliveredAt: ago(now, 33), cancellation: null,
        lines: [{ sku: STORY.dana.sku, quantity: 1, unitPrice: '849.00' }],
      },
      {
        number: STORY.erin.order, customerId: STORY.erin.id, placedAt: ago(now, 12), channel: 'WEB', status: 'CANCELLED',
        currency: 'USD', deliveredAt: null, cancellation: { reason: 'PAYMENT_VERIFICATION_FAILED', at: ago(now, 11) },
        lines: [{ sku: 'GIFT-HAMPER', quantity: 1, unitPrice: '74.00' }],
      },
    ],
    supportCases: [
      chrisCase,
      {
        number: STORY.dana.incident, customerId: STORY.dana.id, orderNumber: STORY.dana.order,
        subject: 'Price match: in-store price for the Touring Kayak 12 ft', status: 'RESOLVED', openedAt: ago(now, 41), channel: 'EMAIL',
        interactions: [
          { at: ago(now, 41), channel: 'EMAIL', summary: 'Customer asked us to match the in-store price of $849.00 (online $899.00); the shelf item was a different model.' },
          { at: new Date(ago(now, 41).getTime() + 2 * 60 * 60 * 1000), channel: 'EMAIL', summary: 'Price match approved at $849.00; replied with incident number CS-482913 and asked the customer to call to order.' },
          { at: ago(now, 40), channel: 'PHONE', summary: 'Customer called quoting CS-482913; order 271828182 placed at the matched price for pick-up in store.' },
        ],
      },
    ],
    notifications: [
      {
        id: 'NTF-0000001', customerId: STORY.dana.id, channel: 'EMAIL', topic: 'CASE_UPDATE',
        subject: `Your price match request (incident ${STORY.dana.incident})`,
        body: `We will match the in-store price of $849.00 for the Touring Kayak 12 ft. Call us and quote incident number ${STORY.dana.incident}: any of our staff can look it up.`,
        sentAt: ago(now, 41), orderNumber: null, caseNumber: STORY.dana.incident,
      },
      {
        id: 'NTF-0000002', customerId: STORY.alice.id, channel: 'EMAIL', topic: 'ORDER_CONFIRMED',
        subject: `Order ${STORY.alice.order} confirmed`, body: `Thank you for your order ${STORY.alice.order}: Dell Inspiron 15 3000 Series Laptop.`,
        sentAt: new Date(alicePlaced.getTime() + 60_000), orderNumber: STORY.alice.order, caseNumber: null,
      },
      {
        id: 'NTF-0000003', customerId: STORY.bob.id, channel: 'EMAIL', topic: 'ORDER_CONFIRMED',
        subject: `Order ${STORY.bob.deliveredOrder} confirmed`, body: `Thank you for your order ${STORY.bob.deliveredOrder}: HP Pavilion 14 Laptop.`,
        sentAt: ago(now, 120), orderNumber: STORY.bob.deliveredOrder, caseNumber: null,
      },
      {
        id: 'NTF-0000004', customerId: STORY.erin.id, channel: 'EMAIL', topic: 'ORDER_CONFIRMED',
        subject: `Order ${STORY.erin.order} confirmed`, body: `Thank you for your order ${STORY.erin.order}: Gourmet Gift Hamper.`,
        sentAt: ago(now, 12), orderNumber: STORY.erin.order, caseNumber: null,
      },
    ],
  };
}

/** A year of failed repairs on one linked case: calls, a chat, four BIOS re-flashes, a repair. */
function chrisRepairHistory(now: Date): DemoCase {
  const steps: Array<[number, DemoCase['channel'], string]> = [
    [390, 'PHONE', 'Screen flickers and goes dark; driver reinstalled with the customer on the phone.'],
    [383, 'PHONE', 'Flicker is back; BIOS re-flash 1 of 4 done remotely.'],
    [360, 'CHAT', 'Customer reports no change in chat; BIOS re-flash 2 of 4 scheduled.'],
    [330, 'PHONE', 'BIOS re-flash 2 of 4 done; screen still faults after an hour.'],
    [300, 'PHONE', 'BIOS re-flash 3 of 4 done; escalated to second-line support.'],
    [260, 'PHONE', 'BIOS re-flash 4 of 4 done; fault persists.'],
    [220, 'WEB', 'Repair 1: display cable replaced at the service centre, returned after two weeks.'],
    [150, 'PHONE', 'Fault back within a month; customer asks for a replacement.'],
    [30, 'PHONE', 'Replacement under warranty approved after repeated failed repairs.'],
  ];
  return {
    number: STORY.chris.case,
    customerId: STORY.chris.id,
    orderNumber: STORY.chris.order,
    subject: 'Notebook Pro 14: screen flickers and goes dark',
    status: 'OPEN',
    openedAt: ago(now, 390),
    channel: 'PHONE',
    interactions: steps.map(([days, channel, summary]) => ({ at: ago(now, days), channel, summary })),
  };
}
