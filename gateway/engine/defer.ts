import type { DeferredNode, PlanNode } from '@apollo/query-planner';
import type { GraphQLError, GraphQLFormattedError } from 'graphql';
import { AsyncQueue } from '../../common/asyncQueue';
import type { CompiledPlan } from './compile';
import { executeNode, finish, introspect } from './execute';
import type { Cursor, Execution } from './fetch';
import type { ResultMap } from './merge';
import type { EngineRequest, EngineResult, IncrementalItem, SubgraphClients, SubsequentPayload } from './request';
import { shapeDeferred, type DeferredOccurrence } from './shape';

/**
 * @defer with incremental delivery, as deferSpec=20220824 has it (what Apollo Client and Apollo
 * Router speak over multipart/mixed): the primary part is answered at once, and each deferred part
 * when its fetches are done, as a `{ incremental: [{ data, path, label? }], hasNext }` payload. A
 * request that does not ask for it gets the whole answer in one (execute.ts).
 */
/**
 * Runs a plan with @defer for incremental delivery: the primary part is answered (`initial`);
 * deferred parts go on in the background and reach `subsequent` in the order they complete, a
 * nested one always after the part it is nested in. Nothing left pending once the primary part is
 * shaped (every deferred fragment skipped, say): one plain answer.
 */
export async function executeIncremental(compiled: CompiledPlan, subgraphs: SubgraphClients, request: EngineRequest): Promise<EngineResult> {
  const subsequent = new AsyncQueue<SubsequentPayload>();
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
        const shapedPart = shapeDeferred(compiled.defer!.shape, occurrence, request.variables, (s) => introspect(compiled, s, request), record);
        items.push({ data: shapedPart.data, path: occurrence.path, ...(label && !hidden.has(label) ? { label } : {}) });
      }
      if (label) occurrences.delete(label);
      if (items.length && execution.errors.length) items[0].errors = execution.errors;
      done();
      pending -= 1;
      if (items.length) subsequent.push({ incremental: items, hasNext: pending > 0 });
      else if (pending === 0) subsequent.push({ hasNext: false });
      if (pending === 0) subsequent.end();
    })();
  };

  const execution: Execution = { supergraphSchema: compiled.supergraphSchema, subgraphs, request, errors: [], defer: { spawn: spawnIn(primary) } };
  // A subscription's plan never holds @defer (the planner refuses it): here the node is a query's or a mutation's.
  if (compiled.plan.node) await executeNode(execution, compiled, compiled.plan.node as PlanNode, { path: [], data, fullResult: data });
  const initial = await finish(compiled, execution, data, record);
  primaryShaped();
  // Decided before the host answers: with something pending it writes `initial` as the first of several parts.
  return pending > 0 ? { initial, subsequent } : initial;
}

/** Later parts as the JSON texts a multipart/mixed answer carries, their errors formatted as the first part's (both request paths). */
export async function* subsequentTexts(
  subsequent: AsyncIterable<SubsequentPayload>,
  formatError: (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError,
): AsyncIterable<string> {
  const format = (error: GraphQLError | Error) => formatError('toJSON' in error ? (error as GraphQLError).toJSON() : { message: error.message }, error);
  for await (const payload of subsequent) {
    const incremental = payload.incremental?.map(({ errors, ...item }) => (errors?.length ? { ...item, errors: errors.map(format) } : item));
    yield JSON.stringify(incremental ? { incremental, hasNext: payload.hasNext } : { hasNext: payload.hasNext });
  }
}
