import { GraphQLError } from 'graphql';
import type { OperationMeasure } from './measureOperation';

/** The most an operation may ask for; each is checked before any subgraph is called. */
export interface OperationLimits {
  maxDepth: number;
  maxAliases: number;
  maxRootFields: number;
  maxCost: number;
  /** Size assumed for a list field without `first`/`last`/`limit` or a list of ids. */
  defaultListSize: number;
  /** How many nested lists of assumed size multiply along one path (deeper ones count one item); default: all. */
  assumedListNesting?: number;
}

/** The code a refused operation carries names the limit it broke. */
export const LimitCode = {
  DEPTH_LIMIT_EXCEEDED: 'DEPTH_LIMIT_EXCEEDED',
  ALIAS_LIMIT_EXCEEDED: 'ALIAS_LIMIT_EXCEEDED',
  ROOT_FIELD_LIMIT_EXCEEDED: 'ROOT_FIELD_LIMIT_EXCEEDED',
  COST_LIMIT_EXCEEDED: 'COST_LIMIT_EXCEEDED',
  /** Variables, extensions or tool arguments nested deeper than MAX_INPUT_DEPTH (limits/inputDepth.ts). */
  INPUT_DEPTH_LIMIT_EXCEEDED: 'INPUT_DEPTH_LIMIT_EXCEEDED',
  /** A field whose @listSize requires exactly one slicing argument got none or several (gateway/limits/directiveCost.ts). */
  SLICING_ARGUMENT_REQUIRED: 'SLICING_ARGUMENT_REQUIRED',
} as const;

const CHECKS = [
  { measured: 'depth', limit: 'maxDepth', code: LimitCode.DEPTH_LIMIT_EXCEEDED, what: 'depth' },
  { measured: 'aliases', limit: 'maxAliases', code: LimitCode.ALIAS_LIMIT_EXCEEDED, what: 'alias count' },
  { measured: 'rootFields', limit: 'maxRootFields', code: LimitCode.ROOT_FIELD_LIMIT_EXCEEDED, what: 'root field count' },
  { measured: 'cost', limit: 'maxCost', code: LimitCode.COST_LIMIT_EXCEEDED, what: 'estimated cost' },
] as const;

/** The first limit the operation breaks, as the error the client gets (HTTP 400); none: undefined. */
export function limitError(measure: OperationMeasure, limits: OperationLimits): GraphQLError | undefined {
  if (measure.slicingProblem) {
    return new GraphQLError(`The operation's cost cannot be estimated: ${measure.slicingProblem}`, {
      extensions: { code: LimitCode.SLICING_ARGUMENT_REQUIRED, http: { status: 400 } },
    });
  }
  for (const check of CHECKS) {
    const measured = measure[check.measured];
    const limit = limits[check.limit];
    if (measured > limit) {
      return new GraphQLError(`The operation's ${check.what} is ${measured}, more than the limit of ${limit}`, {
        extensions: { code: check.code, limit, measured, http: { status: 400 } },
      });
    }
  }
  return undefined;
}
