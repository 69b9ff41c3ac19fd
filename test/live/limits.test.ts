import { connect } from 'node:net';
import { SignJWT } from 'jose';
import { STORY } from '../../demo/stories';
import { signDemoToken } from '../../gateway/auth/demoTokens';
import { loadAuthConfig } from '../../gateway/auth/authConfig';
import { loadLiveConfig } from '../../gateway/live/liveConfig';
import { startTestGraph, type TestGraph } from '../support/graph';
import { sseClient, wsClient } from './support/clients';
import { nextWithin, until } from './support/waiting';
import { rawSocket, ssePost } from './support/raw';

const PER_CALLER = 300;
/** Short enough for a test to see a subscription outlive neither. */
const MAX_AGE_S = 60;
const CLOCK_TOLERANCE_S = 1;
let graph: TestGraph;
beforeAll(async () => {
  const auth = { ...loadAuthConfig({ ...process.env, DEMO_MODE: 'true' }), maxAgeS: MAX_AGE_S, clockToleranceS: CLOCK_TOLERANCE_S };
  graph = await startTestGraph({ gateway: { auth, live: { ...loadLiveConfig({}), maxPerCaller: PER_CALLER, primaryRetries: 0 } } });
});
afterAll(() => graph?.stop());

const ORDER = `subscription($n: ID!) { orderChanged(number: $n) { kind order { status } } }`;
/** The same selection under its own alias: a distinct document, so each holds its own stream to Orders (identical ones would share one). */
const orderAs = (i: number) => `subscription($n: ID!) { o${i}: orderChanged(number: $n) { kind order { status } } }`;

