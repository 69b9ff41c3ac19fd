import type { GraphQLDataSource } from '@apollo/gateway';
import type { SubgraphCall, SubgraphClient } from '../gateway/engine/request';
import { CORPUS } from '../test/engine/corpus';
import { composeFeatureGraph, FEATURE_SUBGRAPHS, InMemorySubgraph, type FeatureSubgraph } from '../test/engine/featureGraph';
import { twoEngines } from '../test/engine/engines';

/**
 * `npm run bench:engine:micro`: the executor's own CPU per request, engine against stock
 * @apollo/gateway, in one process over the differential corpus' feature graph. Subgraph answers are
 * recorded once and replayed (a copy each time), so the time measured is the gateway's: planning
 * from cache, fetch bookkeeping, merging and shaping. Rounds alternate between the two executors.
 */
class Replayed implements GraphQLDataSource, SubgraphClient {
  private readonly answers = new Map<string, string>();
  constructor(private readonly live: InMemorySubgraph) {}
  process(options: Parameters<GraphQLDataSource['process']>[0]) {
    return this.replay({ query: options.request.query!, variables: options.request.variables ?? {}, operationName: options.request.operationName, path: [] });
  }
  fetch(call: SubgraphCall) {
    return this.replay(call);
  }
  private async replay(call: SubgraphCall) {
    const key = `${call.query}\0${JSON.stringify(call.variables)}`;
    let answer = this.answers.get(key);
    if (answer === undefined) this.answers.set(key, (answer = JSON.stringify(await this.live.fetch(call))));
    return JSON.parse(answer);
  }
}

async function main(): Promise<void> {
  const requests = Number(process.argv[2] ?? 3000);
  const services = Object.fromEntries(Object.keys(FEATURE_SUBGRAPHS).map((n) => [n, new Replayed(new InMemorySubgraph(n as FeatureSubgraph))]));
  const engines = await twoEngines(composeFeatureGraph(), services);
  const cases = CORPUS.filter((c) => !c.down);
  const run = async (server: typeof engines.stock, n: number) => {
    const started = process.cpuUsage();
    for (let i = 0; i < n; i++) {
      const c = cases[i % cases.length];
      await server.executeOperation({ query: c.query, variables: c.variables });
    }
    const used = process.cpuUsage(started);
    return (used.user + used.system) / 1000 / n;
  };
  await run(engines.stock, cases.length * 20); // warm up both: JIT, plan caches, recorded answers
  await run(engines.engine, cases.length * 20);
  const rows: Array<{ round: number; stockMs: number; engineMs: number }> = [];
  for (let round = 1; round <= 3; round++) {
    const stockMs = await run(engines.stock, requests);
    const engineMs = await run(engines.engine, requests);
    rows.push({ round, stockMs: +stockMs.toFixed(3), engineMs: +engineMs.toFixed(3) });
  }
  console.table(rows.map((r) => ({ ...r, ratio: +(r.stockMs / r.engineMs).toFixed(2) })));
  await engines.stop();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
