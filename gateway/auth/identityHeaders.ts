import { IDENTITY_HEADER } from '../../common/identity';
import type { GatewayContext } from '../context';

/**
 * The headers every gateway request to a subgraph carries for its caller: the request id and, for a
 * subgraph configured to receive it (`<NAME>_IDENTITY`, `identity` of config.subgraph()), the
 * caller's identity signed for that subgraph alone. The one place they are built: queries,
 * mutations and subscriptions to subgraphs all call it.
 * No context (the gateway's own calls: health, composition): no caller, no headers.
 */
export async function identityHeaders(context: GatewayContext | undefined, subgraph: { name: string; identity: boolean }): Promise<Record<string, string>> {
  if (!context?.requestId) return {};
  const headers: Record<string, string> = { 'x-request-id': context.requestId };
  if (subgraph.identity) headers[IDENTITY_HEADER] = await context.identity(subgraph.name);
  return headers;
}
