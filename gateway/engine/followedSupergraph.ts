import type { ApolloGateway, SupergraphManager } from '@apollo/gateway';

/**
 * GATEWAY_ENGINE=stock: the stock gateway loads and watches the supergraph and serves queries; the
 * engine follows it (its public onSchemaLoadOrUpdate) to serve subscriptions on the same supergraph.
 * Made before the stock gateway loads, so its first supergraph is not missed.
 */
export function followedSupergraph(stock: ApolloGateway): SupergraphManager {
  let first: (sdl: string) => void;
  const loaded = new Promise<string>((resolve) => (first = resolve));
  let update: ((sdl: string) => void) | undefined;
  const unsubscribe = stock.onSchemaLoadOrUpdate(({ coreSupergraphSdl }) => (update ? update(coreSupergraphSdl) : first(coreSupergraphSdl)));
  return {
    async initialize(options) {
      const supergraphSdl = await loaded;
      update = options.update;
      return { supergraphSdl, cleanup: async () => unsubscribe() };
    },
  };
}
