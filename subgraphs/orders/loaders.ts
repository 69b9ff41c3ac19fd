import type { Queryable } from '../../common/db';
import { groupLoader, rowLoader } from '../../common/loaders';
import * as repo from './repository';

/** Per-request loaders: one SQL statement per batch of keys. */
export function createLoaders(db: Queryable) {
  return {
    customerById: rowLoader((ids) => repo.customersByIds(db, ids), (c) => c.id),
    customerByEmail: rowLoader((emails) => repo.customersByEmails(db, emails), (c) => c.email),
    // Should two accounts share a phone, the oldest account answers.
    customerByPhone: rowLoader(
      async (phones) => firstPerKey(await repo.customersByPhones(db, phones), (c) => c.phone ?? ''),
      (c) => c.phone ?? '',
    ),
    orderByNumber: rowLoader((numbers) => repo.ordersByNumbers(db, numbers), (o) => o.number),
    ordersByCustomer: groupLoader((ids) => repo.ordersByCustomers(db, ids), (o) => o.customerId),
    linesByOrder: groupLoader((numbers) => repo.linesByOrders(db, numbers), (l) => l.orderNumber),
    returnsByOrder: groupLoader((numbers) => repo.returnsByOrders(db, numbers), (r) => r.orderNumber),
  };
}

export type OrdersLoaders = ReturnType<typeof createLoaders>;

function firstPerKey<R>(rows: R[], keyOf: (row: R) => string): R[] {
  const seen = new Set<string>();
  return rows.filter((row) => !seen.has(keyOf(row)) && seen.add(keyOf(row)) !== undefined);
}
