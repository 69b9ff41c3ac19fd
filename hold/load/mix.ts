import { readFileSync } from 'node:fs';
import { sha256 } from '../../gateway/persisted/documentHash';
import { projectPath } from '../../common/paths';
import { STORY } from '../../demo/stories';

/** One request of the mix: the body to POST, and whether it is a write (and so counted for "nothing lost"). */
export interface MixRequest {
  op: string;
  body: Record<string, unknown>;
  write?: 'case' | 'cancel';
  /** For the APQ path: the document to send when the store answers PERSISTED_QUERY_NOT_FOUND. */
  document?: string;
}

const catalogue = (path: string) => readFileSync(projectPath('schema', 'operations', path), 'utf8');
const OVERVIEW = catalogue('agent-console/customerOverview.graphql');
const PRICE = catalogue('till/productPrice.graphql');
const OPEN_CASE = catalogue('agent-console/openSupportCase.graphql');
const CANCEL = catalogue('agent-console/cancelOrder.graphql');
const ORDER = catalogue('agent-console/orderLookup.graphql');
const PRICE_HASH = sha256(PRICE);

/**
 * The customer the load opens cases for: a generated one (DEMO_CUSTOMERS) that the overview never
 * reads. Cases opened for a customer whose overview is read make each read larger than the last
 * (every case, with its interactions), and a long soak then measures its own growing answers.
 */
export const CASE_CUSTOMER = 'CUS-001000';

const EMAILS = [STORY.alice.email, STORY.bob.email, STORY.chris.email, STORY.dana.email, STORY.erin.email];
const SKUS = ['DELL-INSPIRON-15-3000', 'KAYAK-TOURING-12', 'PARTY-LIGHTS-20', 'TENT-2P', 'COFFEE-GRINDER'];

/**
 * The catalogue's own operations, in the proportions of a support desk's day: mostly reads across
 * all four subgraphs, prices (also through the persisted-query store), some cases opened and, while
 * orders that can be cancelled last, cancellations (which travel the outbox and the bus to a
 * notification).
 */
export class RequestMix {
  private n = 0;
  constructor(private readonly cancellable: string[]) {}

  next(): MixRequest {
    const i = this.n++;
    const slot = i % 20;
    if (slot < 7) return { op: 'overview', body: { query: OVERVIEW, variables: { email: EMAILS[i % EMAILS.length] } } };
    if (slot < 11) return { op: 'price', body: { query: PRICE, variables: { sku: SKUS[i % SKUS.length] } } };
    if (slot < 15) {
      return { op: 'price-apq', body: { variables: { sku: SKUS[i % SKUS.length] }, extensions: { persistedQuery: { version: 1, sha256Hash: PRICE_HASH } } }, document: PRICE };
    }
    if (slot < 17) return { op: 'order', body: { query: ORDER, variables: { number: STORY.bob.deliveredOrder } } };
    if (slot === 17 || (slot === 18 && this.cancellable.length === 0)) {
      const input = { customerId: CASE_CUSTOMER, subject: `hold ${i}`, channel: 'PHONE', summary: `load case ${i}` };
      return { op: 'open-case', body: { query: OPEN_CASE, variables: { input } }, write: 'case' };
    }
    const number = this.cancellable.shift();
    if (number) return { op: 'cancel', body: { query: CANCEL, variables: { number, reason: 'CUSTOMER_REQUEST' } }, write: 'cancel' };
    return { op: 'price', body: { query: PRICE, variables: { sku: SKUS[0] } } };
  }
}
