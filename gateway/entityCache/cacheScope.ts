import type { GatewayContext } from '../context';

/** Whose answers an entry may be shared between, and whether the owners record this caller's reads. */
export interface CacheScope {
  /** Part of every entry's key: entries of one scope are never served to another. */
  key: string;
  /**
   * The owners write an access-log entry when this caller reads a customer's record (staff, and a bot acting
   * for a customer: common/accessRules.ts onStaffRead). Such a caller is served a customer's record from the
   * cache only once its owner has written the entries it would have (accessRecords.ts).
   */
  logged: boolean;
}

/**
 * The scope of a caller, from everything the owners' access rules read of the identity the gateway forwards
 * (common/accessRules.ts: the role, the customer a customer is, the bot acting for one; @requiresRole reads the
 * role), plus the caller's headers forwarded to the subgraph, which an owner may also answer by. Conservative:
 * staff and bots get a scope of their own subject rather than one per role, so an answer shaped by a rule the
 * gateway does not know of still reaches only the caller it was made for. Undefined: never cached (a caller
 * the rules do not describe).
 */
export function cacheScope(context: GatewayContext | undefined, forwardedHeaders: readonly string[]): CacheScope | undefined {
  const viewer = context?.viewer;
  if (!viewer || viewer.peer) return undefined;
  let who: string;
  switch (viewer.role) {
    case 'anonymous':
      who = 'anonymous';
      break;
    case 'customer':
      if (!viewer.customerId) return undefined;
      who = viewer.actor ? `customer:${viewer.customerId}:actor:${viewer.actor}` : `customer:${viewer.customerId}`;
      break;
    default:
      if (!viewer.subject) return undefined;
      who = `${viewer.role}:${viewer.subject}`;
  }
  // Only the callers whose reads no owner logs are named; any other role (staff today, a role added tomorrow) counts as logged.
  const logged = !(viewer.role === 'anonymous' || viewer.role === 'bot' || (viewer.role === 'customer' && !viewer.actor));
  if (forwardedHeaders.length === 0) return { key: who, logged };
  const headers = forwardedHeaders.map((name) => [name, context?.callerHeaders?.[name] ?? null]);
  return { key: `${who}\0${JSON.stringify(headers)}`, logged };
}
