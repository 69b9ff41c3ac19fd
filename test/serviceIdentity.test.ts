import type { IncomingMessage } from 'node:http';
import { decodeJwt } from 'jose';
import { CUSTOMER_AND_ORDER, CUSTOMER_DIRECTORY_OPERATION } from '../common/customerDirectoryContract';
import { createIdentityVerifier, identityPublicKeysFrom, verifyIdentity } from '../common/identity';
import { peerSigningKeyFrom, signPeerIdentity } from '../common/peerOperations';
import type { SubgraphName } from '../common/subgraphs';
import { STORY } from '../demo/stories';
import { startTestGraph, type TestGraph } from './support/graph';

/**
 * #19.2: the identity between the gateway and the subgraphs cannot be forged by a subgraph, is
 * addressed to one subgraph, goes only where configured, and Support calls Orders as itself.
 */
let graph: TestGraph;
const received: Array<{ subgraph: SubgraphName; identity: string | undefined; body: string }> = [];

function recordIdentities(target: TestGraph, into: typeof received) {
  for (const subgraph of Object.values(target.subgraphs)) {
    subgraph!.httpServer.on('request', (req: IncomingMessage) => {
      const entry = { subgraph: subgraph!.name, identity: req.headers['x-identity'] as string | undefined, body: '' };
      req.on('data', (chunk) => (entry.body += chunk));
      into.push(entry);
    });
  }
}

beforeAll(async () => {
  graph = await startTestGraph({ customers: 10 });
  recordIdentities(graph, received);
});
afterAll(() => graph?.stop());

const post = async (subgraph: SubgraphName, query: string, identity: string, variables?: Record<string, unknown>) => {
  const response = await fetch(graph.subgraphs[subgraph]!.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-identity': identity },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: (await response.json()) as any };
};
const demoPublicKeys = identityPublicKeysFrom({ DEMO_MODE: 'true' });
const supportKey = peerSigningKeyFrom({ DEMO_MODE: 'true' }, 'support');

describe('the identity the gateway sends each subgraph', () => {
  test('When an agent reads a customer across all four subgraphs, then each subgraph receives an identity addressed to it alone, verifiable with the public key', async () => {
    received.length = 0;
    const { errors } = await graph.query(
      `query Overview { customer(id: "${STORY.dana.id}") { name orders { number lines { product { name price { amount { amount } } } } } supportCases { number } notifications { topic } } }`,
    );
    expect(errors).toBeUndefined();
    const seen = new Set(received.map((r) => r.subgraph));
    expect([...seen].sort()).toEqual(['notifications', 'orders', 'pricing', 'support']);
    for (const { subgraph, identity } of received) {
      expect([subgraph, decodeJwt(identity!).aud]).toEqual([subgraph, subgraph]);
      await expect(verifyIdentity(identity!, createIdentityVerifier(subgraph, demoPublicKeys))).resolves.toMatchObject({ role: 'agent', operation: 'Overview' });
    }
  });

  test('When a subgraph replays the identity it received to another subgraph, then that one refuses it with 401', async () => {
    received.length = 0;
    await graph.query(`{ supportCase(number: "${STORY.dana.incident}") { subject } }`);
    const toSupport = received.find((r) => r.subgraph === 'support')!.identity!;
    const replayed = await post('orders', `{ customer(id: "${STORY.alice.id}") { name email } }`, toSupport);
    expect(replayed.status).toBe(401);
    expect(JSON.stringify(replayed.body)).not.toContain('Alice');
  });
});

describe("Support's own identity at Orders", () => {
  test('When an agent opens a case about an order, then Support asks Orders with its own identity, for the contract document only, and the case opens', async () => {
    received.length = 0;
    const { data, errors } = await graph.query(
      `mutation { openSupportCase(input: { customerId: "${STORY.dana.id}", orderNumber: "${STORY.dana.order}", subject: "Paddle missing", channel: PHONE, summary: "No paddle in the box" }) { number } }`,
    );
    expect(errors).toBeUndefined();
    expect(data.openSupportCase.number).toMatch(/^CS-/);
    const directoryCall = received.find((r) => r.subgraph === 'orders')!;
    expect(decodeJwt(directoryCall.identity!)).toMatchObject({ iss: 'customer-graph-support', aud: 'orders', sub: 'support', role: 'service' });
    expect(JSON.parse(directoryCall.body).query).toBe(CUSTOMER_AND_ORDER);
  });

  test('When Support\'s identity is used for anything but the contract (another read, a mutation), then Orders refuses it; at another subgraph it is not an identity at all', async () => {
    const identity = await signPeerIdentity('support', supportKey, 'orders', CUSTOMER_DIRECTORY_OPERATION);
    const contract = await post('orders', CUSTOMER_AND_ORDER, identity, { id: STORY.dana.id, number: STORY.dana.order });
    expect(contract.body.data).toEqual({ customer: { id: STORY.dana.id }, order: { customer: { id: STORY.dana.id } } });
    const read = await post('orders', `{ customer(id: "${STORY.alice.id}") { name email phone } }`, identity);
    expect(read.body.errors.map((e: any) => e.extensions.code)).toEqual(['FORBIDDEN']);
    expect(JSON.stringify(read.body)).not.toContain('Alice');
    const write = await post('orders', `mutation { cancelOrder(number: "${STORY.bob.placedOrder}", reason: CUSTOMER_REQUEST) { status } }`, identity);
    expect(write.body.errors.map((e: any) => e.extensions.code)).toEqual(['FORBIDDEN']);
    const atPricing = await post('pricing', '{ product(sku: "YOGA-MAT") { sku } }', await signPeerIdentity('support', supportKey, 'pricing', 'x'));
    expect(atPricing.status).toBe(401);
  });
});

describe('subgraphs not configured to receive identities', () => {
  test('When <NAME>_IDENTITY=false for a subgraph, then the gateway sends it no identity, and the others still get theirs', async () => {
    const other = await startTestGraph({ customers: 5, env: { ...process.env, NATS_URL: '', LOG_LEVEL: 'silent', PRICING_IDENTITY: 'false' } });
    const seen: typeof received = [];
    recordIdentities(other, seen);
    try {
      const { data } = await other.query(`{ order(number: "${STORY.dana.order}") { number lines { product { name price { amount { amount } } } } } }`);
      expect(data.order.number).toBe(STORY.dana.order);
      expect(seen.filter((r) => r.subgraph === 'pricing').map((r) => r.identity)).toEqual([undefined]);
      expect(decodeJwt(seen.find((r) => r.subgraph === 'orders')!.identity!).aud).toBe('orders');
    } finally {
      await other.stop();
    }
  });
});
