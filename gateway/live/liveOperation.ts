import type { IncomingMessage } from 'node:http';
import { GraphQLError, type ExecutionArgs, type ExecutionResult } from 'graphql';
import { ErrorCode, graphError } from '../../common/errors';
import type { Logger } from '../../common/logger';
import type { GatewayContext } from '../context';
import { prepareOperation, type EntryLimits, type OperationParams } from '../limits/entryLimits';
import type { LiveCaller, LiveGateway } from './liveGateway';

/** Builds a caller's gateway context from request headers; throws a coded GraphQLError for a bad token. */
export type CallerContext = (req: IncomingMessage) => Promise<GatewayContext>;

/** What both live transports need besides the live graph. */
export interface LiveEndpointOptions {
  /** The same limits as /graphql (gateway/limits/entryLimits.ts). */
  limits: EntryLimits;
  log: Logger;
}

export type OperationContext = { caller: LiveCaller | GraphQLError };

/** The caller and when their token stops being accepted (the token verifier's own judgement), or the error that refuses them. */
export async function callerOf(req: IncomingMessage, contextOf: CallerContext): Promise<LiveCaller | GraphQLError> {
  try {
    const context = await contextOf(req);
    return { context, expiresAt: context.credentialExpiresAt };
  } catch (error) {
    return error instanceof GraphQLError ? error : graphError(ErrorCode.UNAUTHENTICATED, 'The caller could not be identified');
  }
}

/**
 * An operation a client sent over either transport, read and checked as /graphql reads it: the
 * execution arguments, or the coded errors that refuse it (for that operation alone).
 */
export function prepareLive(live: LiveGateway, params: OperationParams, limits: EntryLimits): Omit<ExecutionArgs, 'contextValue'> | GraphQLError[] {
  const schema = live.schema;
  if (!schema) return [graphError(ErrorCode.SUBGRAPH_UNAVAILABLE, 'The gateway has not loaded its supergraph yet')];
  const prepared = prepareOperation(schema, params, limits);
  if ('errors' in prepared) return prepared.errors;
  return { schema, document: prepared.document, operationName: prepared.operationName, variableValues: prepared.variables };
}

/**
 * Both transports subscribe alike: a refused caller gets the coded error, anyone else the live graph.
 * An exception is this gateway's fault, not the client's: logged, and answered for this operation
 * alone, where graphql-ws would close the socket with every other subscription on it.
 */
export function subscribeWith(live: LiveGateway, log: Logger) {
  return async (args: ExecutionArgs): Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult> => {
    const { caller } = args.contextValue as OperationContext;
    if (caller instanceof GraphQLError) return { errors: [caller] };
    try {
      return await live.subscribe({ document: args.document, operationName: args.operationName, variables: args.variableValues, caller });
    } catch (error) {
      const requestId = caller.context.requestId;
      log.error({ err: error, requestId }, 'subscription failed with an exception');
      return { errors: [graphError(ErrorCode.INTERNAL_SERVER_ERROR, 'Internal server error', { requestId })] };
    }
  };
}
