import { AsyncLocalStorage } from 'node:async_hooks';
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { InvalidationKeyMissing, invalidationsFor } from '../invalidationsFor';

/** One entity a request's writes changed, as a subgraph's mutation answer names it (`extensions.invalidates`); no key: any of its type. */
export interface WrittenEntity {
  typename: string;
  key?: Record<string, string>;
}

interface RecordedEvent {
  type: string;
  payload: object;
}

/** The outbox events recorded while serving the current request (absent outside one: the relay, a consumer). */
const recorded = new AsyncLocalStorage<RecordedEvent[]>();

/**
 * Runs one GraphQL request with its own list of outbox writes: every `recordEvent` made on its behalf, in
 * whichever transaction, is noted there for `useWrittenEntities` to report.
 */
export function recordingOutboxWrites<T>(run: () => Promise<T>): Promise<T> {
  return recorded.run([], run);
}

/** Called by recordEvent before its INSERT: an event whose transaction then rolls back is still named (a spare invalidation, never a missing one). */
export function noteOutboxWrite(type: string, payload: object): void {
  recorded.getStore()?.push({ type, payload });
}

/**
 * Adds `extensions.invalidates` to each mutation's answer: the entities the outbox events recorded while
 * serving it name (common/eventContracts.ts EVENT_INVALIDATIONS), so a gateway's entity cache drops exactly
 * those before its client hears back (docs/entity-cache.md). Every write that changes a cacheable entity
 * records such an event in its own transaction (the schema check's `events` step), so the list is complete.
 * An event whose payload cannot be read names its types whole. Outside `recordingOutboxWrites` nothing is
 * added, and a gateway then falls back to what the mutation may change.
 */
export function useWrittenEntities<C extends BaseContext>(): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      const events = recorded.getStore();
      if (!events) return;
      return {
        async willSendResponse({ response, operation }) {
          if (operation?.operation !== 'mutation' || response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          result.extensions = { ...result.extensions, invalidates: writtenEntities(events) };
        },
      };
    },
  };
}

/** The entities named by these events, each once. */
export function writtenEntities(events: readonly RecordedEvent[]): WrittenEntity[] {
  const found = new Map<string, WrittenEntity>();
  const add = (entity: WrittenEntity) => found.set(JSON.stringify(entity), entity);
  for (const { type, payload } of events) {
    const event = { id: 'recorded', type, source: 'recorded', occurredAt: '', payload: payload as Record<string, unknown> };
    try {
      for (const entity of invalidationsFor(event)) add(entity);
    } catch (error) {
      if (!(error instanceof InvalidationKeyMissing)) throw error;
      for (const typename of error.typenames) add({ typename });
    }
  }
  return [...found.values()];
}
