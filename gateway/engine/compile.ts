import type { Schema, Supergraph } from '@apollo/federation-internals';
import type { QueryPlan } from '@apollo/query-planner';
import { Kind, visit, type ArgumentNode, type DocumentNode, type GraphQLSchema } from 'graphql';
import type { OperationPlanner } from './planners/planner';
import { forDefer, hasDefer, operationSelections } from './selections';
import { compileShape } from './compileShape';
import type { CompiledShape } from './shape';

/**
 * One supergraph as the engine uses it: built once per supergraph version. `supergraph` and
 * `apiSchema` are federation's, what the query planner is built on and plans with (its public API);
 * everything else in the engine reads the graphql-js schemas.
 */
export interface EngineSchemas {
  supergraph: Supergraph;
  apiSchema: Schema;
  /** What Apollo Server validates against and introspection answers from. */
  apiGraphQLSchema: GraphQLSchema;
  /** Entity representations and rewrites may name @inaccessible types: read with the supergraph's schema. */
  supergraphSchema: GraphQLSchema;
  planner: OperationPlanner;
}

/** Everything about one operation that does not change from request to request. */
export interface CompiledPlan {
  plan: QueryPlan;
  shape: CompiledShape;
  /** An operation with @defer: its shaper for incremental delivery, and the labels the planner made up (never sent). */
  defer?: { shape: CompiledShape; assignedLabels: Set<string> };
  supergraphSchema: GraphQLSchema;
  apiGraphQLSchema: GraphQLSchema;
  /** Estimated heap retained, the plan cache's measure: see estimatedBytes. */
  bytes: number;
}

export function compilePlan(schemas: EngineSchemas, given: DocumentNode, operationName: string | undefined, queryText = ''): CompiledPlan {
  const { document, madeUp } = labelDefers(given);
  const plan = schemas.planner.plan(document, operationName);
  // The shaper reads the client's document itself: the planner is free to rework the operation it was given.
  const operation = operationSelections(schemas.apiGraphQLSchema, document, operationName);
  // Fragments expanded and @defer labelled as the planner does it, so the plan's deferred nodes and the shaper's agree on labels.
  // A planner that plans deferred fragments with the rest (Hive's) has no deferred parts: its answers come in one.
  const normalized = plan.node && schemas.planner.defers && hasDefer(operation.selections) ? forDefer(schemas.apiGraphQLSchema, operation) : undefined;
  return {
    plan,
    shape: compileShape(schemas.apiGraphQLSchema, operation),
    defer: normalized?.hasDefers ? { shape: compileShape(schemas.apiGraphQLSchema, { ...operation, ...normalized }, true), assignedLabels: madeUp } : undefined,
    supergraphSchema: schemas.supergraphSchema,
    apiGraphQLSchema: schemas.apiGraphQLSchema,
    bytes: estimatedBytes(JSON.stringify(plan, withoutDocuments).length + queryText.length),
  };
}

/**
 * The heap a cached plan retains, from the length of its plan's JSON and its query text, calibrated
 * by bench/planCacheHeap.ts (#15; heap after a full GC, 2,000 distinct operations each): retained
 * 10.7 KB per entry for till/productPrice (741 characters), 23.4 KB for agent-console/orderLookup
 * (2,031) and 25.7 KB for agent-console/customerOverview (2,705), about 5 KB fixed (the compiled
 * shaper, whatever the size) plus 7.6 bytes a character. Twice the
 * characters, the former estimate, counted a fifth to a seventh of it.
 */
export function estimatedBytes(characters: number): number {
  return 6_000 + 8 * characters;
}

const MADE_UP = '__engine_defer_';

/**
 * Every @defer given a label (the client's own, else a made-up one): the planner keeps only the labels
 * it did not invent on its deferred nodes, and the shaper finds a deferred part's fragments by label.
 * Made-up labels are never sent to the client.
 */
function labelDefers(document: DocumentNode): { document: DocumentNode; madeUp: Set<string> } {
  const madeUp = new Set<string>();
  const labelled = visit(document, {
    Directive(node) {
      if (node.name.value !== 'defer' || node.arguments?.some((a) => a.name.value === 'label')) return undefined;
      const label = `${MADE_UP}${madeUp.size}`;
      madeUp.add(label);
      const argument: ArgumentNode = { kind: Kind.ARGUMENT, name: { kind: Kind.NAME, value: 'label' }, value: { kind: Kind.STRING, value: label } };
      return { ...node, arguments: [...(node.arguments ?? []), argument] };
    },
  });
  return { document: madeUp.size ? labelled : document, madeUp };
}

/** The fetches' parsed documents mirror their text: counted once, as text. */
function withoutDocuments(key: string, value: unknown): unknown {
  return key === 'operationDocumentNode' ? undefined : value;
}