describe('limits of the live graph', () => {
  test(`When a caller opens ${PER_CALLER} subscriptions and one more, then the extra one is refused with TOO_MANY_SUBSCRIPTIONS, and once all close no listener is left`, async () => {
    const client = wsClient(graph.gatewayUrl, await graph.token('agent', 'agent-many'));
    const streams = Array.from({ length: PER_CALLER }, (_, i) => client.subscribe(orderAs(i), { n: STORY.alice.order }));
    const pending = streams.map((stream) => stream.next());
    await until(() => graph.subgraphs.orders!.live.listenerCount === PER_CALLER, 60_000, `${PER_CALLER} listeners in Orders`);
    expect(graph.gateway.live.openCount).toBe(PER_CALLER);

    const extra = client.subscribe(ORDER, { n: STORY.alice.order });
    const refusal = await nextWithin(extra, 10_000, 'the refusal').catch((errors: unknown) => ({ errors }));
    expect(JSON.stringify(refusal.errors)).toContain('TOO_MANY_SUBSCRIPTIONS');

    const other = sseClient(graph.gatewayUrl, await graph.token('agent', 'agent-other'));
    const theirs = other.subscribe(ORDER, { n: STORY.alice.order });
    const theirFirst = theirs.next();
    await until(() => graph.gateway.live.openCount === PER_CALLER + 1, 10_000, "another caller's subscription is open");

    await Promise.all(streams.map((stream) => stream.return?.()));
    await theirs.return?.();
    await Promise.allSettled([...pending, theirFirst]);
    await client.dispose();
    await other.dispose();
    await until(() => graph.gateway.live.openCount === 0, 20_000, 'no subscription open on the gateway');
    await until(() => graph.subgraphs.orders!.live.listenerCount === 0, 20_000, 'no listener left in Orders');
  });

  test('When the token expires during a subscription, then the stream ends with UNAUTHENTICATED', async () => {
    const token = await signDemoToken(graph.gateway.config.auth, 'agent', 'agent-brief', '2s');
    const client = sseClient(graph.gatewayUrl, token);
    const stream = client.subscribe(ORDER, { n: STORY.alice.order });
    const ended = await nextWithin(stream, 10_000, 'the expiry');
    expect(ended.errors?.[0].extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'TOKEN_EXPIRED' });
    expect((await stream.next()).done).toBe(true);
    await client.dispose();
    await until(() => graph.gateway.live.openCount === 0, 5000, 'the expired subscription is closed');
  });

  test('When the token reaches JWT_MAX_AGE_S long before its exp, then the stream ends then with UNAUTHENTICATED, as the token verifier judges it', async () => {
    const { auth } = graph.gateway.config;
    const issuedAt = Math.floor(Date.now() / 1000) - (MAX_AGE_S - 2);
    const token = await new SignJWT({ role: 'agent' })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject('agent-aged')
      .setIssuer(auth.issuer)
      .setAudience(auth.audience)
      .setIssuedAt(issuedAt)
      .setExpirationTime('1h')
      .sign(auth.jwtSecret as Uint8Array);
    const client = wsClient(graph.gatewayUrl, token);
    const stream = client.subscribe(ORDER, { n: STORY.alice.order });
    const ended = await nextWithin(stream, 10_000, 'the end at JWT_MAX_AGE_S');
    expect(ended.errors?.[0].extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'TOKEN_EXPIRED' });
    expect(Date.now()).toBeGreaterThanOrEqual((issuedAt + MAX_AGE_S + CLOCK_TOLERANCE_S) * 1000 - 50);
    await client.dispose();
    await until(() => graph.gateway.live.openCount === 0, 5000, 'the aged subscription is closed');
  });

  test('When a subgraph the selection reaches is down at an event, then the payload carries the rest and SUBGRAPH_UNAVAILABLE, and the stream goes on', async () => {
    const client = sseClient(graph.gatewayUrl, await graph.token('agent'));
    const stream = client.subscribe(
      `subscription($id: ID!) { customerActivity(customerId: $id) { kind order { number status } customer { name supportCases { number } } } }`,
      { id: STORY.bob.id },
    );
    const first = stream.next();
    await until(() => graph.subgraphs.orders!.live.listenerCount === 1, 10_000, 'Orders is listening');
    await graph.stopSubgraph('support');
    const { errors } = await graph.query(`mutation { cancelOrder(number: "${STORY.bob.placedOrder}", reason: CUSTOMER_REQUEST) { status } }`);
    expect(errors).toBeUndefined();
    const payload = await nextWithin({ next: () => first }, 10_000, 'the payload');
    expect(payload.data).toMatchObject({ customerActivity: { kind: 'ORDER_CANCELLED', order: { status: 'CANCELLED' }, customer: { name: 'Bob Jones' } } });
    expect(JSON.stringify(payload.errors)).toContain('SUBGRAPH_UNAVAILABLE');
    expect(graph.gateway.live.openCount).toBe(1); // still open: the next event comes through the same stream
    await stream.return?.();
    await client.dispose();
    await until(() => graph.gateway.live.openCount === 0, 5000, 'closed');
  });

  test('When a WebSocket client sends a malformed frame, then the gateway closes it with 1002 (protocol error) and writes nothing to stderr', async () => {
    const printed = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const { hostname, port } = new URL(graph.gatewayUrl);
      const socket = connect(Number(port), hostname);
      const received: Buffer[] = [];
      socket.on('data', (chunk) => received.push(chunk));
      const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
      socket.write(
        'GET /graphql HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
          'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: graphql-transport-ws\r\n\r\n',
      );
      await until(() => Buffer.concat(received).includes('\r\n\r\n'), 5000, 'the upgrade answered');
      expect(Buffer.concat(received).toString('latin1')).toMatch(/^HTTP\/1\.1 101/);
      const upgraded = Buffer.concat(received).length;
      socket.write(Buffer.from([0x81, 0x02, 0x68, 0x69])); // a text frame without the mask every client frame must carry
      await closed;
      const frames = Buffer.concat(received).subarray(upgraded);
      expect(frames[0]).toBe(0x88); // a close frame
      expect(frames.readUInt16BE(2)).toBe(1002);
      expect(printed).not.toHaveBeenCalled();
    } finally {
      printed.mockRestore();
    }
  });
});

