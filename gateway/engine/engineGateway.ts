import type {
  GatewayExecutor,
  GatewayInterface,
  GatewayLoadResult,
  GatewaySchemaLoadOrUpdateCallback,
} from '@apollo/server-gateway-interface';
import type { GraphQLFormattedError } from 'graphql';
import type { GatewayContext } from '../context';
import type { Engine } from './engine';
import { subsequentTexts } from './defer';
import { isIncremental, type SubsequentPayload } from './request';

/**
 * The engine behind Apollo Server's gateway interface (@apollo/server-gateway-interface, public):
 * Apollo Server parses, validates and runs its plugins, then hands each operation to the engine's
 * `execute`. Kept while Apollo Server still hosts /graphql; the engine itself needs none of it.
 */
export class EngineGateway implements GatewayInterface {
  /** Registered and not yet told of a supergraph: the engine may have loaded before Apollo Server asked. */
  private readonly untold = new Set<GatewaySchemaLoadOrUpdateCallback>();

  constructor(
    readonly engine: Engine,
    private readonly incremental?: IncrementalDelivery,
  ) {}

  onSchemaLoadOrUpdate(callback: GatewaySchemaLoadOrUpdateCallback): () => void {
    this.untold.add(callback);
    const unsubscribe = this.engine.onSchemaChange(({ apiSchema, supergraphSdl }) => {
      this.untold.delete(callback);
      callback({ apiSchema, coreSupergraphSdl: supergraphSdl });
    });
    return () => {
      this.untold.delete(callback);
      unsubscribe();
    };
  }

  async load(): Promise<GatewayLoadResult> {
    await this.engine.start();
    const { apiSchema, supergraphSdl } = this.engine;
    for (const callback of this.untold) callback({ apiSchema: apiSchema!, coreSupergraphSdl: supergraphSdl! });
    this.untold.clear();
    return { executor: this.executor };
  }

  async stop(): Promise<void> {
    await this.engine.stop();
  }

  readonly executor: GatewayExecutor = async (requestContext) => {
    const { request, document, queryHash } = requestContext;
    const context = requestContext.context as GatewayContext | undefined;
    const result = await this.engine.execute({
      document,
      operationName: request.operationName ?? undefined,
      variables: request.variables,
      planKey: request.operationName ? `${queryHash}\0${request.operationName}` : queryHash,
      queryText: request.query,
      context,
      incremental: !!context && !!this.incremental?.wanted(context),
      cachePolicy: requestContext.overallCachePolicy,
      log: requestContext.logger,
    });
    if (!isIncremental(result)) return result as Awaited<ReturnType<GatewayExecutor>>;
    this.incremental!.follows(context!, result.subsequent);
    return result.initial as Awaited<ReturnType<GatewayExecutor>>;
  };
}

/**
 * Where a request's later parts wait for the HTTP host (common/http.ts): on its context object,
 * under a symbol. Apollo Server hands the executor a shallow copy of the context the host made
 * (Object.assign), which keeps the symbol and the object it points to.
 */
const PARTS = Symbol('incremental delivery');
type WithParts = { [PARTS]?: { subsequent?: AsyncIterable<SubsequentPayload> } };

/** @defer over multipart/mixed for a host that runs Apollo Server: which requests want it, and their later parts. */
export class IncrementalDelivery {
  /** @param formatError how Apollo Server formats an error of this gateway (the same for deferred parts). */
  constructor(private readonly formatError: (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError) {}

  /** The HTTP host: this request's client accepts multipart/mixed; deferSpec=20220824. */
  begin(context: object): void {
    (context as WithParts)[PARTS] = {};
  }

  wanted(context: object): boolean {
    return (context as WithParts)[PARTS] !== undefined;
  }

  /** The executor: the answer just returned is the first part of several. */
  follows(context: object, subsequent: AsyncIterable<SubsequentPayload>): void {
    const parts = (context as WithParts)[PARTS];
    if (parts) parts.subsequent = subsequent;
  }

  /** The HTTP host, once Apollo Server has answered: the payloads that follow it, as JSON texts (undefined: nothing deferred). */
  follow(context: object): AsyncIterable<string> | undefined {
    const subsequent = (context as WithParts)[PARTS]?.subsequent;
    delete (context as WithParts)[PARTS];
    return subsequent && subsequentTexts(subsequent, this.formatError);
  }
}
