import { createServer } from 'node:http';
import { createGatewayRuntime } from '@graphql-hive/gateway';
import { IDENTITY_HEADER } from '../../common/identity';
import { SUBGRAPH_NAMES } from '../../common/subgraphs';
import { competitorSettings, fixedAgentIdentity } from './shared';

/**
 * @graphql-hive/gateway's runtime with its defaults, served by node:http. Its only configuration:
 * where each subgraph is (`transportEntries.<name>.location`) and the fixed identity header the
 * subgraphs require (`propagateHeaders.fromClientToSubgraphs`, a constant; see shared.ts).
 */
async function main(): Promise<void> {
  const settings = competitorSettings();
  const identity = await fixedAgentIdentity();
  const gateway = createGatewayRuntime({
    supergraph: settings.supergraphSdl,
    transportEntries: Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, { location: settings.subgraphUrls[name] }])),
    propagateHeaders: { fromClientToSubgraphs: ({ subgraphName }) => ({ [IDENTITY_HEADER]: identity.current[subgraphName] }) },
  });
  const server = createServer(gateway);
  await new Promise<void>((resolve) => server.listen(settings.port, settings.host, resolve));
  console.log(`Hive gateway: http://${settings.host}:${settings.port}/graphql`);
  const stop = () => server.close(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
