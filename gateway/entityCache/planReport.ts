import type { FetchNode, PlanNode } from '@apollo/query-planner';
import type { GraphQLSchema } from 'graphql';
import { fetchShape } from './fetchShape';
import { rootFieldShape } from './rootFieldShape';

/**
 * For `npm run plan`: what a warm entity cache does with each fetch of a plan, for a customer (whose reads
 * no owner logs) and for staff (whose reads of a customer's records the owners log: served only once the owner
 * has taken the access-log entries it wrote for that answer, docs/entity-cache.md).
 */
export function entityCachePlanReport(node: PlanNode | { kind: string } | undefined, schema: GraphQLSchema, ownedTypes: ReadonlySet<string>): string[] {
  const lines: string[] = [];
  const walk = (current: PlanNode | { kind: string } | undefined): void => {
    if (!current) return;
    switch (current.kind) {
      case 'Sequence':
      case 'Parallel':
        (current as { nodes: PlanNode[] }).nodes.forEach(walk);
        return;
      case 'Flatten':
        walk((current as { node: PlanNode }).node);
        return;
      case 'Condition':
        walk((current as { ifClause?: PlanNode }).ifClause);
        walk((current as { elseClause?: PlanNode }).elseClause);
        return;
      case 'Defer':
        walk((current as { primary: { node?: PlanNode } }).primary.node);
        for (const deferred of (current as { deferred: Array<{ node?: PlanNode }> }).deferred) walk(deferred.node);
        return;
      case 'Fetch':
        lines.push(describe(current as FetchNode, schema, ownedTypes));
        return;
      default:
        lines.push(`${current.kind}: always sent (the cache sees only single entity fetches)`);
    }
  };
  walk(node);
  return lines;
}

function describe(fetch: FetchNode, schema: GraphQLSchema, ownedTypes: ReadonlySet<string>): string {
  const where = `Fetch(service: "${fetch.serviceName}")`;
  if (fetch.operationKind === 'mutation') return `${where}: a mutation, always sent; drops the entities its owner says it changed before the answer`;
  const shape = fetch.requires ? fetchShape(fetch, schema, ownedTypes) : rootFieldShape(fetch, schema, ownedTypes);
  if (!shape) return `${where}: root fields, always sent`;
  if (shape.bypass) return `${where}: always sent (${shape.bypass})`;
  const until = shape.clock ? ` (until ${shape.clock} changes, as its owner says)` : '';
  if (!shape.reachesOwned) return `${where}: skipped when warm${until} for a customer; skipped for staff too`;
  // Access-log entries are recorded for entity fetches only: a keyed root read the owner logs goes to it.
  const staff = fetch.requires ? 'for staff too, once the owner has taken its access-log entries for it (else sent)' : 'sent for staff (the owner logs their reads)';
  return `${where}: skipped when warm${until} for a customer; ${staff}`;
}
