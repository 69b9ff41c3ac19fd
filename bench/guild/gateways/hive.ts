import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createGatewayRuntime } from '@graphql-hive/gateway';

/**
 * @graphql-hive/gateway's runtime with its defaults, served by node:http, on the supergraph at
 * SUPERGRAPH_PATH (The Guild's, its subgraph URLs pointed at the bench's subgraphs).
 */
async function main(): Promise<void> {
  const path = process.env.SUPERGRAPH_PATH;
  const port = Number(process.env.PORT);
  if (!path || !port) throw new Error('SUPERGRAPH_PATH and PORT must be set');
  const gateway = createGatewayRuntime({ supergraph: readFileSync(path, 'utf8') });
  const server = createServer(gateway);
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  console.log(`Hive gateway (Guild workload): http://127.0.0.1:${port}/graphql`);
  const stop = () => server.close(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
