import { ErrorCode, graphError } from '../../../common/errors';
import type { Viewer } from '../../../common/identity';

/**
 * A customer changes only their own orders; the schema's @requiresRole has already let only the
 * allowed roles in. A customer naming an order that is not theirs, or none at all, is refused
 * alike, so a mutation cannot probe which order numbers exist.
 */
export function assertMayChange(viewer: Viewer, ownerId: string | undefined, what: string): void {
  if (viewer.role === 'customer' && (!ownerId || ownerId !== viewer.customerId)) {
    throw graphError(ErrorCode.FORBIDDEN, `A customer may change only their own orders (${what})`);
  }
}
