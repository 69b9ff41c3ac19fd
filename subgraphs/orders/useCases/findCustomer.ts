import { badInput } from '../../../common/errors';
import { normaliseEmail, normalisePhone } from '../identifiers';
import type { OrdersLoaders } from '../loaders';
import type { CustomerRow } from '../repository';

export interface CustomerLookup {
  id?: string | null;
  email?: string | null;
  phone?: string | null;
}

/** A customer by exactly one of id, email or phone: the way the customer quotes themselves. */
export async function findCustomer(lookup: CustomerLookup, loaders: OrdersLoaders): Promise<CustomerRow | null> {
  const given = (['id', 'email', 'phone'] as const).filter((key) => lookup[key] != null);
  if (given.length !== 1) {
    const argumentName = given.length === 0 ? 'id' : given[1];
    throw badInput(
      argumentName,
      `customer takes exactly one of id, email or phone; got ${given.length === 0 ? 'none' : given.join(' and ')}`,
    );
  }
  if (lookup.id != null) return loaders.customerById.load(lookup.id.trim());
  if (lookup.email != null) return loaders.customerByEmail.load(normaliseEmail(lookup.email));
  return loaders.customerByPhone.load(normalisePhone(lookup.phone as string));
}
