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
  /** A bot with no customer (an anonymous visitor's chat) asked for customer data: have the customer sign in. */
  CUSTOMER_SIGN_IN_REQUIRED: 'CUSTOMER_SIGN_IN_REQUIRED',
  SUBGRAPH_UNAVAILABLE: 'SUBGRAPH_UNAVAILABLE',
  DATABASE_UNAVAILABLE: 'DATABASE_UNAVAILABLE',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export function graphError(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...extensions } });
}

/** Longest part of a client's input an error message quotes back. */
const MAX_QUOTED_INPUT = 64;

/**
 * A client's input as an error message quotes it: JSON, cut to its first characters with its length
 * said. An error never repeats a large input whole (a 900 KB email made a 900 KB error), and a value
 * nested too deep to print is not printed.
 */
export function quoteInput(value: unknown): string {
  let text: string;
  try {
    text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  } catch {
    return 'a value that cannot be printed';
  }
  return text.length <= MAX_QUOTED_INPUT ? JSON.stringify(text) : `${JSON.stringify(text.slice(0, MAX_QUOTED_INPUT) + '…')} (${text.length} characters)`;
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

/**
 * A bot that speaks for no customer asked for what only a signed-in customer may see or change.
 * The bot is to have the customer sign in and then act for them (a token naming the customer as
 * subject and the bot as actor); `what` names the field or record refused.
 */
export function customerSignInRequired(what: string): GraphQLError {
  return graphError(
    ErrorCode.CUSTOMER_SIGN_IN_REQUIRED,
    `${what} is a customer's data: a bot acting for no customer reads only products and prices. Have the customer sign in, then act for them`,
    { what },
  );
}
