import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from '@apollo/client';
import { isSubscriptionOperation } from '@apollo/client/utilities';
import type { Session } from './session';
import { SSELink } from './sseLink';

/**
 * One client per signed-in session, talking only to this origin's /graphql (subscriptions to its
 * /graphql/stream). Records are keyed by
 * their own identifiers (order number, case number, SKU), so a mutation's answer updates every view
 * showing that record.
 */
export function createClient(session: Session): ApolloClient {
  const http = new HttpLink({ uri: '/graphql', headers: { authorization: `Bearer ${session.token}` } });
  return new ApolloClient({
    link: ApolloLink.split(({ query }) => isSubscriptionOperation(query), new SSELink(session.token), http),
    cache: new InMemoryCache({
      typePolicies: {
        Customer: { keyFields: ['id'] },
        Order: { keyFields: ['number'] },
        SupportCase: { keyFields: ['number'] },
        Product: { keyFields: ['sku'] },
        Notification: { keyFields: ['id'] },
        Return: { keyFields: ['id'] },
      },
    }),
    defaultOptions: {
      // A subgraph that cannot answer leaves its part empty; the rest of the screen still shows.
      watchQuery: { errorPolicy: 'all' },
      query: { errorPolicy: 'all' },
    },
  });
}
