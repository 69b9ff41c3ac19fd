import { STORY } from '../demo/stories';
import { loadGatewayConfig } from '../gateway/config';
import { startGateway, type RunningGateway } from '../gateway/createGateway';
import { createLogger } from '../common/logger';
import { startTestGraph, type TestGraph } from './support/graph';

/**
 * GATEWAY_SUPERGRAPH=live: the engine composes the supergraph from the running subgraphs
 * (IntrospectAndCompose, through its public SupergraphManager interface and the gateway's own
 * subgraph clients), with no stock @apollo/gateway in between, and serves it like the file.
 */
let graph: TestGraph;
let composed: RunningGateway;
beforeAll(async () => {
  graph = await startTestGraph();
  const config = loadGatewayConfig({
    ...process.env,
    ...Object.fromEntries(Object.entries(graph.subgraphs).map(([name, s]) => [`${name.toUpperCase()}_URL`, s!.url])),
    GATEWAY_SUPERGRAPH: 'live',
    PORT: '0',
  });
  composed = await startGateway(config, createLogger('gateway', { LOG_LEVEL: 'silent' }));
});
afterAll(async () => {
  await composed?.stop();
  await graph?.stop();
});

test('When the gateway composes the supergraph from the running subgraphs, then it answers a query across them as the file-served gateway does', async () => {
  const query = `{ customer(email: "${STORY.erin.email}") { name orders { number status } supportCases { number } } }`;
  const authorization = `Bearer ${await graph.token('agent')}`;
  const response = await fetch(composed.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization }, body: JSON.stringify({ query }) });
  const body = await response.json();
  expect(body).toEqual(await graph.query(query).then(({ data, errors }) => (errors ? { data, errors } : { data })));
  expect(body.data.customer.name).toBe('Erin Moore');
  expect(composed.engine.subgraphs.map(({ name }) => name).sort()).toEqual(Object.keys(graph.subgraphs).sort());
});
