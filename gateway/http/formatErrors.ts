import type { GraphQLError, GraphQLFormattedError } from 'graphql';
import type { HttpHint } from './httpErrors';

export type FormatError = (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;

export interface FormattedErrors {
  errors: GraphQLFormattedError[];
  /** The status the errors ask for (the last one that asks wins). */
  status?: number;
  headers?: Map<string, string>;
}

/**
 * Errors as clients of this gateway see them: every one with a code (INTERNAL_SERVER_ERROR when it
 * has none), the HTTP hint taken out of its extensions, then the gateway's formatError. A
 * formatError that throws leaves a bare internal error rather than a failed response.
 */
export function formatErrors(errors: readonly GraphQLError[], formatError: FormatError): FormattedErrors {
  const out: FormattedErrors = { errors: [] };
  for (const error of errors) {
    try {
      out.errors.push(formatError(enrich(error, out), error));
    } catch {
      out.errors.push({ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    }
  }
  return out;
}

function enrich(error: GraphQLError, out: FormattedErrors): GraphQLFormattedError {
  const { http, ...rest } = error.extensions as { http?: unknown } & Record<string, unknown>;
  const extensions: Record<string, unknown> = { ...rest, code: rest.code ?? 'INTERNAL_SERVER_ERROR' };
  if (http !== undefined && !isHint(http)) extensions.http = http;
  if (isHint(http)) {
    if (http.status) out.status = http.status;
    const headers = http.headers instanceof Map ? http.headers : Object.entries(http.headers ?? {});
    for (const [name, value] of headers) (out.headers ??= new Map()).set(name, value);
  }
  return { ...error.toJSON(), extensions };
}

function isHint(value: unknown): value is HttpHint {
  if (!value || typeof value !== 'object') return false;
  const { status, headers } = value as HttpHint;
  return (status === undefined || typeof status === 'number') && (headers === undefined || typeof headers === 'object');
}
