import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { graphql, parse } from 'graphql';

export interface ServedSubgraph {
  url: string;
  close(): Promise<void>;
}

/**
 * A tiny subgraph server built from an SDL the way every subgraph is (buildSubgraphSchema), answering
 * GraphQL POSTs such as `_service { sdl }`.
 */
export async function serveSubgraph(sdl: string): Promise<ServedSubgraph> {
  const schema = buildSubgraphSchema({ typeDefs: parse(sdl) });
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', async () => {
      const { query, variables } = JSON.parse(body) as { query: string; variables?: Record<string, unknown> };
      const result = await graphql({ schema, source: query, variableValues: variables });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(result));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
