import { createGraphiQLFetcher, type Fetcher } from '@graphiql/toolkit';
import { getOperationAST, parse, type DocumentNode, type OperationDefinitionNode } from 'graphql';
import { createClient } from 'graphql-sse';
import { loadSession } from '../session';

/** How subscriptions travel: the gateway serves both (gateway/live/endpoints.ts). */
export type Transport = 'sse' | 'ws';

/**
 * The headers a request carries: the signed-in console's bearer token (read per request, so a sign-in
 * or sign-out in the console is picked up on the next run), overridden by whatever the Headers tab
 * sets. Names are lower-cased first, so an `Authorization` typed there replaces the console's token
 * instead of being sent beside it.
 */
export function requestHeaders(editorHeaders: Record<string, unknown> | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  const token = loadSession()?.token;
  if (token) headers.authorization = `Bearer ${token}`;
  for (const [name, value] of Object.entries(editorHeaders ?? {})) {
    if (value !== undefined && value !== null) headers[name.toLowerCase()] = String(value);
  }
  return headers;
}

/**
 * The operation a run sends, read from the query text itself. GraphiQL passes the document and
 * operation name it parsed from the editor a moment ago, which are still the previous tab's right
 * after a tab switch: a subscription run then would go to /graphql as a plain request.
 */
function operationIn(query: string, operationName: string | null | undefined): { document: DocumentNode; operation: OperationDefinitionNode } | undefined {
  try {
    const document = parse(query);
    const operation = getOperationAST(document, operationName ?? undefined) ?? getOperationAST(document);
    return operation ? { document, operation } : undefined;
  } catch {
    return undefined; // not GraphQL: the gateway answers with the syntax error
  }
}

/**
 * GraphiQL's fetcher: queries and mutations go to /graphql (the toolkit's fetcher); subscriptions go
 * over Server-Sent Events to /graphql/stream (graphql-sse's client, one stream per subscription) or
 * over a WebSocket to /graphql (graphql-ws, through the toolkit; the headers travel in the
 * connection_init payload, where the gateway reads `authorization`).
 */
export function explorerFetcher(transport: () => Transport): Fetcher {
  const origin = window.location.origin;
  const wsOrigin = origin.replace(/^http/, 'ws');
  const toolkit = createGraphiQLFetcher({ url: `${origin}/graphql`, subscriptionUrl: `${wsOrigin}/graphql` });
  return (params, options) => {
    const headers = requestHeaders(options?.headers);
    const parsed = operationIn(params.query, params.operationName);
    const operationName = parsed?.operation.name?.value ?? params.operationName;
    if (transport() === 'sse' && parsed?.operation.operation === 'subscription') {
      // One stream per subscription; stopping it in GraphiQL returns the iterator, which aborts the request.
      const client = createClient({ url: `${origin}/graphql/stream`, headers, retryAttempts: 0 });
      return client.iterate({ query: params.query, variables: params.variables ?? undefined, operationName: operationName ?? undefined });
    }
    return toolkit({ ...params, operationName }, { ...options, headers, documentAST: parsed?.document ?? options?.documentAST });
  };
}
