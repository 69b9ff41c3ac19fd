import type { GraphQLError } from 'graphql';
import { ErrorCode, customerSignInRequired, graphError } from '../errors';
import type { Viewer } from '../identity';

/**
 * Who may open a live subscription; per event, the access rules in the SDL apply as for queries.
 * A bot watches only as the customer it acts for (role customer): alone, it is told to have them sign in.
 */
export const WATCHING_ROLES = ['customer', 'agent', 'store', 'service'] as const;

/**
 * Checked once, when the subscription opens (the SDL's rules run per event, on the payload's
 * fields): a customer may watch only their own records. `ownerId` undefined: the record does not
 * exist, which a customer is told the same way as another's record, so streams cannot probe.
 */
export function assertMayWatch(viewer: Viewer, ownerId: string | undefined, what: string): void {
  const refused = refusal(viewer, ownerId, what);
  if (refused) throw refused;
}

function refusal(viewer: Viewer, ownerId: string | undefined, what: string): GraphQLError | undefined {
  if (viewer.role === 'anonymous') return graphError(ErrorCode.UNAUTHENTICATED, `Sign in to watch ${what}`);
  if (viewer.role === 'bot') return customerSignInRequired(`Watching ${what}`);
  if (!(WATCHING_ROLES as readonly string[]).includes(viewer.role)) return graphError(ErrorCode.FORBIDDEN, `The ${viewer.role} role may not watch ${what}`);
  if (viewer.role === 'customer' && (ownerId === undefined || ownerId !== viewer.customerId)) {
    return graphError(ErrorCode.FORBIDDEN, `A customer may watch only their own records (${what})`);
  }
  if (ownerId === undefined) return graphError(ErrorCode.NOT_FOUND, `${what} does not exist`);
  return undefined;
}
