import { GraphQLError } from 'graphql';
import type { TrustedDocuments } from '../../persisted/manifest';
import { PERSISTED_QUERY_NOT_IN_LIST } from '../../plugins/useTrustedDocuments';
import type { GatewayHook } from '../hook';

/**
 * Trusted-documents mode: only the operations of the manifest run. A client may send the manifest
 * hash alone (APQ-style `extensions.persistedQuery.sha256Hash`) or a full document whose normalised
 * hash is in the manifest; any other operation is refused before it is planned. A hash the manifest
 * does not know is left to useApq, which answers PERSISTED_QUERY_NOT_FOUND as the protocol expects.
 * Composed before useApq.
 */
export function useTrustedDocuments(trusted: TrustedDocuments): GatewayHook {
  const refusal = () =>
    new GraphQLError('This gateway runs only the trusted operations of its manifest', {
      extensions: { code: PERSISTED_QUERY_NOT_IN_LIST, http: { status: 400 } },
    });
  return {
    name: 'trustedDocuments',
    onParams(op) {
      const { params } = op;
      const hash = params.extensions?.persistedQuery?.sha256Hash;
      if (params.query !== undefined || typeof hash !== 'string') return;
      const document = trusted.document(hash);
      if (document === undefined) return;
      // Served from the manifest as a plain request: nothing to register with APQ.
      const { persistedQuery: _served, ...extensions } = params.extensions!;
      op.query = document;
      params.extensions = extensions;
    },
    onOperation({ document }) {
      if (!trusted.isTrustedDocument(document!)) return refusal();
    },
  };
}
