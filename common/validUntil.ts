import { AsyncLocalStorage } from 'node:async_hooks';
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';

/**
 * The owners' side of caching fields that change with the clock (docs/entity-cache.md, "Values that change
 * with the clock"). A resolver answering such a field (`CLOCK_FIELDS` in common/entityCacheContract.ts) notes
 * the next instant its value changes by itself (a promotion's start or end, the day after a warranty's last
 * day), or that it has none; an answer holding such a field then says the earliest of them as
 * `extensions.validUntil` (epoch milliseconds of the owner's clock), or `null` when none of its values changes
 * with the clock. A gateway keeps such an answer until then at most; an answer without the extension (one
 * with no clock field, or from a foreign or older subgraph) is never kept when it holds a clock field.
 */
export const VALID_UNTIL_EXTENSION = 'validUntil';

interface Boundary {
  earliest: number | undefined;
  /** A clock field was answered: the answer must say until when (null: no boundary). */
  said: boolean;
}

/** The boundaries noted while serving the current request (absent outside one). */
const noted = new AsyncLocalStorage<Boundary>();

/** Runs one GraphQL request with its own earliest boundary, for `reportValidUntil`. */
export function trackingValidUntil<T>(run: () => Promise<T>): Promise<T> {
  return noted.run({ earliest: undefined, said: false }, run);
}

/** A clock field's value in this answer stops being true at `at` (null: this one never does by itself). */
export function noteValidUntil(at: Date | number | null | undefined): void {
  const boundary = noted.getStore();
  if (boundary) boundary.said = true;
  if (at === null || at === undefined) return;
  const ms = typeof at === 'number' ? at : at.getTime();
  if (boundary && (boundary.earliest === undefined || ms < boundary.earliest)) boundary.earliest = ms;
}

/**
 * Adds `extensions.validUntil` to a query answer served inside `trackingValidUntil` that answered a clock
 * field: the earliest boundary noted, or null ("no value here changes with the clock", which a missing
 * extension does not say). Answers without a clock field carry nothing extra.
 */
export function reportValidUntil<C extends BaseContext>(): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      const boundary = noted.getStore();
      if (!boundary) return;
      return {
        async willSendResponse({ response, operation }) {
          if (!boundary.said || operation?.operation !== 'query' || response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          result.extensions = { ...result.extensions, [VALID_UNTIL_EXTENSION]: boundary.earliest ?? null };
        },
      };
    },
  };
}
