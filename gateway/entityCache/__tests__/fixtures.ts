import { readFileSync } from 'node:fs';
import type { FetchNode, PlanNode } from '@apollo/query-planner';
import { parse } from 'graphql';
import type { Viewer } from '../../../common/identity';
import { projectPath } from '../../../common/paths';
import type { GatewayContext } from '../../context';
import { compilePlan } from '../../engine/compile';
import { loadSupergraph } from '../../engine/loadedSupergraph';
import type { SubgraphAnswer } from '../../engine/request';
import { EntityCache } from '../entityCache';

/** What the entity cache's unit tests share: the demo supergraph's fetches, callers, an owner that counts what it is sent. */
export const { schemas } = loadSupergraph(readFileSync(projectPath('schema', 'supergraph.graphql'), 'utf8'));
export const schema = schemas.supergraphSchema;
export const OWNED = new Set(['Customer', 'Order', 'SupportCase', 'Notification']);

/** The plan's fetch nodes of one subgraph that send representations. */
export function entityFetch(query: string, service: string): FetchNode {
  const found: FetchNode[] = [];
  const walk = (node: PlanNode | undefined): void => {
    if (!node) return;
    if (node.kind === 'Fetch' && node.serviceName === service && node.requires) found.push(node);
    if (node.kind === 'Sequence' || node.kind === 'Parallel') node.nodes.forEach(walk);
    if (node.kind === 'Flatten') walk(node.node);
  };
  walk(compilePlan(schemas, parse(query), undefined).plan.node as PlanNode);
  if (found.length !== 1) throw new Error(`expected one ${service} entity fetch, found ${found.length}`);
  return found[0];
}

export function mutationFetch(query: string): FetchNode {
  const node = compilePlan(schemas, parse(query), undefined).plan.node as PlanNode;
  if (node.kind !== 'Fetch') throw new Error('expected a single fetch');
  return node;
}

export const context = (viewer: Viewer) => ({ requestId: 'test', viewer, identity: async () => '' }) as GatewayContext;
export const alice = context({ role: 'customer', subject: 'CUS-A', customerId: 'CUS-A' });
export const bob = context({ role: 'customer', subject: 'CUS-B', customerId: 'CUS-B' });
export const botForAlice = context({ role: 'customer', subject: 'CUS-A', customerId: 'CUS-A', actor: 'chatbot' });
export const agent = context({ role: 'agent', subject: 'agent-ada' });

// Support answers a customer's cases (Customer entities), with each case's order key inside.
export const CASES = entityFetch('{ customer(id: "CUS-A") { supportCases { number status order { number status } } } }', 'support');
// Orders answers the order of a case (Order entities), the order's customer inside.
export const ORDER_OF_CASE = entityFetch('{ supportCase(number: "C-1") { order { status customer { id name } } } }', 'orders');
export const PRICE = entityFetch('{ order(number: "1") { lines { product { price { amount { amount } } } } } }', 'pricing');

/** A subgraph that answers each representation with what `answer` says, counting what it is sent. */
export function owner(answer: (rep: Record<string, unknown>) => Record<string, unknown> | null) {
  const sent: Record<string, unknown>[][] = [];
  return {
    sent,
    send: async (reps: Record<string, unknown>[]): Promise<SubgraphAnswer> => {
      sent.push(reps);
      return { data: { _entities: reps.map(answer) } };
    },
  };
}

export function newCache(options: Partial<ConstructorParameters<typeof EntityCache>[0]> = {}): EntityCache {
  const cache = new EntityCache({ maxBytes: 1_000_000, types: new Set(['Customer', 'Order', 'SupportCase', 'Notification', 'Product']), ownedTypes: OWNED, forwardedHeaders: () => [], ...options });
  cache.setListening(true);
  return cache;
}

export const customerRep = (id: string) => ({ __typename: 'Customer', id });
export const casesOf = (rep: Record<string, unknown>) => ({ __typename: 'Customer', supportCases: [{ number: `C-${rep.id}`, status: 'OPEN', order: { number: `O-${rep.id}` } }] });

