import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { STORY } from '../demo/stories';
import { loadGatewayConfig } from '../gateway/config';
import { startGateway } from '../gateway/createGateway';
import { createLogger } from '../common/logger';
import { startTestGraph, type TestGraph } from './support/graph';

let graph: TestGraph;
beforeAll(async () => {
  graph = await startTestGraph();
});
afterAll(() => graph?.stop());

const OVERVIEW = `{ customer(email: "${STORY.erin.email}") { name orders { number status } supportCases { number } notifications { topic } } }`;

describe('a subgraph that cannot answer', () => {
  test('When a subgraph answers too slowly, then the gateway gives up after its timeout and names it', async () => {
    const hanging = http.createServer(() => undefined);
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
    const config = loadGatewayConfig({
      ...process.env,
      ...Object.fromEntries(Object.entries(graph.subgraphs).map(([name, s]) => [`${name.toUpperCase()}_URL`, s!.url])),
      SUPPORT_URL: `http://127.0.0.1:${(hanging.address() as AddressInfo).port}/graphql`,
      SUPPORT_TIMEOUT_MS: '300',
      PORT: '0',
    });
    const gateway = await startGateway(config, createLogger('gateway', { LOG_LEVEL: 'silent' }));
    try {
      const started = Date.now();
      const response = await fetch(gateway.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${await graph.token('agent')}` },
        body: JSON.stringify({ query: OVERVIEW }),
      });
      const body = (await response.json()) as any;
      expect(Date.now() - started).toBeLessThan(5000);
      expect(body.data.customer.name).toBe('Erin Moore');
      expect(body.data.customer.supportCases).toBeNull();
      expect(body.errors[0].extensions).toMatchObject({ code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'support' });
      expect(body.errors[0].message).toMatch(/support subgraph did not answer in time/);
    } finally {
      await gateway.stop();
      hanging.closeAllConnections();
      hanging.close();
    }
  });

  test('When the notifications subgraph is down, then the gateway still answers what the others own and names the missing part', async () => {
    await graph.stopSubgraph('notifications');
    const { status, data, errors } = await graph.query(OVERVIEW);
    expect(status).toBe(200);
    expect(data.customer.name).toBe('Erin Moore');
    expect(data.customer.orders).toEqual([{ number: STORY.erin.order, status: 'CANCELLED' }]);
    expect(data.customer.supportCases).toEqual([]);
    expect(data.customer.notifications).toBeNull();
    expect(errors).toHaveLength(1);
    expect(errors?.[0].extensions).toMatchObject({ code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'notifications' });
    expect(errors?.[0].message).toContain('notifications');

    const stillUp = await graph.query(`{ product(sku: "${STORY.partyLights.sku}") { price { amount { amount } } } }`);
    expect(stillUp.errors).toBeUndefined();
    expect(stillUp.data.product.price.amount.amount).toBe(STORY.partyLights.mailerPrice);
  });
});
