import { GraphQLError, type GraphQLFormattedError } from 'graphql';

/** Longest quoted value an error message repeats from its input, and longest message sent at all. */
const MAX_QUOTED = 64;
const MAX_MESSAGE = 1000;
const LONG_QUOTE = new RegExp(`"([^"]{${MAX_QUOTED + 1},})"`, 'g');

/**
 * An error message that repeats what the client sent ("…" is not a valid email address, graphql-js's
 * "Int cannot represent non-integer value: …") repeats it whole: a 900 KB input made a 900 KB error,
 * sent back on every attempt and written to logs. Quoted values are cut to their first characters,
 * saying how long they were, and the message itself is bounded.
 */
export function boundedMessage(message: string): string {
  if (message.length <= MAX_MESSAGE) return message;
  const cut = message.replace(LONG_QUOTE, (_, quoted: string) => `"${quoted.slice(0, MAX_QUOTED)}…" (${quoted.length} characters)`);
  return cut.length <= MAX_MESSAGE ? cut : `${cut.slice(0, MAX_MESSAGE)}… (cut)`;
}

/** A formatted error (Apollo Server's formatError) with its message bounded. */
export function withBoundedMessage(formatted: GraphQLFormattedError): GraphQLFormattedError {
  const message = boundedMessage(formatted.message);
  return message === formatted.message ? formatted : { ...formatted, message };
}

/** The same error, message bounded (graphql-ws and graphql-sse send GraphQLError objects). */
export function boundedError(error: GraphQLError): GraphQLError {
  const message = boundedMessage(error.message);
  if (message === error.message) return error;
  return new GraphQLError(message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    originalError: error.originalError,
    extensions: error.extensions,
  });
}

/** A result whose errors' messages are bounded; the same result when none needed it. */
export function withBoundedErrors<T extends { errors?: readonly GraphQLError[] }>(result: T): T {
  if (!result.errors?.some((error) => error.message.length > MAX_MESSAGE)) return result;
  return { ...result, errors: result.errors.map(boundedError) };
}
