import { toCents } from '../../common/money';
import type { Fact, Observation } from './history';

/**
 * The graph's own mutations and the reads that show their effects. The reads are shaped so that the facts
 * come through the entity cache: a case's order is an `_entities` fetch to Orders, a customer's and an
 * order's cases are `_entities` fetches to Support (root fields are sent uncached, `Product.price` never cached).
 */
export const READS = {
  customer: {
    variable: 'id',
    query: `query ConsistencyCustomer($id: ID!) { customer(id: $id) { id orders { number status returns { id } supportCases { number interactions { summary } } } supportCases { number interactions { summary } } } }`,
  },
  supportCase: {
    variable: 'number',
    query: `query ConsistencyCase($number: ID!) { supportCase(number: $number) { number interactions { summary } order { number status returns { id } lines { product { sku price { regularAmount { amount } } } } } } }`,
  },
  order: {
    variable: 'number',
    query: `query ConsistencyOrder($number: ID!) { order(number: $number) { number status returns { id } supportCases { number interactions { summary } } lines { product { sku price { regularAmount { amount } } } } } }`,
  },
} as const;

export type ReadName = keyof typeof READS;

const CANCEL = `mutation ConsistencyCancel($number: ID!) { cancelOrder(number: $number, reason: CUSTOMER_REQUEST) { number status } }`;
const RETURN = `mutation ConsistencyReturn($order: ID!, $sku: ID!) { requestReturn(orderNumber: $order, sku: $sku, resolution: REFUND) { id } }`;
const PRICE = `mutation ConsistencyPrice($sku: ID!, $amount: String!) { setProductPrice(sku: $sku, amount: $amount) { sku } }`;
const NOTE = `mutation ConsistencyNote($case: ID!, $summary: String!) { addCaseInteraction(caseNumber: $case, channel: PHONE, summary: $summary) { number } }`;

interface Answer {
  data?: Record<string, unknown> | null;
  errors?: Array<{ message: string; extensions?: { code?: string } }>;
  extensions?: { entityCache?: { hits?: number } };
}

/** POSTs one operation; any GraphQL error or non-200 is thrown: a partial answer is not a reading of the graph. */
export async function post(url: string, token: string, query: string, variables: Record<string, unknown>, timeoutMs = 10_000): Promise<Answer> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-entity-cache': 'report' },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const answer = (await response.json()) as Answer;
  if (answer.errors?.length) throw new Error(answer.errors.map((e) => `${e.extensions?.code ?? 'ERROR'}: ${e.message}`).join('; '));
  if (response.status !== 200 || !answer.data) throw new Error(`HTTP ${response.status}`);
  return answer;
}

export async function readGraph(url: string, token: string, name: ReadName, key: string): Promise<{ observation: Observation; cacheHits: number }> {
  const answer = await post(url, token, READS[name].query, { [READS[name].variable]: key });
  return { observation: observe(answer.data), cacheHits: answer.extensions?.entityCache?.hits ?? 0 };
}

type Json = null | string | number | boolean | Json[] | { [key: string]: Json };

/** Every order, case and price anywhere in an answer, recognised by their fields. */
export function observe(data: unknown): Observation {
  const seen: Observation = { orders: [], cases: [], prices: [] };
  const visit = (value: Json): void => {
    if (Array.isArray(value)) return value.forEach(visit);
    if (value === null || typeof value !== 'object') return;
    const record = value as Record<string, any>;
    if (typeof record.number === 'string' && typeof record.status === 'string' && Array.isArray(record.returns)) {
      seen.orders.push({ number: record.number, status: record.status, returnIds: record.returns.map((r: { id: string }) => r.id) });
    }
    if (typeof record.number === 'string' && Array.isArray(record.interactions)) {
      seen.cases.push({ number: record.number, summaries: record.interactions.map((i: { summary: string }) => i.summary) });
    }
    const amount = record.price?.regularAmount?.amount;
    if (typeof record.sku === 'string' && typeof amount === 'string') seen.prices.push({ sku: record.sku, cents: Number(toCents(amount)) });
    Object.values(record).forEach(visit);
  };
  visit(data as Json);
  return seen;
}

export async function cancelOrder(url: string, token: string, order: string): Promise<Fact> {
  const answer = await post(url, token, CANCEL, { number: order });
  const status = (answer.data!.cancelOrder as { status: string }).status;
  if (status !== 'CANCELLED') throw new Error(`cancelOrder answered ${status}`);
  return { kind: 'cancelled', order };
}

export async function requestReturn(url: string, token: string, order: string, sku: string): Promise<Fact> {
  const answer = await post(url, token, RETURN, { order, sku });
  return { kind: 'returned', order, returnId: (answer.data!.requestReturn as { id: string }).id };
}

export async function setProductPrice(url: string, token: string, sku: string, cents: number): Promise<Fact> {
  await post(url, token, PRICE, { sku, amount: (cents / 100).toFixed(2) });
  return { kind: 'priced', sku, cents };
}

export async function addCaseNote(url: string, token: string, caseNumber: string, summary: string): Promise<Fact> {
  await post(url, token, NOTE, { case: caseNumber, summary });
  return { kind: 'noted', caseNumber, summary };
}
