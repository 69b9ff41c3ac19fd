import { readFileSync } from 'node:fs';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';

/**
 * Stock @apollo/gateway with its defaults behind @apollo/server's standalone server, serving the
 * supergraph at SUPERGRAPH_PATH (The Guild's, its subgraph URLs pointed at the bench's subgraphs).
 */
async function main(): Promise<void> {
  const gateway = new ApolloGateway({ supergraphSdl: readFileSync(requiredEnv('SUPERGRAPH_PATH'), 'utf8') });
  const server = new ApolloServer({ gateway });
  const { url } = await startStandaloneServer(server, { listen: { port: Number(requiredEnv('PORT')), host: '127.0.0.1' } });
  console.log(`stock Apollo gateway (Guild workload): ${url}`);
}

function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
