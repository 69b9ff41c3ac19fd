import http, { type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';

export interface Served {
  url: string;
  close(): Promise<void>;
}

export async function serve(handler: (req: IncomingMessage, res: ServerResponse) => Promise<void> | void): Promise<Served> {
  const server = http.createServer((req, res) => {
    Promise.resolve(handler(req, res)).catch((error: Error) => {
      if (!res.headersSent) res.writeHead(500).end(error.message);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

export interface SeenRequest {
  headers: IncomingHttpHeaders;
  body: { query: string; operationName: string; variables: Record<string, unknown> };
}

/** A stand-in for the gateway: records every request and answers what the test says. */
export async function startFakeGateway(answer: (request: SeenRequest) => { status?: number; body: unknown }) {
  const seen: SeenRequest[] = [];
  const served = await serve(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const request = { headers: req.headers, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) };
    seen.push(request);
    const { status = 200, body } = answer(request);
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  return { ...served, graphUrl: `${served.url}/graphql`, seen };
}

export async function connect(transport: Transport): Promise<Client> {
  const client = new Client({ name: 'mcp-tests', version: '1.0.0' });
  await client.connect(transport);
  return client;
}

export async function connectInMemory(server: Server): Promise<Client> {
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  return connect(clientSide);
}

export interface ToolAnswer {
  isError: boolean;
  text: string;
  json?: any;
}

export async function callTool(client: Client, name: string, args: Record<string, unknown>): Promise<ToolAnswer> {
  const result = await client.callTool({ name, arguments: args });
  const content = result.content as Array<{ type: string; text?: string }>;
  const text = content.map((c) => c.text ?? '').join('');
  const isError = result.isError === true;
  return { isError, text, json: isError ? undefined : JSON.parse(text) };
}
