import { AGENT, identityHeaders } from '../../../../test/support/identity';
/** Posts one GraphQL operation to a running subgraph, as the gateway would. */
export interface GraphQLAnswer<D = any> {
  data?: D | null;
  errors?: Array<{ message: string; path?: Array<string | number>; extensions?: { code?: string; argumentName?: string } }>;
}

export async function postGraphQL<D = any>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<GraphQLAnswer<D>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(await identityHeaders(AGENT, 'support')), ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as GraphQLAnswer<D>;
}
