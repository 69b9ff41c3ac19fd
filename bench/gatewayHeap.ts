import { readFileSync } from 'node:fs';
import { ApolloServer } from '@apollo/server';
import { Engine } from '../gateway/engine/engine';
import { EngineGateway } from '../gateway/engine/engineGateway';
import { createDocumentStore } from '../common/documentStore';
import { distinctOperation, heapAfterGc } from './heapAfterGc';

/**
 * What a gateway's heap keeps per distinct operation (#15): Apollo Server with the engine, its plan
 * cache and document store each bounded at `bound` bytes, sent `count` distinct customer overviews
 * (every subgraph answers that there is no such customer, so nothing but the operations differs).
 * Heap growth after a full GC should level off at about twice the bound whatever `count`.
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
  const server = new ApolloServer({ gateway: new EngineGateway(engine), documentStore: createDocumentStore(bound), stopOnTerminationSignals: false });
  await server.start();
  const send = async (i: number) => {
    const response = await server.executeOperation({ query: variant(i), variables: { email: `nobody-${i}@example.invalid` } });
    if (response.body.kind !== 'single' || response.body.singleResult.errors) throw new Error(`operation ${i}: ${JSON.stringify(response.body)}`);
  };
  for (let i = 0; i < 50; i += 1) await send(count + i); // warm-up: lazily built structures are not per operation
  const before = heapAfterGc();
  for (let i = 0; i < count; i += 1) await send(i);
  const growth = heapAfterGc() - before;
  console.log(JSON.stringify({ count, bound, heapGrowthBytes: growth, plansKept: engine.planCache!.stats.entries }));
  await server.stop();
}

void main();
