import { GraphQLError } from 'graphql';
import type { Logger } from '../../../common/logger';
import type { PersistedQueryCache } from '../../persisted/apqCache';
import { sha256 } from '../../persisted/documentHash';
import type { GatewayHook } from '../hook';

/** Persisted-query answers a client must not cache (it sends the document next). */
const NOT_CACHED = () => ({ 'cache-control': 'private, no-cache, must-revalidate' });

/**
 * Automatic persisted queries (the APQ protocol): a request carrying only
 * `extensions.persistedQuery.sha256Hash` runs the document stored under that hash, or is answered
 * PERSISTED_QUERY_NOT_FOUND so the client sends it in full; a full document with its hash is
 * checked against the hash and stored once the operation is allowed. `store` undefined (APQ off):
 * every persisted query is answered PERSISTED_QUERY_NOT_SUPPORTED.
 */
export function useApq(store: PersistedQueryCache | undefined, log: Logger): GatewayHook {
  return {
    name: 'apq',
    onParams(op) {
      const persisted = op.params.extensions?.persistedQuery;
      if (!persisted || op.query !== undefined) return;
      if (!store) return new GraphQLError('PersistedQueryNotSupported', { extensions: { code: 'PERSISTED_QUERY_NOT_SUPPORTED', http: { status: 200, headers: NOT_CACHED() } } });
      if (persisted.version !== 1) return new GraphQLError('Unsupported persisted query version', { extensions: { http: { status: 400 } } });
      const hash = persisted.sha256Hash;
      const query = op.params.query;
      if (query !== undefined) {
        if (hash !== sha256(query)) return new GraphQLError('provided sha does not match query', { extensions: { http: { status: 400 } } });
        op.registerHash = hash;
        return;
      }
      return store.get(hash).then((stored) => {
        if (stored) op.query = stored;
        else return new GraphQLError('PersistedQueryNotFound', { extensions: { code: 'PERSISTED_QUERY_NOT_FOUND', http: { status: 200, headers: NOT_CACHED() } } });
      });
    },
    onExecute(op) {
      if (op.registerHash === undefined || !store) return;
      // Not awaited, as Apollo Server does not: the answer does not wait for the store.
      Promise.resolve(store.set(op.registerHash, op.query!, { ttl: null })).catch((error: unknown) => log.warn({ err: error }, 'could not store a persisted query'));
    },
  };
}
