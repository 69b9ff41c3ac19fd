import type { ServerResponse } from 'node:http';

/**
 * Adds a code to the errors of a JSON error answer written by a library that leaves them out
 * (graphql-sse answers a body that is not JSON with `{"errors":[{"message":…}]}` and a 400): every
 * error a client of this graph sees carries `extensions.code`. Only this one response is touched.
 */
export function codeErrorBodies(res: ServerResponse, code = 'BAD_REQUEST'): void {
  const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
  res.end = ((...args: unknown[]) => {
    const [chunk] = args;
    if (res.statusCode >= 400 && res.statusCode < 500 && (typeof chunk === 'string' || Buffer.isBuffer(chunk))) {
      const coded = withCodes(chunk.toString(), code);
      if (coded !== undefined) {
        if (!res.headersSent) res.removeHeader('content-length');
        return end(coded, ...args.slice(1).filter((a) => typeof a === 'function'));
      }
    }
    return end(...args);
  }) as typeof res.end;
}

function withCodes(text: string, code: string): string | undefined {
  let body: { errors?: Array<{ extensions?: Record<string, unknown> }> };
  try {
    body = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!Array.isArray(body?.errors) || body.errors.every((e) => typeof e?.extensions?.code === 'string')) return undefined;
  body.errors = body.errors.map((e) => ({ ...e, extensions: { code, ...e?.extensions } }));
  return JSON.stringify(body);
}
