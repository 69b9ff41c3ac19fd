import type { Supergraph } from '@apollo/federation-internals';
import type { QueryPlan } from '@apollo/query-planner';
import { GraphQLError, type DocumentNode } from 'graphql';
import { apolloPlanner } from './apolloPlanner';

/** Which query planner the engine plans with (`engine.planner`, GATEWAY_PLANNER). */
export type PlannerName = 'apollo' | 'hive';
export const PLANNER_NAMES: readonly PlannerName[] = ['apollo', 'hive'];

/**
 * A query planner as the engine uses it: one per supergraph load, shared by every operation. Each
 * planner's plans come out in the engine's plan shape (Apollo's node kinds, plus BatchFetch and
 * type-conditioned flatten paths: see hivePlan.ts), so execution, @defer and subscriptions are the
 * same code whichever planned.
 */
export interface OperationPlanner {
  readonly name: PlannerName;
  /** Whether its plans for @defer have Defer nodes (deferred parts answered apart); if not, the answer comes in one. */
  readonly defers: boolean;
  /** Plans one operation of a document already validated against the API schema; throws when it cannot. */
  plan(document: DocumentNode, operationName: string | undefined): QueryPlan;
}

export function createPlanner(name: PlannerName, supergraph: Supergraph, supergraphSdl: string): OperationPlanner {
  if (name === 'apollo') return apolloPlanner(supergraph);
  // Loaded only when chosen: a native addon the default never needs (and that does not load on every platform).
  const { hivePlanner } = require('./hivePlanner') as typeof import('./hivePlanner');
  return hivePlanner(supergraphSdl);
}

/** The code of an operation a planner cannot plan: the client is told why (Apollo Router's code for the same). */
export const PLANNING_FAILED = 'QUERY_PLANNING_FAILED';

export function planningRefusal(reason: string): GraphQLError {
  return new GraphQLError(reason, { extensions: { code: PLANNING_FAILED } });
}

export function isPlanningRefusal(error: unknown): error is GraphQLError {
  return error instanceof GraphQLError && error.extensions?.code === PLANNING_FAILED;
}
