import type { DemoWorld } from '../../../../demo/types';
import type { CustomerCheck, CustomerDirectory, ForwardedHeaders } from '../../customerDirectory';

/** An in-memory stand-in for Orders behind the CustomerDirectory port, built from the demo world. */
export class FakeCustomerDirectory implements CustomerDirectory {
  readonly calls: Array<{ customerId: string; orderNumber?: string; headers?: ForwardedHeaders }> = [];
  /** Set to make every check fail the way a network call to an unreachable Orders does. */
  unreachable = false;
  private readonly ordersByCustomer = new Map<string, Set<string>>();

  constructor(world: DemoWorld) {
    for (const c of world.customers) this.ordersByCustomer.set(c.id, new Set());
    for (const o of world.orders) this.ordersByCustomer.get(o.customerId)?.add(o.number);
  }

  async check(customerId: string, orderNumber?: string, headers?: ForwardedHeaders): Promise<CustomerCheck> {
    this.calls.push({ customerId, orderNumber, headers });
    if (this.unreachable) throw new TypeError('fetch failed: connect ECONNREFUSED 127.0.0.1:4001');
    const orders = this.ordersByCustomer.get(customerId);
    const check: CustomerCheck = { customerExists: orders !== undefined };
    if (orderNumber !== undefined) check.orderBelongsToCustomer = orders?.has(orderNumber) ?? false;
    return check;
  }
}
