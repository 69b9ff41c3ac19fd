import type { MixOperation } from './mix';
import type { Reader } from './population';

type Json = Record<string, unknown>;
const ORDER_STATUSES = new Set(['PLACED', 'SHIPPED', 'DELIVERED', 'CANCELLED', 'RETURNED']);

/**
 * What is wrong with an answer, or undefined when it is right. A read must be the caller's own overview,
 * whole: their name, exactly their orders and cases (the bench never adds or removes one), each with the
 * fields the document asks for. With the cache on, an answer from another customer's entry, or a half
 * merged one, fails here, not only an error; so does one that misses a write it should show (`staleProblem`).
 */
export function answerProblem(op: MixOperation, status: number, text: string, staleProblem?: (customer: Json) => string | undefined): string | undefined {
  if (status !== 200) return `HTTP ${status}: ${text.slice(0, 200)}`;
  let answer: { data?: Json | null; errors?: unknown[] };
  try {
    answer = JSON.parse(text) as typeof answer;
  } catch {
    return `not JSON: ${text.slice(0, 200)}`;
  }
  if (answer.errors?.length) return `errors: ${JSON.stringify(answer.errors).slice(0, 300)}`;
  const data = answer.data ?? {};
  switch (op.kind) {
    case 'read':
      return overviewProblem(data.customer, op.reader) ?? staleProblem?.(data.customer as Json);
    case 'cancelOrder': {
      const order = data.cancelOrder as Json | undefined;
      return order?.number === op.orderNumber && order.status === 'CANCELLED' ? undefined : `cancelOrder answered ${JSON.stringify(order)}`;
    }
    case 'caseNote': {
      const supportCase = data.addCaseInteraction as { number?: string; interactions?: Json[] } | undefined;
      const noted = supportCase?.number === op.caseNumber && supportCase.interactions?.some((i) => i.summary === op.summary);
      return noted ? undefined : `addCaseInteraction answered without the note: ${JSON.stringify(supportCase).slice(0, 200)}`;
    }
    case 'priceChange': {
      const product = data.setProductPrice as Json | undefined;
      return product?.sku === op.sku && typeof product.name === 'string' ? undefined : `setProductPrice answered ${JSON.stringify(product)}`;
    }
  }
}

export function overviewProblem(value: unknown, reader: Reader): string | undefined {
  const customer = value as { name?: unknown; orders?: Json[]; supportCases?: Json[]; notifications?: Json[] } | null | undefined;
  if (!customer) return `no customer for ${reader.id}`;
  if (customer.name !== reader.name) return `${reader.id} was answered with the overview of "${String(customer.name)}"`;
  if (!Array.isArray(customer.orders) || !sameSet(customer.orders.map((o) => o.number), reader.orderNumbers)) {
    return `${reader.id}: orders ${JSON.stringify(customer.orders?.map((o) => o.number))}, expected ${JSON.stringify(reader.orderNumbers)}`;
  }
  for (const order of customer.orders) {
    if (!ORDER_STATUSES.has(order.status as string)) return `order ${String(order.number)}: status ${String(order.status)}`;
    const lines = order.lines as Array<{ quantity?: unknown; product?: { name?: unknown; price?: { amount?: { amount?: unknown; currency?: unknown } } } }>;
    if (!Array.isArray(lines) || lines.length === 0) return `order ${String(order.number)}: no lines`;
    for (const line of lines) {
      const amount = line.product?.price?.amount;
      if (typeof line.product?.name !== 'string' || typeof amount?.amount !== 'string' || typeof amount.currency !== 'string' || !Number.isInteger(line.quantity)) {
        return `order ${String(order.number)}: a line without product name, price or quantity: ${JSON.stringify(line)}`;
      }
    }
    const cancellation = order.cancellation as Json | null;
    if (cancellation !== null && (typeof cancellation?.reason !== 'string' || typeof cancellation.message !== 'string')) {
      return `order ${String(order.number)}: cancellation ${JSON.stringify(cancellation)}`;
    }
  }
  if (!Array.isArray(customer.supportCases) || !sameSet(customer.supportCases.map((c) => c.number), reader.caseNumbers)) {
    return `${reader.id}: cases ${JSON.stringify(customer.supportCases?.map((c) => c.number))}, expected ${JSON.stringify(reader.caseNumbers)}`;
  }
  for (const supportCase of customer.supportCases) {
    const interactions = supportCase.interactions as Json[];
    if (!Array.isArray(interactions) || interactions.length === 0 || interactions.some((i) => typeof i.summary !== 'string' || typeof i.at !== 'string')) {
      return `case ${String(supportCase.number)}: interactions ${JSON.stringify(interactions).slice(0, 200)}`;
    }
  }
  if (!Array.isArray(customer.notifications) || customer.notifications.some((n) => typeof n.topic !== 'string' || typeof n.subject !== 'string')) {
    return `${reader.id}: notifications ${JSON.stringify(customer.notifications).slice(0, 200)}`;
  }
  return undefined;
}

function sameSet(actual: unknown[], expected: string[]): boolean {
  if (actual.length !== expected.length) return false;
  const wanted = new Set(expected);
  return actual.every((value) => wanted.has(value as string));
}
