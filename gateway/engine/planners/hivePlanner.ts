import { QueryPlanner } from '@graphql-hive/router-query-planner';
import { getOperationAST, Kind, print, type DocumentNode, type SelectionNode, type SelectionSetNode } from 'graphql';
import { toEnginePlan } from './hivePlan';
import { planningRefusal, type OperationPlanner } from './planner';

/**
 * No progressive-override label is active, none by percentage either (`percent(n)` is active when the
 * value given is below n; the differential corpus's `percent(100)` checks it): as Apollo's planner
 * plans without labels.
 */
const NO_LABELS = new Set<string>();
const NO_PERCENTAGE = 100;

/**
 * The Hive Router's query planner (@graphql-hive/router-query-planner, MIT, a native addon), planning
 * from the operation's text; its plans are converted to the engine's shape (hivePlan.ts). It plans
 * @defer fragments with the rest of the operation (no Defer nodes): a deferred answer comes in one.
 *
 * An operation it cannot plan (or whose plan uses what the engine does not execute) is refused with QUERY_PLANNING_FAILED and the planner's reason. No
 * fallback to Apollo's planner: where Hive's refuses a field no subgraph can resolve, Apollo's
 * plans it and answers wrongly (the audit's non-resolvable-interface-object).
 */
export function hivePlanner(supergraphSdl: string): OperationPlanner {
  const planner = new QueryPlanner(supergraphSdl);
  return {
    name: 'hive',
    defers: false,
    plan(document, operationName) {
      const planned = withoutIntrospection(document, operationName);
      if (!planned) return { kind: 'QueryPlan' };
      try {
        return toEnginePlan(planner.plan(print(planned), operationName ?? null, NO_LABELS, NO_PERCENTAGE));
      } catch (error) {
        throw planningRefusal((error as Error).message);
      }
    },
  };
}

const INTROSPECTION = new Set(['__schema', '__type']);

/**
 * The document without its root `__schema`/`__type` fields, which the engine answers from the API
 * schema (execute.ts) and Hive's planner cannot place; undefined when nothing is left to fetch.
 */
function withoutIntrospection(document: DocumentNode, operationName: string | undefined): DocumentNode | undefined {
  const operation = getOperationAST(document, operationName);
  if (!operation) return document;
  const strip = (set: SelectionSetNode): SelectionSetNode => ({
    ...set,
    selections: set.selections.flatMap((selection): SelectionNode[] => {
      if (selection.kind === Kind.FIELD) return INTROSPECTION.has(selection.name.value) ? [] : [selection];
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        const inner = strip(selection.selectionSet);
        return inner.selections.length ? [{ ...selection, selectionSet: inner }] : [];
      }
      return [selection];
    }),
  });
  const selectionSet = strip(operation.selectionSet);
  if (selectionSet.selections.length === operation.selectionSet.selections.length && selectionSet.selections.every((s, i) => s === operation.selectionSet.selections[i])) return document;
  if (selectionSet.selections.length === 0) return undefined;
  return { ...document, definitions: document.definitions.map((d) => (d === operation ? { ...operation, selectionSet } : d)) };
}
