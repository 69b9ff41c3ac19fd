import { readFileSync } from 'node:fs';
import { ANONYMOUS } from '../common/identity';
import { createLogger } from '../common/logger';
import { Engine } from '../gateway/engine/engine';
import { DocumentCache } from '../gateway/http/documentCache';
import { graphqlHandler } from '../gateway/http/graphqlHandler';
import { HookRuntime } from '../gateway/http/runtime';
import { serveOwnHost } from '../gateway/http/server';
import { distinctOperation, heapAfterGc } from './heapAfterGc';

/**
 * What a gateway's heap keeps per distinct operation (#15, #29): the default request path (the
 * gateway's own, gateway/http/) over HTTP with the engine, its document cache and plan cache each
 * bounded at `bound` bytes, sent `count` distinct customer overviews (every subgraph answers that
 * there is no such customer, so nothing but the operations differs). Heap growth after a full GC
 * should level off at about twice the bounds whatever `count`.
 * Run: node --expose-gc --import tsx bench/gatewayHeap.ts [count] [bound]
 */

async function main(): Promise<void> {
  const count = Number(process.argv[2] ?? 3000);
  const bound = Number(process.argv[3] ?? 8_000_000);
  const supergraphSdl = readFileSync('schema/supergraph.graphql', 'utf8');
  const text = readFileSync('schema/operations/agent-console/customerOverview.graphql', 'utf8');
  const variant = (i: number) => distinctOperation(text, i);
  const noCustomer = { fetch: async () => ({ data: { customer: null } }) };
  const engine = new Engine({ supergraph: supergraphSdl, subgraph: () => noCustomer, planCacheBytes: bound });
  await engine.start();
  const log = createLogger('gateway-heap', { LOG_LEVEL: 'silent' });
  const documents = new DocumentCache({ maxBytes: bound, maxTokens: 15_000, introspection: false, hideSchemaDetails: false });
  const graphql = graphqlHandler({
    deps: { runtime: new HookRuntime([]), documents, engine, formatError: (formatted) => formatted, log },
    context: async (req) => ({ requestId: String(req.headers['x-request-id']), viewer: ANONYMOUS, identity: async () => '' }),
    maxBodyBytes: 1_000_000,
    maxBatchSize: 0,
  });
  const host = await serveOwnHost({ port: 0, graphql, routes: {}, log, stopGracePeriodMs: 1_000, onStopped: () => engine.stop() });
  const send = async (i: number) => {
    const response = await fetch(host.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: variant(i), variables: { email: `nobody-${i}@example.invalid` } }),
    });
    const body = (await response.json()) as { errors?: unknown };
    if (response.status !== 200 || body.errors) throw new Error(`operation ${i}: ${response.status} ${JSON.stringify(body)}`);
  };
  for (let i = 0; i < 50; i += 1) await send(count + i); // warm-up: lazily built structures (and the connection) are not per operation
  const before = heapAfterGc();
  for (let i = 0; i < count; i += 1) await send(i);
  const growth = heapAfterGc() - before;
  console.log(JSON.stringify({ count, bound, heapGrowthBytes: growth, plansKept: engine.planCache!.stats.entries, documentsKept: documents.stats.entries }));
  await host.stop();
}

void main();
