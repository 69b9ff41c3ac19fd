import { GraphQLError } from 'graphql';

/**
 * The one error factory of the graph. Every error a client sees carries a stable
 * `extensions.code`; argument errors also name the argument.
 */
export const ErrorCode = {
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  NOT_FOUND: 'NOT_FOUND',
  NOT_ALLOWED: 'NOT_ALLOWED',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  SUBGRAPH_UNAVAILABLE: 'SUBGRAPH_UNAVAILABLE',
  DATABASE_UNAVAILABLE: 'DATABASE_UNAVAILABLE',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export function graphError(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...extensions } });
}

/** Bad input, naming the argument (`argumentName` in extensions) so a client can point at it. */
export function badInput(argumentName: string, message: string): GraphQLError {
  return graphError(ErrorCode.BAD_USER_INPUT, message, { argumentName });
}

/** A referenced record that must exist does not (an unknown order in a mutation). */
export function notFound(what: string, id: string, argumentName?: string): GraphQLError {
  return graphError(ErrorCode.NOT_FOUND, `${what} ${id} does not exist`, argumentName ? { argumentName } : {});
}

/** A well-formed change the business rules forbid; `reason` is a stable machine-readable word. */
export function notAllowed(reason: string, message: string): GraphQLError {
  return graphError(ErrorCode.NOT_ALLOWED, message, { reason });
}
