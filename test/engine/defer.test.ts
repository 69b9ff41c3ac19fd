import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloClient, gql, HttpLink, InMemoryCache } from '@apollo/client';
import { Defer20220824Handler } from '@apollo/client/incremental';
import { serveGraphQL, type RunningHost } from '../../common/http';
import { createLogger } from '../../common/logger';
import { Engine } from '../../gateway/engine/engine';
import { EngineGateway, IncrementalDelivery } from '../../gateway/engine/engineGateway';
import { composeFeatureGraph, FEATURE_SUBGRAPHS, InMemorySubgraph, type FeatureSubgraph } from './featureGraph';
import { twoEngines, type TwoEngines } from './engines';

/**
 * @defer through the engine over real HTTP: multipart/mixed (deferSpec=20220824) read by a real
 * multipart parse and by Apollo Client's own; a fragment owned by a slow subgraph arrives in a later
 * part; a client that does not accept multipart gets the whole answer, the same as stock gives for
 * the query without @defer.
 */
const MULTIPART = 'multipart/mixed;deferSpec=20220824,application/json';
const REVIEWS_DELAY_MS = 400;

/** Reads a multipart/mixed body part by part, noting when each part arrived. */
async function readParts(response: Response): Promise<Array<{ at: number; body: any }>> {
  const parts: Array<{ at: number; body: any }> = [];
  const decoder = new TextDecoder();
  let buffered = '';
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    buffered += decoder.decode(chunk, { stream: true });
    // A part is complete once the delimiter after it has arrived.
    for (;;) {
      const start = buffered.indexOf('\r\n\r\n');
      const end = buffered.indexOf('\r\n---', start);
      if (start < 0 || end < 0) break;
      parts.push({ at: performance.now(), body: JSON.parse(buffered.slice(start + 4, end)) });
      buffered = buffered.slice(end + 5);
    }
  }
  return parts;
}

describe('@defer through the engine', () => {
  const subgraphs = Object.fromEntries(Object.keys(FEATURE_SUBGRAPHS).map((name) => [name, new InMemorySubgraph(name as FeatureSubgraph)])) as Record<FeatureSubgraph, InMemorySubgraph>;
  const supergraphSdl = composeFeatureGraph();
  let host: RunningHost;
  let engines: TwoEngines;
  beforeAll(async () => {
    const incremental = new IncrementalDelivery((formatted) => formatted);
    const gateway = new EngineGateway(new Engine({ supergraph: supergraphSdl, subgraph: ({ name }) => subgraphs[name as FeatureSubgraph], planCacheBytes: 1_000_000 }), incremental);
    const server = new ApolloServer<object>({ gateway, includeStacktraceInErrorResponses: false, stopOnTerminationSignals: false });
    host = await serveGraphQL({ server, port: 0, context: async () => ({}), incremental, log: createLogger('defer-test', { LOG_LEVEL: 'silent' }) });
    engines = await twoEngines(supergraphSdl, subgraphs);
    subgraphs.reviews.delayMs = REVIEWS_DELAY_MS;
  });
  afterAll(async () => {
    await host?.stop();
    await engines?.stop();
  });

  const post = (query: string, accept: string) =>
    fetch(host.url, { method: 'POST', headers: { 'content-type': 'application/json', accept }, body: JSON.stringify({ query }) });

  test('When a fragment on a slow subgraph is deferred, then the primary part comes at once and the deferred one in a later part', async () => {
    const response = await post('{ me { name ... @defer(label: "slow") { reviews { rating } } } }', MULTIPART);
    expect(response.headers.get('content-type')).toBe('multipart/mixed; boundary="-"; deferSpec=20220824');
    const parts = await readParts(response);
    expect(parts.map((p) => p.body)).toEqual([
      { data: { me: { name: 'Ada' } }, hasNext: true },
      { incremental: [{ data: { reviews: [{ rating: 5 }, { rating: 4 }] }, path: ['me'], label: 'slow' }], hasNext: false },
    ]);
    // The primary part was in the client's hands before the reviews subgraph had answered.
    expect(parts[0].at).toBeLessThan(subgraphs.reviews.answeredAt);
    expect(parts[1].at).toBeGreaterThan(subgraphs.reviews.answeredAt);
  });

  test('When a fragment is deferred inside a list, then each element gets its item with its own path, and no made-up label is sent', async () => {
    const parts = await readParts(await post('{ topProducts(first: 2) { upc ... @defer { reviews { rating } } } }', MULTIPART));
    expect(parts.map((p) => p.body)).toEqual([
      { data: { topProducts: [{ upc: 'p1' }, { upc: 'p2' }] }, hasNext: true },
      {
        incremental: [
          { data: { reviews: [{ rating: 5 }, { rating: 3 }] }, path: ['topProducts', 0] },
          { data: { reviews: [{ rating: 2 }, { rating: 4 }] }, path: ['topProducts', 1] },
        ],
        hasNext: false,
      },
    ]);
  });

  test('When a client does not accept multipart, then it gets the whole answer at once, as stock answers the query without @defer', async () => {
    const response = await post('{ me { name ... @defer { reviews { rating } } } }', 'application/json');
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const whole = await response.json();
    const { stock } = await engines.both('{ me { name ... { reviews { rating } } } }');
    expect({ status: 200, ...whole }).toEqual(JSON.parse(stock));
  });

  test('When Apollo Client asks with its defer handler, then it shows the name first and the reviews when they come', async () => {
    const client = new ApolloClient({ link: new HttpLink({ uri: host.url }), cache: new InMemoryCache(), incrementalHandler: new Defer20220824Handler() });
    const query = gql`
      query Me {
        me {
          id
          name
          ... @defer {
            reviews {
              id
              rating
            }
          }
        }
      }
    `;
    const seen: any[] = [];
    await new Promise<void>((resolve, reject) => {
      const subscription = client.watchQuery({ query }).subscribe({
        next: (result) => {
          if (!result.data) return;
          seen.push(result.data);
          if ((result.data as any)?.me?.reviews) {
            subscription.unsubscribe();
            resolve();
          }
        },
        error: reject,
      });
    });
    expect(seen[0]).toEqual({ me: { __typename: 'User', id: 'u1', name: 'Ada' } });
    expect(seen.at(-1)).toEqual({
      me: { __typename: 'User', id: 'u1', name: 'Ada', reviews: [{ __typename: 'Review', id: 'r1', rating: 5 }, { __typename: 'Review', id: 'r3', rating: 4 }] },
    });
    client.stop();
  });
});
