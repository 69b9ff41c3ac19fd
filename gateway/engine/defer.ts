import type { DeferredNode, PlanNode } from '@apollo/query-planner';
import type { GatewayExecutionResult, GatewayGraphQLRequestContext } from '@apollo/server-gateway-interface';
import type { GraphQLError, GraphQLFormattedError } from 'graphql';
import type { CompiledPlan } from './compile';
import { executeNode, finish, introspect } from './execute';
import type { Cursor, Execution, ServiceMap } from './fetch';
import type { ResultMap } from './merge';
import { shapeDeferred, type DeferredOccurrence } from './shape';

/**
 * @defer with incremental delivery, in the multipart/mixed format of deferSpec=20220824 (what Apollo
 * Client and Apollo Router speak). The HTTP host opens a sink for a request whose client accepts that
 * format; the engine answers the primary part at once (Apollo Server sends it as usual) and each
 * deferred part when its fetches are done, as a `{ incremental: [{ data, path, label? }], hasNext }`
 * payload. A client that does not accept multipart gets the whole answer in one (execute.ts).
 */
/**
 * Where a request's sink is kept: on its context object, under a symbol. Apollo Server hands the
 * executor a shallow copy of the context the host made (Object.assign), which keeps the symbol.
 */
const SINK = Symbol('incremental delivery sink');
type WithSink = { [SINK]?: Sink };

export class IncrementalDelivery {
  /** @param formatError how Apollo Server formats an error of this gateway (the same for deferred parts). */
  constructor(private readonly formatError: (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError) {}

  /** The HTTP host: this request's client accepts multipart/mixed; deferSpec=20220824. */
  begin(context: object): void {
    (context as WithSink)[SINK] = new Sink();
  }

  /** The engine: where deferred parts of this request go; undefined: answer whole. */
  sinkFor(context: object): Sink | undefined {
    return (context as WithSink)[SINK];
  }

  /** The HTTP host, once Apollo Server has answered: the payloads that follow it, as JSON texts (undefined: nothing deferred). */
  follow(context: object): AsyncIterable<string> | undefined {
    const sink = (context as WithSink)[SINK];
    delete (context as WithSink)[SINK];
    if (!sink?.used) return undefined;
    const format = (error: GraphQLError | Error) => this.formatError('toJSON' in error ? (error as GraphQLError).toJSON() : { message: error.message }, error);
    return (async function* () {
      for await (const payload of sink.payloads()) {
        const incremental = payload.incremental?.map(({ errors, ...item }) => (errors?.length ? { ...item, errors: errors.map(format) } : item));
        yield JSON.stringify(incremental ? { incremental, hasNext: payload.hasNext } : { hasNext: payload.hasNext });
      }
    })();
  }
}

interface IncrementalItem {
  data: Record<string, unknown> | null;
  path: Array<string | number>;
  label?: string;
  errors?: Array<GraphQLError | Error>;
}

interface Payload {
  incremental?: IncrementalItem[];
  hasNext: boolean;
}

/** A queue of payloads written by the engine and read by the HTTP host. */
export class Sink {
  used = false;
  private readonly queue: Payload[] = [];
  private wake?: () => void;
  private closed = false;

  push(payload: Payload): void {
    this.queue.push(payload);
    if (!payload.hasNext) this.closed = true;
    this.wake?.();
  }

  async *payloads(): AsyncGenerator<Payload> {
    for (;;) {
      const next = this.queue.shift();
      if (next) {
        yield next;
        if (!next.hasNext) return;
        continue;
      }
      if (this.closed) return;
      await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = undefined;
    }
  }
}

/**
 * Runs a plan with @defer for incremental delivery: the primary part is answered (the returned
 * result); deferred parts go on in the background and reach `sink` in the order they complete, a
 * nested one always after the part it is nested in.
 */
export async function executeIncremental(
  compiled: CompiledPlan,
  services: ServiceMap,
  requestContext: GatewayGraphQLRequestContext,
  sink: Sink,
): Promise<GatewayExecutionResult> {
  const data: ResultMap = Object.create(null);
  const occurrences = new Map<string, DeferredOccurrence[]>();
  const record = (label: string, occurrence: DeferredOccurrence) => {
    const list = occurrences.get(label);
    if (list) list.push(occurrence);
    else occurrences.set(label, [occurrence]);
  };
  const hidden = compiled.defer!.assignedLabels;
  let pending = 0;
  let primaryShaped!: () => void;
  const primary = new Promise<void>((resolve) => (primaryShaped = resolve));

  const spawnIn = (shaped: Promise<void>) => (parent: Execution, deferred: DeferredNode, cursor: Cursor) => {
    pending += 1;
    let done!: () => void;
    const ownShaped = new Promise<void>((resolve) => (done = resolve));
    const execution: Execution = { ...parent, errors: [], defer: { spawn: spawnIn(ownShaped) } };
    void (async () => {
      try {
        if (deferred.node) await executeNode(execution, compiled, deferred.node, cursor);
      } catch (error) {
        execution.errors.push(error as Error);
      }
      await shaped; // the part this one is nested in has been shaped: its occurrences are known
      const items: IncrementalItem[] = [];
      const label = deferred.label;
      for (const occurrence of (label && occurrences.get(label)) || []) {
        const shapedPart = shapeDeferred(compiled.defer!.shape, occurrence, requestContext.request.variables, (s) => introspect(compiled, s, requestContext), record);
        items.push({ data: shapedPart.data, path: occurrence.path, ...(label && !hidden.has(label) ? { label } : {}) });
      }
      if (label) occurrences.delete(label);
      if (items.length && execution.errors.length) items[0].errors = execution.errors;
      done();
      pending -= 1;
      if (items.length) sink.push({ incremental: items, hasNext: pending > 0 });
      else if (pending === 0) sink.push({ hasNext: false });
    })();
  };

  const execution: Execution = { supergraphSchema: compiled.supergraphSchema, services, requestContext, errors: [], defer: { spawn: spawnIn(primary) } };
  // A subscription's plan never holds @defer (the planner refuses it): here the node is a query's or a mutation's.
  if (compiled.plan.node) await executeNode(execution, compiled, compiled.plan.node as PlanNode, { path: [], data, fullResult: data });
  const result = await finish(compiled, execution, data, record);
  primaryShaped();
  // Decided before Apollo Server answers: the host then writes the answer as the first part.
  if (pending > 0) sink.used = true;
  return result;
}
