import { GraphQLError, type GraphQLErrorOptions } from 'graphql';

/**
 * The HTTP status (and headers) an error asks for, carried as Apollo Server carries them
 * (`extensions.http`), so errors raised by shared code (limits, trusted documents, operation
 * resolution) mean the same on both request paths; taken out of the extensions when formatted.
 */
export interface HttpHint {
  status?: number;
  /** A Map as Apollo Server's code sets it, a plain object as this path's code does. */
  headers?: Map<string, string> | Record<string, string>;
}

/** A malformed request: code BAD_REQUEST, status 400 unless said. */
export function badRequest(message: string, status = 400, headers?: Record<string, string>, options?: GraphQLErrorOptions): GraphQLError {
  const http = { status, ...(headers ? { headers } : {}) };
  return new GraphQLError(message, { ...options, extensions: { code: 'BAD_REQUEST', http, ...options?.extensions } });
}

/** A client error with its own code (status 400). */
export function clientError(message: string, code: string, options?: GraphQLErrorOptions): GraphQLError {
  return new GraphQLError(message, { ...options, extensions: { http: { status: 400 }, ...options?.extensions, code } });
}

/** Any thrown value as a GraphQLError (a plain Error keeps its message and becomes the original error). */
export function asGraphQLError(thrown: unknown): GraphQLError {
  if (thrown instanceof GraphQLError) return thrown;
  if (thrown instanceof Error) return new GraphQLError(thrown.message, { originalError: thrown });
  return new GraphQLError('Unexpected error value: ' + String(thrown));
}
