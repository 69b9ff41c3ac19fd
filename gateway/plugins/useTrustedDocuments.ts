import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';
import type { GatewayContext } from '../context';
import type { TrustedDocuments } from '../persisted/manifest';

export const PERSISTED_QUERY_NOT_IN_LIST = 'PERSISTED_QUERY_NOT_IN_LIST';

/**
 * Trusted-documents mode: only the operations of the manifest run. A client may send the
 * manifest hash alone (APQ-style `extensions.persistedQuery.sha256Hash`) or a full document whose
 * normalised hash is in the manifest; any other operation is refused before it is planned.
 *
 * A hash the manifest does not know is left to automatic persisted queries, which answer
 * PERSISTED_QUERY_NOT_FOUND as the APQ protocol expects; the document the client then sends is
 * judged here like any other.
 */
export function useTrustedDocuments(trusted: TrustedDocuments): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart({ request }) {
      const hash = request.extensions?.persistedQuery?.sha256Hash;
      if (request.query === undefined && typeof hash === 'string') {
        const document = trusted.document(hash);
        if (document !== undefined) {
          // Served from the manifest as a plain request: nothing to register in the APQ cache.
          const { persistedQuery: _served, ...extensions } = request.extensions ?? {};
          request.query = document;
          request.extensions = extensions;
        }
      }
      return {
        async didResolveOperation({ document }) {
          if (!trusted.isTrustedDocument(document)) {
            throw new GraphQLError('This gateway runs only the trusted operations of its manifest', {
              extensions: { code: PERSISTED_QUERY_NOT_IN_LIST, http: { status: 400 } },
            });
          }
        },
      };
    },
  };
}
