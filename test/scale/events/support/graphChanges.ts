import type { Database } from '../../../../common/db';
import type { AuthConfig } from '../../../../gateway/auth/authConfig';
import { signDemoToken } from '../../../../gateway/auth/demoTokens';
import { SCALE_SKU, type ChangeableOrder } from './ordersWorkload';

/**
 * Cancellations and returns as a client sends them: a GraphQL mutation over HTTP to a gateway,
 * with a bearer token. Most are the customer acting on their own order; every fifth is an agent.
 */
const CANCEL = `mutation ScaleCancel($number: ID!) { cancelOrder(number: $number, reason: OUT_OF_STOCK) { number status } }`;
const RETURN = `mutation ScaleReturn($orderNumber: ID!, $sku: ID!) {
  requestReturn(orderNumber: $orderNumber, sku: $sku, resolution: REPLACEMENT) { id status }
}`;

export interface SentChange {
  order: ChangeableOrder;
  /** Index of the gateway it went through. */
  gateway: number;
  /** The token the change was sent with. */
  authorization: string;
  /** The error codes of the answer (a transport failure as `HTTP_<status>` or `FETCH_FAILED`); empty: done. */
  errorCodes: string[];
}

/** A bearer token for each order: its customer's own, or an agent's for every fifth. */
export async function tokensFor(auth: AuthConfig, orders: ChangeableOrder[]): Promise<string[]> {
  return Promise.all(
    orders.map((o, i) => (i % 5 === 4 ? signDemoToken(auth, 'agent', 'agent-scale') : signDemoToken(auth, 'customer', o.customerId))),
  );
}

/** Sends one change and reads what the gateway answered. */
export async function sendChange(gatewayUrl: string, authorization: string, order: ChangeableOrder): Promise<string[]> {
  const body =
    order.change === 'cancel'
      ? { query: CANCEL, variables: { number: order.orderNumber } }
      : { query: RETURN, variables: { orderNumber: order.orderNumber, sku: SCALE_SKU } };
  let response: Response;
  try {
    response = await fetch(gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${authorization}` },
      body: JSON.stringify(body),
    });
  } catch {
    return ['FETCH_FAILED'];
  }
  const answer = (await response.json().catch(() => ({}))) as { data?: Record<string, any> | null; errors?: Array<{ extensions?: { code?: string } }> };
  if (answer.errors?.length) return answer.errors.map((e) => e.extensions?.code ?? 'NO_CODE');
  if (!response.ok) return [`HTTP_${response.status}`];
  const done =
    order.change === 'cancel' ? answer.data?.cancelOrder?.status === 'CANCELLED' : typeof answer.data?.requestReturn?.id === 'string';
  return done ? [] : ['UNEXPECTED_ANSWER'];
}

/**
 * Sends every change, `parallel` at a time, alternating between the gateways; calls `onProgress`
 * after each answer (a lane waits for it, the others go on).
 */
export async function sendChanges(
  gatewayUrls: string[],
  orders: ChangeableOrder[],
  tokens: string[],
  parallel: number,
  onProgress: (done: number) => void | Promise<void> = () => undefined,
): Promise<SentChange[]> {
  const sent: SentChange[] = [];
  let next = 0;
  const lane = async () => {
    while (next < orders.length) {
      const i = next++;
      const gateway = i % gatewayUrls.length;
      const errorCodes = await sendChange(gatewayUrls[gateway], tokens[i], orders[i]);
      sent.push({ order: orders[i], gateway, authorization: tokens[i], errorCodes });
      await onProgress(sent.length);
    }
  };
  await Promise.all(Array.from({ length: parallel }, lane));
  return sent;
}

/** What Orders holds for some orders: whether each change was made, and how many events it recorded. */
export async function orderEffects(db: Database, orders: ChangeableOrder[]): Promise<Map<string, { changed: boolean; events: number }>> {
  const rows = await db.query<{ number: string; status: string; returns: number; events: number }>(
    `WITH ev AS (SELECT payload->>'orderNumber' AS number, count(*)::int AS events FROM outbox GROUP BY 1),
          rt AS (SELECT order_number AS number, count(*)::int AS returns FROM returns GROUP BY 1)
     SELECT o.number, o.status, COALESCE(rt.returns, 0) AS returns, COALESCE(ev.events, 0) AS events
     FROM orders o LEFT JOIN ev USING (number) LEFT JOIN rt USING (number)
     WHERE o.number = ANY($1::text[])`,
    [orders.map((o) => o.orderNumber)],
  );
  const byNumber = new Map(rows.map((r) => [r.number, r]));
  return new Map(
    orders.map((o) => {
      const row = byNumber.get(o.orderNumber);
      const changed = o.change === 'cancel' ? row?.status === 'CANCELLED' : (row?.returns ?? 0) > 0;
      return [o.orderNumber, { changed, events: row?.events ?? 0 }];
    }),
  );
}
