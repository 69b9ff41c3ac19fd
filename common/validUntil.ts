import { AsyncLocalStorage } from 'node:async_hooks';
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';

/**
 * The owners' side of caching fields that change with the clock (docs/entity-cache.md, "Values that change
 * with the clock"). A resolver answering such a field (`CLOCK_FIELDS` in common/entityCacheContract.ts) notes
 * the next instant its value changes by itself (a promotion's start or end, the day after a warranty's last
 * day); every query answer then says the earliest of them as `extensions.validUntil` (epoch milliseconds of the
 * owner's clock), or `null` when nothing it answered changes with the clock. A gateway keeps such an answer
 * until then at most; an answer without the extension (a foreign or older subgraph) is never kept when it
 * holds a clock field.
 */
export const VALID_UNTIL_EXTENSION = 'validUntil';

interface Boundary {
  earliest: number | undefined;
}

/** The boundaries noted while serving the current request (absent outside one). */
const noted = new AsyncLocalStorage<Boundary>();

/** Runs one GraphQL request with its own earliest boundary, for `reportValidUntil`. */
export function trackingValidUntil<T>(run: () => Promise<T>): Promise<T> {
  return noted.run({ earliest: undefined }, run);
}

/** A value in this answer stops being true at `at` (nothing: none of the values read changes with the clock). */
export function noteValidUntil(at: Date | number | null | undefined): void {
  if (at === null || at === undefined) return;
  const boundary = noted.getStore();
  const ms = typeof at === 'number' ? at : at.getTime();
  if (boundary && (boundary.earliest === undefined || ms < boundary.earliest)) boundary.earliest = ms;
}

/**
 * Adds `extensions.validUntil` to every query answer served inside `trackingValidUntil`: the earliest boundary
 * noted, or null ("no value here changes with the clock", which a missing extension does not say).
 */
export function reportValidUntil<C extends BaseContext>(): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      const boundary = noted.getStore();
      if (!boundary) return;
      return {
        async willSendResponse({ response, operation }) {
          if (operation?.operation !== 'query' || response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          result.extensions = { ...result.extensions, [VALID_UNTIL_EXTENSION]: boundary.earliest ?? null };
        },
      };
    },
  };
}
