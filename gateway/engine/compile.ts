import { operationFromDocument, type Operation, type Schema, type Supergraph } from '@apollo/federation-internals';
import { type QueryPlan, type QueryPlanner } from '@apollo/query-planner';
import type { DocumentNode, GraphQLSchema } from 'graphql';
import { compileShape, type CompiledShape } from './shape';

/** One supergraph as the engine uses it: built once per supergraph version. */
export interface EngineSchemas {
  supergraph: Supergraph;
  apiSchema: Schema;
  /** What Apollo Server validates against and introspection answers from. */
  apiGraphQLSchema: GraphQLSchema;
  /** Entity representations and rewrites may name @inaccessible types: read with the supergraph's schema. */
  supergraphSchema: GraphQLSchema;
  planner: QueryPlanner;
}

/** Everything about one operation that does not change from request to request. */
export interface CompiledPlan {
  plan: QueryPlan;
  operation: Operation;
  shape: CompiledShape;
  supergraphSchema: GraphQLSchema;
  apiGraphQLSchema: GraphQLSchema;
  /** Estimated size, the plan cache's measure (as @apollo/gateway sizes its own: the plan's JSON). */
  bytes: number;
}

export function compilePlan(schemas: EngineSchemas, document: DocumentNode, operationName: string | undefined, queryText = ''): CompiledPlan {
  const planned = operationFromDocument(schemas.apiSchema, document, { operationName });
  const plan = schemas.planner.buildQueryPlan(planned);
  // The shaper's own copy: the planner is free to rework the operation it was given.
  const operation = operationFromDocument(schemas.apiSchema, document, { operationName, validate: false });
  return {
    plan,
    operation,
    shape: compileShape(operation),
    supergraphSchema: schemas.supergraphSchema,
    apiGraphQLSchema: schemas.apiGraphQLSchema,
    bytes: 2 * (JSON.stringify(plan, withoutDocuments).length + queryText.length),
  };
}

/** The fetches' parsed documents mirror their text: counted once, as text. */
function withoutDocuments(key: string, value: unknown): unknown {
  return key === 'operationDocumentNode' ? undefined : value;
}
