import type { AgentFindVariables } from '../generated/operations';

/**
 * Which lookups a quoted reference could be, from its shape alone: an email has an @, a case
 * (incident) number is CS- and digits, an order number is nine digits however it is spaced, a phone
 * has at least ten digits, a SKU is letters, digits and dashes. Ambiguous shapes ask several at
 * once (one request; the graph answers which exists).
 */
export function lookupsFor(raw: string): AgentFindVariables | undefined {
  const text = raw.trim();
  if (!text) return undefined;
  const digits = text.replace(/\D/g, '');
  const compact = text.replace(/[\s-]/g, '');
  const email = text.includes('@');
  const caseNumber = /^cs-?\s*\d{4,}$/i.test(text) ? `CS-${digits}` : undefined;
  const order = !email && /^[\d\s-]+$/.test(text) && digits.length >= 6 && digits.length <= 12;
  const phone = !email && !caseNumber && /^[+\d\s().-]+$/.test(text) && digits.length >= 10 && digits.length <= 15;
  const sku = !email && !caseNumber && /^[a-z0-9][a-z0-9 -]*$/i.test(text) && /[a-z]/i.test(text);
  const id = caseNumber ?? (order ? compact : text);
  return { text, id, byEmail: email, byPhone: phone, byOrder: order, byCase: Boolean(caseNumber) || sku, bySku: sku };
}
