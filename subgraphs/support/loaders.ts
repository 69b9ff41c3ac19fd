import type DataLoader from 'dataloader';
import type { Queryable } from '../../common/db';
import { groupLoader, rowLoader } from '../../common/loaders';
import { casesByCustomers, casesByNumbers, casesByOrders, interactionsByCases } from './repository';
import type { InteractionRecord, SupportCaseRecord } from './types';

export interface SupportLoaders {
  caseByNumber: DataLoader<string, SupportCaseRecord | null>;
  casesByCustomer: DataLoader<string, SupportCaseRecord[]>;
  casesByOrder: DataLoader<string, SupportCaseRecord[]>;
  interactionsByCase: DataLoader<string, InteractionRecord[]>;
}

/** Fresh per request: one SQL statement per batch, and no cache shared between requests. */
export function createLoaders(db: Queryable): SupportLoaders {
  const caseByNumber = rowLoader<string, SupportCaseRecord>((numbers) => casesByNumbers(db, numbers), (c) => c.number);
  // A case read through a list is the same record a reference to it would load: prime it to save the trip.
  const primed = (cases: SupportCaseRecord[]) => {
    for (const c of cases) caseByNumber.prime(c.number, c);
    return cases;
  };
  return {
    caseByNumber,
    casesByCustomer: groupLoader<string, SupportCaseRecord>(
      async (ids) => primed(await casesByCustomers(db, ids)),
      (c) => c.customerId,
    ),
    casesByOrder: groupLoader<string, SupportCaseRecord>(
      async (numbers) => primed(await casesByOrders(db, numbers)),
      (c) => c.orderNumber ?? '',
    ),
    interactionsByCase: groupLoader<string, InteractionRecord>(
      (numbers) => interactionsByCases(db, numbers),
      (i) => i.caseNumber,
    ),
  };
}

/** After a change to a case, this request must not answer from what it cached before the change. */
export function forgetCase(loaders: SupportLoaders, c: SupportCaseRecord): void {
  loaders.caseByNumber.clear(c.number).prime(c.number, c);
  loaders.interactionsByCase.clear(c.number);
  loaders.casesByCustomer.clear(c.customerId);
  if (c.orderNumber) loaders.casesByOrder.clear(c.orderNumber);
}
