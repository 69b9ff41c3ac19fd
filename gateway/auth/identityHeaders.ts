import { IDENTITY_HEADER } from '../../common/identity';
import type { GatewayContext } from '../context';

/** Headers of the connection or the body, and those the gateway sets itself: never a caller's to pass on. */
const NEVER_FORWARDED = new Set(['host', 'connection', 'content-length', 'content-type', 'transfer-encoding', 'keep-alive', 'upgrade', 'te', 'trailer', 'x-request-id', IDENTITY_HEADER]);

/**
 * The headers every gateway request to a subgraph carries for its caller: the request id, the caller's
 * headers the subgraph is configured to be sent (`<NAME>_FORWARD_HEADERS`, `forwardHeaders` of
 * config.subgraph()) and, for a subgraph configured to receive it (`<NAME>_IDENTITY`), the caller's
 * identity signed for that subgraph alone. The one place they are built: queries, mutations and
 * subscriptions to subgraphs all call it.
 * No context (the gateway's own calls: health, composition): no caller, no headers.
 */
export async function identityHeaders(
  context: GatewayContext | undefined,
  subgraph: { name: string; identity: boolean; forwardHeaders?: readonly string[] },
): Promise<Record<string, string>> {
  if (!context?.requestId) return {};
  const headers: Record<string, string> = { 'x-request-id': context.requestId };
  for (const name of subgraph.forwardHeaders ?? []) {
    const key = name.toLowerCase();
    const value = context.callerHeaders?.[key];
    if (value !== undefined && !NEVER_FORWARDED.has(key)) headers[key] = Array.isArray(value) ? value.join(', ') : value;
  }
  if (subgraph.identity) headers[IDENTITY_HEADER] = await context.identity(subgraph.name);
  return headers;
}
