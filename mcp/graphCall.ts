/**
 * Sends a tool's operation to the gateway's /graphql like any front-end: over HTTP, so it passes the
 * gateway's own validation, limits, identity and authorization, with the agent's credential attached.
 */
export interface GraphRequest {
  query: string;
  operationName: string;
  variables: Record<string, unknown>;
}

export type GraphOutcome =
  | { ok: true; data: Record<string, unknown> }
  | { ok: false; message: string; partial?: Record<string, unknown> };

/** `callerHeaders`: the headers of the HTTP request the call came in on; only FORWARDED_HEADERS go on. */
export type GraphCaller = (request: GraphRequest, signal?: AbortSignal, callerHeaders?: Record<string, string | string[] | undefined>) => Promise<GraphOutcome>;

/** The caller's own credential and request id travel on to the gateway; nothing else does. */
export const FORWARDED_HEADERS = ['authorization', 'x-request-id'] as const;

export function forwardedHeaders(headers: Record<string, string | string[] | undefined> = {}): Record<string, string> {
  const forwarded: Record<string, string> = {};
  for (const name of FORWARDED_HEADERS) {
    const value = headers[name];
    if (value !== undefined) forwarded[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return forwarded;
}

export interface GraphCallerOptions {
  url: string | (() => string);
  /** Sent with every call: the caller's credential and request id. */
  headers?: Record<string, string>;
  timeoutMs?: number;
}

interface GraphQLErrorBody {
  message?: string;
  path?: Array<string | number>;
  extensions?: { code?: string; argumentName?: string; reason?: string };
}

export function graphCaller(options: GraphCallerOptions): GraphCaller {
  const timeoutMs = options.timeoutMs ?? 15_000;
  return async (request, signal, callerHeaders) => {
    const url = typeof options.url === 'function' ? options.url() : options.url;
    const timeout = AbortSignal.timeout(timeoutMs);
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: {
          ...options.headers,
          ...forwardedHeaders(callerHeaders),
          'content-type': 'application/json',
          accept: 'application/graphql-response+json, application/json',
        },
        body: JSON.stringify(request),
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
    } catch (error) {
      // fetch says only "fetch failed"; the cause says why (ECONNREFUSED, a DNS failure, …).
      const cause = (error as Error & { cause?: Error }).cause;
      const reason = timeout.aborted ? `no answer within ${timeoutMs} ms` : (cause?.message ?? (error as Error).message);
      return { ok: false, message: `The graph at ${url} could not be reached: ${reason}` };
    }
    const text = await response.text();
    let body: { data?: Record<string, unknown> | null; errors?: GraphQLErrorBody[] };
    try {
      body = JSON.parse(text);
    } catch {
      return { ok: false, message: `The graph answered HTTP ${response.status} without a GraphQL response: ${text.slice(0, 200)}` };
    }
    const errors = Array.isArray(body.errors) ? body.errors : [];
    if (errors.length > 0) {
      const partial = body.data && Object.values(body.data).some((v) => v !== null) ? body.data : undefined;
      return { ok: false, message: `The graph refused or failed part of the call: ${errors.map(describeError).join('; ')}`, partial };
    }
    if (!response.ok || !body.data) {
      return { ok: false, message: `The graph answered HTTP ${response.status} without data` };
    }
    return { ok: true, data: body.data };
  };
}

function describeError(error: GraphQLErrorBody): string {
  const details = [
    error.extensions?.code,
    error.extensions?.argumentName && `argument ${error.extensions.argumentName}`,
    error.extensions?.reason && `reason ${error.extensions.reason}`,
    error.path && `at ${error.path.join('.')}`,
  ].filter(Boolean);
  return `${error.message ?? 'unknown error'}${details.length > 0 ? ` (${details.join(', ')})` : ''}`;
}
