import { CUSTOMER_AND_ORDER, CUSTOMER_DIRECTORY_OPERATION, CUSTOMER_DIRECTORY_PEER, CUSTOMER_ONLY } from '../../common/customerDirectoryContract';
import { ErrorCode, graphError } from '../../common/errors';
import { IDENTITY_HEADER } from '../../common/identity';
import type { IdentityKey } from '../../common/identityKeys';
import { signPeerIdentity } from '../../common/peerOperations';

/** Headers passed on to Orders: the trace (x-request-id). Never the caller's identity: Support sends its own. */
export type ForwardedHeaders = Record<string, string>;

export interface CustomerCheck {
  customerExists: boolean;
  /** Only answered when an order number was given. */
  orderBelongsToCustomer?: boolean;
}

/**
 * The port through which Support verifies references to records Orders owns. Support never reads
 * Orders' database; a fake stands in for it in tests.
 */
export interface CustomerDirectory {
  check(customerId: string, orderNumber?: string, headers?: ForwardedHeaders): Promise<CustomerCheck>;
}


interface OrdersAnswer {
  data?: {
    customer?: { id: string } | null;
    order?: { customer?: { id: string } | null } | null;
  } | null;
  errors?: Array<{ message?: string; path?: Array<string | number>; extensions?: { code?: string } }>;
}

/** Orders turning an order number down (malformed, unknown) means "not this customer's order", not an outage. */
const ORDER_REJECTIONS = new Set<string>([ErrorCode.BAD_USER_INPUT, ErrorCode.NOT_FOUND]);

export function unavailable(detail: string): Error {
  return graphError(ErrorCode.SUBGRAPH_UNAVAILABLE, `The Orders service could not verify the customer: ${detail}`);
}

export interface HttpCustomerDirectoryOptions {
  timeoutMs?: number;
  /** Support's own signing key (SUPPORT_IDENTITY_PRIVATE_KEY): each check carries Support's identity, addressed to Orders. */
  identityKey?: IdentityKey;
}

/**
 * Asks the Orders subgraph itself, with one GraphQL query per check (the contract's documents),
 * as Support: Orders accepts Support's identity for these documents only.
 */
export function httpCustomerDirectory(ordersSubgraphUrl: string, options: HttpCustomerDirectoryOptions = {}): CustomerDirectory {
  const timeoutMs = options.timeoutMs ?? 5000;
  const { identityKey } = options;
  return {
    async check(customerId, orderNumber, forwarded = {}) {
      const headers = { ...forwarded };
      if (identityKey) headers[IDENTITY_HEADER] = await signPeerIdentity(CUSTOMER_DIRECTORY_PEER, identityKey, 'orders', CUSTOMER_DIRECTORY_OPERATION);
      const withOrder = orderNumber !== undefined;
      const body = JSON.stringify({
        query: withOrder ? CUSTOMER_AND_ORDER : CUSTOMER_ONLY,
        variables: withOrder ? { id: customerId, number: orderNumber } : { id: customerId },
      });
      const answer = await post(ordersSubgraphUrl, body, headers, timeoutMs);
      const data = answer.data;
      const blocking = (answer.errors ?? []).filter(
        (e) => !(e.path?.[0] === 'order' && ORDER_REJECTIONS.has(e.extensions?.code ?? '')),
      );
      if (!data || blocking.length > 0) {
        throw unavailable(blocking[0]?.message ?? 'it answered without data');
      }
      const check: CustomerCheck = { customerExists: Boolean(data.customer) };
      if (withOrder) check.orderBelongsToCustomer = data.order?.customer?.id === customerId;
      return check;
    },
  };
}

async function post(url: string, body: string, headers: ForwardedHeaders, timeoutMs: number): Promise<OrdersAnswer> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json', accept: 'application/json' },
      body,
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    throw unavailable(error instanceof Error ? error.message : String(error));
  }
  if (!response.ok) throw unavailable(`it answered HTTP ${response.status}`);
  try {
    return (await response.json()) as OrdersAnswer;
  } catch {
    throw unavailable('it answered with something other than JSON');
  }
}
