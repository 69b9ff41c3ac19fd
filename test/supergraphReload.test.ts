import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { SUPERGRAPH_PATH } from '../common/composition';
import { STORY } from '../demo/stories';
import { loadGatewayConfig } from '../gateway/config';
import { startGateway, type RunningGateway } from '../gateway/createGateway';
import { GatedProxy } from './support/gatedProxy';
import { startTestGraph, type TestGraph } from './support/graph';

/** A gateway picks up a new supergraph without a restart, and refuses one that does not build. */
let graph: TestGraph;
const file = join(mkdtempSync(join(tmpdir(), 'supergraph-')), 'supergraph.graphql');

beforeAll(async () => {
  copyFileSync(SUPERGRAPH_PATH, file);
  graph = await startTestGraph({ customers: 5, gateway: { supergraphPath: file, supergraphPollMs: 100 } });
});
afterAll(() => graph?.stop());

const PROMOTIONS = `{ product(sku: "${STORY.partyLights.sku}") { activePromotions { name } } }`;
const NAME = `{ product(sku: "${STORY.partyLights.sku}") { name } }`;

/** The committed supergraph without Product.activePromotions: a new supergraph that composes. */
function withoutPromotions(): string {
  const sdl = readFileSync(SUPERGRAPH_PATH, 'utf8').replace(
    /\n\s*"""Promotions running now\."""\n\s*activePromotions: \[Promotion!\]! @join__field\(graph: PRICING\)/,
    '',
  );
  expect(sdl).not.toContain('activePromotions');
  return sdl;
}

async function eventually(check: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('supergraph reload', () => {
  test('When the supergraph file changes, then the gateway serves the new one; when it is broken, the last good one keeps serving', async () => {
    expect((await graph.query(PROMOTIONS)).data.product.activePromotions).toEqual([{ name: 'Garden party mailer' }]);

    writeFileSync(file, withoutPromotions());
    await eventually(async () => (await graph.query(PROMOTIONS)).errors?.[0]?.extensions?.code === 'GRAPHQL_VALIDATION_FAILED');

    writeFileSync(file, 'this is not a supergraph {');
    await new Promise((resolve) => setTimeout(resolve, 500)); // several polls
    const stillServing = await graph.query(NAME);
    expect(stillServing.data.product.name).toBe('Party Lights, 20 bulbs');
    expect((await graph.query(PROMOTIONS)).errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});

describe('supergraph reload with requests in flight', () => {
  const ownFile = join(mkdtempSync(join(tmpdir(), 'supergraph-')), 'supergraph.graphql');
  const logLines: string[] = [];
  let pricing: GatedProxy;
  let gateway: RunningGateway;

  beforeAll(async () => {
    copyFileSync(SUPERGRAPH_PATH, ownFile);
    // Pricing (which answers every `product` query) behind a gate: a slow subgraph the test controls.
    pricing = await GatedProxy.start(graph.subgraphs.pricing!.url);
    const urls = Object.fromEntries(Object.entries(graph.subgraphs).map(([name, s]) => [`${name.toUpperCase()}_URL`, s!.url]));
    const config = loadGatewayConfig({
      ...process.env,
      ...urls,
      PRICING_URL: pricing.url,
      PRICING_TIMEOUT_MS: '60000', // a held request must not time out on a busy machine
      PORT: '0',
      SUPERGRAPH_PATH: ownFile,
      SUPERGRAPH_POLL_MS: '100',
      REDIS_URL: '',
    });
    // The gateway's log says when it loaded or refused a supergraph: the test waits for that, not for time.
    const log = pino({ level: 'info' }, { write: (line: string) => void logLines.push(line) });
    gateway = await startGateway(config, log);
  });
  afterAll(async () => {
    await gateway?.stop();
    await pricing?.stop();
  });

  const post = async (query: string) => {
    const response = await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await graph.token('agent')}` },
      body: JSON.stringify({ query }),
    });
    return (await response.json()) as { data?: any; errors?: Array<{ extensions?: { code?: string } }> };
  };
  const logged = (msg: string) => eventually(async () => logLines.some((line) => (JSON.parse(line) as { msg?: string }).msg === msg), 15_000);
  /** Three distinct requests at once, all waiting at Pricing's gate when this resolves. */
  const inFlight = async (query: (i: number) => string) => {
    pricing.hold();
    const requests = [0, 1, 2].map((i) => post(query(i)));
    await pricing.held(3);
    return requests;
  };
  const promotionsAs = (i: number) => `query InFlight${i} { p${i}: product(sku: "${STORY.partyLights.sku}") { activePromotions { name } } }`;
  const nameAs = (i: number) => `query InFlightName${i} { p${i}: product(sku: "${STORY.partyLights.sku}") { name } }`;

  test('When a new supergraph is picked up while requests are in flight, then they complete with data on the old one and the next request is served by the new one', async () => {
    const requests = await inFlight(promotionsAs);
    writeFileSync(ownFile, withoutPromotions());
    await logged('new supergraph loaded');
    // Already the new supergraph for a new request (refused at validation, so it never reaches the gate).
    expect((await post(PROMOTIONS)).errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    pricing.release();

    const answers = await Promise.all(requests);
    answers.forEach((answer, i) => {
      expect(answer.errors).toBeUndefined();
      expect(answer.data[`p${i}`].activePromotions).toEqual([{ name: 'Garden party mailer' }]);
    });
    const next = await post(NAME);
    expect(next.errors).toBeUndefined();
    expect(next.data.product.name).toBe('Party Lights, 20 bulbs');
  });

  test('When a broken supergraph is refused while requests are in flight, then they complete with data and the last good one keeps serving', async () => {
    const requests = await inFlight(nameAs);
    writeFileSync(ownFile, 'this is not a supergraph {');
    await logged('new supergraph refused; the last good one keeps serving');
    pricing.release();

    const answers = await Promise.all(requests);
    answers.forEach((answer, i) => {
      expect(answer.errors).toBeUndefined();
      expect(answer.data[`p${i}`].name).toBe('Party Lights, 20 bulbs');
    });
    expect((await post(NAME)).data.product.name).toBe('Party Lights, 20 bulbs');
    // Still the last good supergraph, the one without promotions, not the committed one.
    expect((await post(PROMOTIONS)).errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});
