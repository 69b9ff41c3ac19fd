import type { Queryable } from '../../../common/db';

let made = 0;

/** A new PLACED order for the customer, written straight into Orders' database, so a test can cancel one of its own. */
export async function placedOrderOf(orders: Queryable, customerId: string): Promise<string> {
  made += 1;
  const number = `9${(Date.now() + made) % 100_000_000}`.padStart(9, '0');
  await orders.query(
    `INSERT INTO orders (number, customer_id, placed_at, channel, status, currency) VALUES ($1, $2, now(), 'WEB', 'PLACED', 'USD')`,
    [number, customerId],
  );
  return number;
}
