import { inputDepthError } from '../../limits/entryLimits';
import type { GatewayHook } from '../hook';

/**
 * Variables and extensions nested past MAX_INPUT_DEPTH, refused (400) before anything recursive
 * walks them (gateway/limits/entryLimits.ts, the check every entry point makes).
 */
export function useInputLimits(): GatewayHook {
  return {
    name: 'input-limits',
    onParams({ params }) {
      const refused = inputDepthError(params);
      return refused && withStatus(refused);
    },
  };
}

function withStatus<T extends { extensions: Record<string, unknown> }>(error: T): T {
  (error.extensions as Record<string, unknown>).http = { status: 400 };
  return error;
}
