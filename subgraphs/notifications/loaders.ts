import type { Queryable } from '../../common/db';
import { groupLoader, rowLoader } from '../../common/loaders';
import { notificationsByCustomerIds, notificationsByIds, notificationsByOrderNumbers } from './repository';

/** Per-request loaders: each resolves a whole batch of keys with one statement. */
export function createLoaders(db: Queryable) {
  return {
    notificationById: rowLoader((ids: readonly string[]) => notificationsByIds(db, ids), (n) => n.id),
    notificationsByCustomer: groupLoader((ids: readonly string[]) => notificationsByCustomerIds(db, ids), (n) => n.customerId),
    notificationsByOrder: groupLoader(
      (numbers: readonly string[]) => notificationsByOrderNumbers(db, numbers),
      // Rows from this loader always have an order number: the query selects on it.
      (n) => n.orderNumber as string,
    ),
  };
}

export type NotificationsLoaders = ReturnType<typeof createLoaders>;