describe('the limits of /graphql on the live endpoints', () => {
  const deepVariables = `{"x":${'['.repeat(200_000)}${']'.repeat(200_000)}}`;
  const conditionalRoot = 'subscription($s: Boolean!) { orderChanged(number: "1") @skip(if: $s) { kind } }';
  const tokenBomb = `subscription { orderChanged(number: "1") { ${'kind '.repeat(4000)}} }`;

  test('When an SSE body is larger than MAX_BODY_BYTES, then it is 413 PAYLOAD_TOO_LARGE as on /graphql, and no stream opens', async () => {
    const answer = await ssePost(graph.gatewayUrl, await graph.token('agent'), JSON.stringify({ query: ORDER, variables: { n: STORY.alice.order, pad: 'x'.repeat(5_000_000) } }));
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.text).errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
    expect(graph.gateway.live.openCount).toBe(0);
  });

  test.each([
    ['more tokens than MAX_TOKENS', JSON.stringify({ query: tokenBomb }), 'GRAPHQL_PARSE_FAILED'],
    ['a root conditional on a variable', JSON.stringify({ query: conditionalRoot, variables: { s: false } }), 'GRAPHQL_VALIDATION_FAILED'],
    ['variables nested 200,000 lists deep', `{"query":${JSON.stringify(ORDER)},"variables":${deepVariables}}`, 'INPUT_DEPTH_LIMIT_EXCEEDED'],
  ])('When an SSE subscription has %s, then the stream answers one coded error and completes, never a 500', async (_case, body, code) => {
    const answer = await ssePost(graph.gatewayUrl, await graph.token('agent'), body);
    expect(answer.status).toBe(200);
    expect(answer.events.map((event) => event.event)).toEqual(['next', 'complete']);
    expect(JSON.parse(answer.events[0].data).errors.map((e: { extensions: { code: string } }) => e.extensions.code)).toEqual([code]);
  });

  test('When a WebSocket subscribe message breaks a limit, then that operation alone gets a coded error and the other subscriptions on the socket stay open', async () => {
    const socket = await rawSocket(graph.gatewayUrl, await graph.token('agent'));
    socket.send({ id: 'kept', type: 'subscribe', payload: { query: ORDER, variables: { n: STORY.alice.order } } });
    await until(() => graph.gateway.live.openCount === 1, 10_000, 'the first subscription open');
    socket.send({ id: 'tokens', type: 'subscribe', payload: { query: tokenBomb } });
    socket.send({ id: 'conditional', type: 'subscribe', payload: { query: conditionalRoot, variables: { s: false } } });
    socket.sendRaw(`{"id":"deep","type":"subscribe","payload":{"query":${JSON.stringify(ORDER)},"variables":${deepVariables}}}`);
    const codes = await Promise.all(['tokens', 'conditional', 'deep'].map(async (id) => (await socket.message(id)).payload[0].extensions.code));
    expect(codes).toEqual(['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'INPUT_DEPTH_LIMIT_EXCEEDED']);
    expect(socket.closed).toBeUndefined();
    expect(graph.gateway.live.openCount).toBe(1);
    await socket.close();
    await until(() => graph.gateway.live.openCount === 0, 5000, 'closed');
  });

  test('When a WebSocket message is larger than MAX_BODY_BYTES, then that connection alone is closed with 1009, before it is parsed', async () => {
    const bystander = await rawSocket(graph.gatewayUrl, await graph.token('agent', 'agent-bystander'));
    bystander.send({ id: 'theirs', type: 'subscribe', payload: { query: ORDER, variables: { n: STORY.alice.order } } });
    await until(() => graph.gateway.live.openCount === 1, 10_000, "the bystander's subscription open");
    const attacker = await rawSocket(graph.gatewayUrl, undefined);
    attacker.sendRaw(JSON.stringify({ id: 'big', type: 'subscribe', payload: { query: ORDER, variables: { pad: 'x'.repeat(graph.gateway.config.maxBodyBytes) } } }));
    expect(await attacker.whenClosed).toBe(1009);
    expect(bystander.closed).toBeUndefined();
    expect(graph.gateway.live.openCount).toBe(1);
    await bystander.close();
    await until(() => graph.gateway.live.openCount === 0, 5000, 'closed');
  });
});
