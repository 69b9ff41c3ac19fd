import type { GraphQLFormattedError } from 'graphql';

/**
 * Apollo Server answers some refusals with a 4xx status but no code (an unsupported persisted-query
 * version, a hash that does not match its document), and then labels them INTERNAL_SERVER_ERROR:
 * a client would read its own mistake as the server's fault. Such errors get BAD_REQUEST.
 */
export function codeClientErrors(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  if (formatted.extensions?.code !== 'INTERNAL_SERVER_ERROR') return formatted;
  const status = (error as { extensions?: { http?: { status?: unknown } } })?.extensions?.http?.status;
  if (typeof status !== 'number' || status < 400 || status >= 500) return formatted;
  return { ...formatted, extensions: { ...formatted.extensions, code: 'BAD_REQUEST' } };
}
