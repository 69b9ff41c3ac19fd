import { ApolloServer } from '@apollo/server';
import { recordingOutboxWrites, noteOutboxWrite, useWrittenEntities } from '../outbox/writtenEntities';

/** A server whose mutation records an OrderCancelled as Orders' does (after some awaits, as a transaction would). */
function server() {
  return new ApolloServer({
    typeDefs: 'type Query { ok: Boolean } type Mutation { cancel(number: String!, customer: String!): Boolean, broken: Boolean }',
    resolvers: {
      Query: { ok: () => true },
      Mutation: {
        cancel: async (_: unknown, args: { number: string; customer: string }) => {
          await new Promise((resolve) => setTimeout(resolve, Math.random() * 20));
          noteOutboxWrite('OrderCancelled', { orderNumber: args.number, customerId: args.customer });
          return true;
        },
        broken: () => {
          noteOutboxWrite('OrderCancelled', { customerId: 'CUS-1' });
          return true;
        },
      },
    },
    plugins: [useWrittenEntities()],
  });
}

const extensionsOf = async (graph: ApolloServer, query: string) => {
  const response = await recordingOutboxWrites(() => graph.executeOperation({ query }));
  return response.body.kind === 'single' ? response.body.singleResult.extensions : undefined;
};

test("each mutation's answer names the entities its own outbox writes changed, however many run at once", async () => {
  const graph = server();
  const answers = await Promise.all(
    Array.from({ length: 10 }, (_, i) => extensionsOf(graph, `mutation { cancel(number: "O-${i}", customer: "CUS-${i}") }`)),
  );
  answers.forEach((extensions, i) =>
    expect(extensions).toEqual({ invalidates: [{ typename: 'Order', key: { number: `O-${i}` } }, { typename: 'Customer', key: { id: `CUS-${i}` } }] }),
  );
});

test('a mutation that wrote nothing says so (an empty list); a query says nothing; an event without its key names its types whole', async () => {
  const graph = server();
  expect(await extensionsOf(graph, 'mutation { __typename }')).toEqual({ invalidates: [] });
  expect(await extensionsOf(graph, '{ ok }')).toBeUndefined();
  expect(await extensionsOf(graph, 'mutation { broken }')).toEqual({ invalidates: [{ typename: 'Order' }, { typename: 'Customer' }] });
});

test('outside a recorded request nothing is added: the gateway then falls back to what the mutation may change', async () => {
  const response = await server().executeOperation({ query: 'mutation { cancel(number: "O-1", customer: "CUS-1") }' });
  expect(response.body.kind === 'single' && response.body.singleResult.extensions).toBeFalsy();
});
