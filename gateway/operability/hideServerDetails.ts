import type { GraphQLFormattedError } from 'graphql';

/**
 * The gateway never sends stack traces, whoever made the error: Apollo Server leaves them out of
 * its own errors (includeStacktraceInErrorResponses: false), and this strips any a subgraph put in
 * the extensions it forwards (`stacktrace`, or the older `exception.stacktrace`).
 */
export function hideServerDetails(formatted: GraphQLFormattedError): GraphQLFormattedError {
  const extensions = formatted.extensions;
  if (!extensions || !('stacktrace' in extensions || 'exception' in extensions)) return formatted;
  const { stacktrace: _stacktrace, exception: _exception, ...rest } = extensions;
  return { ...formatted, extensions: rest };
}
