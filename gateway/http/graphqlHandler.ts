import type { IncomingMessage, ServerResponse } from 'node:http';
import { GraphQLError } from 'graphql';
import { acceptsMultipart, readBody } from '../../common/http';
import type { GatewayContext } from '../context';
import { APPLICATION_JSON, mediaTypeEssence, singleResultType } from './contentType';
import { formatErrors } from './formatErrors';
import { paramsFromBody, paramsFromSearch } from './graphqlParams';
import type { GraphQLParams, HttpExchange, OperationExchange } from './hook';
import { asGraphQLError, badRequest } from './httpErrors';
import { runOperation, type OperationAnswer, type PipelineDeps } from './operationPipeline';
import { writeAnswer, writeBatch, writeBody } from './writeResponse';

export interface GraphQLHandlerOptions {
  deps: PipelineDeps;
  /** Verifies the caller: the context every operation of the request shares. */
  context: (req: IncomingMessage) => Promise<GatewayContext>;
  maxBodyBytes: number;
  /** Most operations in one batched POST; 0 refuses batches. */
  maxBatchSize: number;
}

export type GraphQLHandler = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void>;

/**
 * GraphQL over HTTP on the gateway's own path: the body read within its limit, the request's
 * hooks (CSRF prevention), the caller verified once, then each operation through the pipeline
 * (operationPipeline.ts) and the answer written once (writeResponse.ts).
 */
export function graphqlHandler(options: GraphQLHandlerOptions): GraphQLHandler {
  const { deps } = options;
  const { runtime } = deps;

  return async (req, res, url) => {
    const method = (req.method ?? 'GET').toUpperCase();
    let body: unknown;
    if (method === 'POST') {
      const read = await readBody(req, res, options.maxBodyBytes, options.maxBatchSize, refuseBody);
      if (!read.ok) return;
      body = read.body;
    }
    const http: HttpExchange = { req, method, requestId: req.headers['x-request-id'] as string, headers: {} };
    const accept = req.headers.accept;
    try {
      const refused = runtime.onRequest(http);
      if (refused) return writeError(res, http, refused);
      let context: GatewayContext;
      try {
        context = await options.context(req);
      } catch (error) {
        return writeError(res, http, error instanceof GraphQLError ? error : asGraphQLError(error instanceof Error ? new Error(`Context creation failed: ${error.message}`) : error));
      }
      if (method === 'POST' && Array.isArray(body)) {
        if (body.length === 0) throw badRequest('No operations found in request.');
        const batch = body.map(paramsFromBody);
        const type = negotiated(accept);
        // Each operation of a batch gets its own copy of the context: hooks note the operation on it.
        const answers = await Promise.all(batch.map((params) => runOperation(deps, exchange(http, Object.assign(Object.create(Object.getPrototypeOf(context)), context), params), false)));
        runtime.onHttpResponse(http);
        return writeBatch(res, http, type, answers);
      }
      const params = paramsOf(method, body, req, url);
      const type = negotiated(accept);
      const answer: OperationAnswer = await runOperation(deps, exchange(http, context, params), acceptsMultipart(accept));
      runtime.onHttpResponse(http);
      return writeAnswer(res, http, type, answer);
    } catch (error) {
      if (res.headersSent) throw error;
      return writeError(res, http, asGraphQLError(error));
    }
  };

  /** The body reader's refusals (413, 415, unusable JSON, batches), with the path's response headers. */
  function refuseBody(res: ServerResponse, status: number, code: string, message: string): void {
    const http: HttpExchange = { req: res.req, method: 'POST', requestId: res.req.headers['x-request-id'] as string, headers: {} };
    runtime.onHttpResponse(http);
    writeBody(res, status, APPLICATION_JSON, http.headers, JSON.stringify({ errors: [{ message, extensions: { code } }] }));
  }

  /** A request refused as a whole: the error alone, with the status it asks for (500 if none). */
  function writeError(res: ServerResponse, http: HttpExchange, error: GraphQLError): void {
    const formatted = formatErrors([error], deps.formatError);
    if (formatted.headers) for (const [name, value] of formatted.headers) http.headers[name] = value;
    runtime.onHttpResponse(http);
    writeBody(res, formatted.status ?? 500, singleResultType(http.req.headers.accept) ?? APPLICATION_JSON, http.headers, JSON.stringify({ errors: formatted.errors }) + '\n');
  }
}

function paramsOf(method: string, body: unknown, req: IncomingMessage, url: URL): GraphQLParams {
  if (method === 'POST') return paramsFromBody(body);
  if (method !== 'GET') throw badRequest('Apollo Server supports only GET/POST requests.', 405, { allow: 'GET, POST' });
  const contentType = req.headers['content-type'];
  if (contentType !== undefined && mediaTypeEssence(contentType) !== 'application/json') {
    throw badRequest('GET requests may not have a content-type header other than application/json.', 415);
  }
  return paramsFromSearch(url.searchParams);
}

/** The answer's media type, judged before anything runs: a client that accepts no JSON gets a 406. */
function negotiated(accept: string | undefined): string {
  const type = singleResultType(accept);
  if (type === null) {
    throw badRequest("An 'accept' header was provided for this request which does not accept application/json; charset=utf-8 or application/graphql-response+json; charset=utf-8", 406);
  }
  return type;
}

function exchange(http: HttpExchange, context: GatewayContext, params: GraphQLParams): OperationExchange {
  return { http, started: performance.now(), context, params, operationName: null, hasData: false };
}
