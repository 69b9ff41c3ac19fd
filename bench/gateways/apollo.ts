import { ApolloGateway, RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { IDENTITY_HEADER } from '../../common/identity';
import { isSubgraphName } from '../../common/subgraphs';
import { competitorSettings, fixedAgentIdentity } from './shared';

/**
 * Stock @apollo/gateway with its defaults behind @apollo/server's standalone server. The only
 * addition is the fixed identity header the subgraphs require (see shared.ts); the data source is
 * otherwise the stock RemoteGraphQLDataSource (its default make-fetch-happen fetcher).
 */
async function main(): Promise<void> {
  const settings = competitorSettings();
  const identity = await fixedAgentIdentity();
  class IdentityDataSource extends RemoteGraphQLDataSource {
    subgraph = '';
    override willSendRequest({ request }: GraphQLDataSourceProcessOptions): void {
      request.http?.headers.set(IDENTITY_HEADER, identity.current[this.subgraph]);
    }
  }
  const gateway = new ApolloGateway({
    supergraphSdl: settings.supergraphSdl,
    buildService: ({ name, url }) => Object.assign(new IdentityDataSource({ url: isSubgraphName(name) ? settings.subgraphUrls[name] : url }), { subgraph: name }),
  });
  const server = new ApolloServer({ gateway });
  const { url } = await startStandaloneServer(server, { listen: { port: settings.port, host: settings.host } });
  console.log(`stock Apollo gateway: ${url}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
