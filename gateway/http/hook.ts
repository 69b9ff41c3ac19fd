import type { IncomingMessage } from 'node:http';
import type { DocumentNode, GraphQLError, GraphQLSchema, OperationDefinitionNode } from 'graphql';
import type { GatewayContext } from '../context';

/** What a client asked for: a POST body's fields or a GET request's search parameters. */
export interface GraphQLParams {
  query?: string;
  operationName?: string;
  variables?: Record<string, unknown>;
  extensions?: Record<string, any>;
}

/** One HTTP request on /graphql: one operation, or a batch of them sharing the caller. */
export interface HttpExchange {
  readonly req: IncomingMessage;
  readonly method: string;
  /** Settled by the host (the caller's x-request-id when sane) before any hook runs. */
  readonly requestId: string;
  /** Response headers beside content-type, collected and written once. */
  readonly headers: Record<string, string>;
}

/** One operation on its way through the request path; hooks read it and fill it in. */
export interface OperationExchange {
  readonly http: HttpExchange;
  /** performance.now() when the operation started. */
  readonly started: number;
  readonly context: GatewayContext;
  readonly params: GraphQLParams;
  /** The text to run once resolved: the client's, or the one its hash names (APQ, trusted documents). */
  query?: string;
  /** The client sent a document with a persisted-query hash: store it once the operation is allowed. */
  registerHash?: string;
  schema?: GraphQLSchema;
  document?: DocumentNode;
  operation?: OperationDefinitionNode;
  /** The operation's own name once resolved (null: anonymous or not resolved), as Apollo Server named it. */
  operationName: string | null;
  /** The errors of the answer as raised, before formatting. */
  errors?: readonly GraphQLError[];
  /** The answer carries data beside its errors (a partial answer). */
  hasData: boolean;
  /** Added to the answer's extensions (the estimated cost, when the client asked for it). */
  responseExtensions?: Record<string, unknown>;
}

/** A hook's verdict: nothing (go on) or the error that ends the operation. */
export type Verdict = GraphQLError | undefined | void;

/**
 * One of the gateway's behaviours on its own request path, named `useX` after the behaviour. Each
 * phase is optional; the runtime (runtime.ts) keeps, per phase, the list of hooks that have it, in
 * the order they were composed, so a request pays only for the phases someone uses.
 */
export interface GatewayHook {
  readonly name: string;
  /** Before the caller is verified: refuse the request as a whole (CSRF prevention). */
  onRequest?(http: HttpExchange): Verdict;
  /** Before the document is looked up: resolve `query` from a hash (trusted documents, APQ), or refuse. */
  onParams?(op: OperationExchange): Verdict | Promise<Verdict>;
  /** The document is parsed and validated and its operation resolved (maybe not found): refuse, or note. */
  onOperation?(op: OperationExchange): Verdict | Promise<Verdict>;
  /** The operation is allowed and about to run (APQ stores what the client registered). */
  onExecute?(op: OperationExchange): void;
  /** The operation's errors, raised before or during execution. */
  onErrors?(op: OperationExchange, errors: readonly GraphQLError[]): void;
  /** The operation's answer is settled (`errors`, `hasData`): logs and metrics. */
  onResponse?(op: OperationExchange): void;
  /** The HTTP response is about to be written: add headers to `http.headers`. */
  onHttpResponse?(http: HttpExchange): void;
}
