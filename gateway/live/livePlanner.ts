import { Supergraph, operationFromDocument, type Schema } from '@apollo/federation-internals';
import { buildOperationContext } from '@apollo/gateway';
import type { OperationContext } from '@apollo/gateway/dist/operationContext';
import { QueryPlanner, type FetchNode, type PlanNode } from '@apollo/query-planner';
import type { DocumentNode, GraphQLSchema } from 'graphql';

/** A subscription as the federation query planner splits it: the owner's stream, then the rest. */
export interface SubscriptionPlan {
  /** The fetch held open on the subgraph that owns the subscription field. */
  primary: FetchNode;
  /** What the other subgraphs add to each event (absent when the owner answers the whole selection). */
  rest?: PlanNode;
  operationContext: OperationContext;
}

/**
 * The supergraph as the live graph plans it, rebuilt whenever the gateway loads a new one (the
 * same SDL the gateway plans queries with). Stock @apollo/gateway plans subscriptions (a
 * Subscription node) but refuses to execute them; the live graph executes them itself. With the
 * gateway engine (the default) the engine plans them, and this only validates and locates subgraphs.
 */
export class LivePlanner {
  private queryPlanner: QueryPlanner | undefined;

  private constructor(
    private readonly supergraph: Supergraph,
    private readonly urls: ReadonlyMap<string, string | undefined>,
    readonly apiSchema: Schema,
    /** The supergraph with its join directives, as executeQueryPlan wants it. */
    readonly supergraphSchema: GraphQLSchema,
    /** The client-facing schema, for validating documents. */
    readonly schema: GraphQLSchema,
  ) {}

  static fromSupergraph(supergraphSdl: string, schema: GraphQLSchema): LivePlanner {
    const supergraph = Supergraph.build(supergraphSdl);
    const urls = new Map(supergraph.subgraphs().values().map((subgraph) => [subgraph.name, subgraph.url] as const));
    return new LivePlanner(supergraph, urls, supergraph.apiSchema(), supergraph.schema.toGraphQLJSSchema(), schema);
  }

  subgraphNames(): string[] {
    return [...this.urls.keys()];
  }

  /** The subgraph's URL as the supergraph names it (@join__graph). */
  subgraphUrl(name: string): string | undefined {
    return this.urls.get(name) || undefined;
  }

  /** Plans a (validated) subscription document; throws a GraphQLError when it cannot be planned. */
  plan(document: DocumentNode, operationName?: string | null): SubscriptionPlan {
    const operation = operationFromDocument(this.apiSchema, document, { operationName: operationName ?? undefined });
    // Built on first use: with the gateway engine (the default) the engine plans subscriptions, and this planner is never needed.
    this.queryPlanner ??= new QueryPlanner(this.supergraph);
    const plan = this.queryPlanner.buildQueryPlan(operation);
    if (plan.node?.kind !== 'Subscription') throw new Error('not a subscription plan');
    const operationContext = buildOperationContext({ schema: this.schema, operationDocument: document, operationName: operationName ?? undefined });
    return { primary: plan.node.primary, rest: plan.node.rest, operationContext };
  }
}
