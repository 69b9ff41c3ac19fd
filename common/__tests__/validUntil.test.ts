import { ApolloServer } from '@apollo/server';
import { noteValidUntil, reportValidUntil, trackingValidUntil } from '../validUntil';

// A price that changes at a promotion's start (clock field), one that never does, and a name (no clock at all).
const typeDefs = `type Query { name: String, priceUntil(at: Float): Int, fixedPrice: Int }`;
const resolvers = {
  Query: {
    name: () => 'kayak',
    priceUntil: (_: unknown, { at }: { at: number }) => (noteValidUntil(at), 10),
    fixedPrice: () => (noteValidUntil(null), 10),
  },
};

async function extensionsOf(query: string) {
  const server = new ApolloServer({ typeDefs, resolvers, plugins: [reportValidUntil()] });
  await server.start();
  try {
    const response = await trackingValidUntil(() => server.executeOperation({ query }));
    return response.body.kind === 'single' ? response.body.singleResult.extensions : 'incremental';
  } finally {
    await server.stop();
  }
}

test('When an answer holds no clock field, then it carries no validUntil', async () => {
  expect(await extensionsOf('{ name }')).toBeUndefined();
});

test('When clock fields name several boundaries, then the answer says the earliest', async () => {
  expect(await extensionsOf('{ a: priceUntil(at: 2000) b: priceUntil(at: 1000) name }')).toEqual({ validUntil: 1000 });
});

test('When a clock field has no boundary, then the answer says null (which a missing extension does not)', async () => {
  expect(await extensionsOf('{ fixedPrice name }')).toEqual({ validUntil: null });
  expect(await extensionsOf('{ fixedPrice priceUntil(at: 5000) }')).toEqual({ validUntil: 5000 });
});
