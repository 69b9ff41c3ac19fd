import { CombinedGraphQLErrors } from '@apollo/client/errors';
import type { GraphQLFormattedError } from 'graphql';

/** The GraphQL errors inside an Apollo error (a network failure becomes one error naming it). */
export function graphQLErrors(error: unknown): readonly GraphQLFormattedError[] {
  if (!error) return [];
  if (CombinedGraphQLErrors.is(error)) return error.errors;
  return [{ message: `The gateway could not be reached: ${error instanceof Error ? error.message : String(error)}` }];
}
