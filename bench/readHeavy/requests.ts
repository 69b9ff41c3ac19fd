import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadAuthConfig } from '../../gateway/auth/authConfig';
import { signDemoToken } from '../../gateway/auth/demoTokens';
import { ROOT } from '../processes';
import type { MixOperation } from './mix';
import type { Reader } from './population';

/** A request ready to send: its body and whose bearer token it carries. */
export interface MixRequest {
  body: string;
  authorization: string;
}

const operation = (file: string) => readFileSync(join(ROOT, 'schema', 'operations', file), 'utf8');
const agentOverview = operation('agent-console/customerOverview.graphql');

/**
 * The same overview as a customer opens it: by their own id, as their account page does
 * (shop/account.graphql), the customer's id selected with it. `customer(id:)` is a keyed root field the
 * cache may answer (KEYED_ROOT_FIELDS); `customer(email:)` always goes to Orders.
 */
const ownOverview = agentOverview
  .replace(/^#.*\n/gm, '')
  .replace('query AgentCustomerOverview($email: String!) {\n  customer(email: $email) {\n    name', 'query BenchOwnOverview($customerId: ID!) {\n  customer(id: $customerId) {\n    id\n    name');
if (ownOverview === agentOverview.replace(/^#.*\n/gm, '')) throw new Error('bench/readHeavy: the customer overview document changed shape; update ownOverview');

/**
 * The documents, from the clients' catalogue where a client sends one: the customer overview the main
 * bench reads (bench/workload.ts), the shop's cancellation (a customer cancels their own order) and the
 * agent console's case note. No client sends `setProductPrice` (a pricing job does): its document is here.
 */
export const DOCUMENTS = {
  read: agentOverview,
  readOwn: ownOverview,
  cancelOrder: operation('shop/cancelOrder.graphql'),
  caseNote: operation('agent-console/addCaseInteraction.graphql'),
  priceChange: `mutation BenchSetProductPrice($sku: ID!, $amount: String!) {
  setProductPrice(sku: $sku, amount: $amount) { sku name }
}`,
};

/**
 * Who sends what. Each customer reads their own overview with their own token, so the cache may share an
 * entry only between a customer's own reads (scope `customer:<id>`, docs/entity-cache.md); they also
 * cancel their own orders. Case notes come from an agent, price changes from the pricing job (the roles
 * those mutations require).
 */
export async function mixCallers(readers: Reader[], readBy: 'id' | 'email' = 'id'): Promise<{ requestFor(op: MixOperation): MixRequest }> {
  const config = loadAuthConfig({ DEMO_MODE: 'true' });
  const bearer = async (role: 'customer' | 'agent' | 'service', subject: string) => `Bearer ${await signDemoToken(config, role, subject, '4h')}`;
  const customers = new Map<string, string>();
  for (const reader of readers) customers.set(reader.id, await bearer('customer', reader.id));
  const agent = await bearer('agent', 'agent-bench-notes');
  const pricingJob = await bearer('service', 'pricing-job');
  const body = (query: string, variables: Record<string, unknown>) => JSON.stringify({ query, variables });
  return {
    requestFor(op) {
      const customer = customers.get(op.reader.id)!;
      switch (op.kind) {
        case 'read':
          return readBy === 'id'
            ? { authorization: customer, body: body(DOCUMENTS.readOwn, { customerId: op.reader.id }) }
            : { authorization: customer, body: body(DOCUMENTS.read, { email: op.reader.email }) };
        case 'cancelOrder':
          return { authorization: customer, body: body(DOCUMENTS.cancelOrder, { number: op.orderNumber, reason: 'CUSTOMER_REQUEST' }) };
        case 'caseNote':
          return { authorization: agent, body: body(DOCUMENTS.caseNote, { caseNumber: op.caseNumber, channel: 'PHONE', summary: op.summary }) };
        case 'priceChange':
          return { authorization: pricingJob, body: body(DOCUMENTS.priceChange, { sku: op.sku, amount: op.amount }) };
      }
    },
  };
}
