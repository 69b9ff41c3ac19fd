import { Kind } from 'graphql';
import type { GraphQLParams } from './hook';
import { badRequest } from './httpErrors';

/**
 * The operation a POST body asks for. A body that is not a usable object, or fields of the wrong
 * type, answer 400 with the messages Apollo Server gives (what clients of this gateway have seen).
 */
export function paramsFromBody(body: unknown): GraphQLParams {
  if (!isRecord(body) || isEmpty(body)) throw badRequest('POST body missing, invalid Content-Type, or JSON object has no keys.');
  const { query, variables, extensions, operationName } = body;
  if (query && typeof query !== 'string') {
    throw badRequest(
      (query as { kind?: unknown }).kind === Kind.DOCUMENT
        ? "GraphQL queries must be strings. It looks like you're sending the internal graphql-js representation of a parsed query in your request instead of a request in the GraphQL query language. You can convert an AST to a string using the `print` function from `graphql`, or use a client like `apollo-client` which converts the internal representation to a string for you."
        : 'GraphQL queries must be strings.',
    );
  }
  if (typeof variables === 'string') throw badRequest('`variables` in a POST body should be provided as an object, not a recursively JSON-encoded string.');
  if (typeof extensions === 'string') throw badRequest('`extensions` in a POST body should be provided as an object, not a recursively JSON-encoded string.');
  if (extensions !== undefined && extensions !== null && !isRecord(extensions)) throw badRequest('`extensions` in a POST body must be an object if provided.');
  if (variables !== undefined && variables !== null && !isRecord(variables)) throw badRequest('`variables` in a POST body must be an object if provided.');
  if (operationName !== undefined && operationName !== null && typeof operationName !== 'string') throw badRequest('`operationName` in a POST body must be a string if provided.');
  return {
    query: typeof query === 'string' ? query : undefined,
    operationName: typeof operationName === 'string' ? operationName : undefined,
    variables: isRecord(variables) ? variables : undefined,
    extensions: isRecord(extensions) ? extensions : undefined,
  };
}

/** The operation a GET request's search parameters ask for (each at most once; variables and extensions as JSON objects). */
export function paramsFromSearch(search: URLSearchParams): GraphQLParams {
  return {
    query: once(search, 'query'),
    operationName: once(search, 'operationName'),
    variables: jsonObject(search, 'variables'),
    extensions: jsonObject(search, 'extensions'),
  };
}

function once(search: URLSearchParams, name: string): string | undefined {
  const values = search.getAll(name);
  if (values.length > 1) throw badRequest(`The '${name}' search parameter may only be specified once.`);
  return values[0];
}

function jsonObject(search: URLSearchParams, name: string): Record<string, unknown> | undefined {
  const text = once(search, name);
  if (text === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw badRequest(`The ${name} search parameter contains invalid JSON.`);
  }
  if (!isRecord(value)) throw badRequest(`The ${name} search parameter should contain a JSON-encoded object.`);
  return value;
}

function isRecord(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isEmpty(value: object): boolean {
  for (const _key in value) return false;
  return true;
}
