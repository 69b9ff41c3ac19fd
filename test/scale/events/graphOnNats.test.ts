import { NatsEventBus } from '../../../common/bus/natsEventBus';
import { STORY } from '../../../demo/stories';
import { startTestGraph, type TestGraph } from '../../support/graph';
import { deleteStreams, describeWith, eventually, storedEvents, testBusEnv } from './support/busEnv';

/** The whole graph with NATS_URL set: the stack picks the JetStream bus and the story still ends in one notification. */
describeWith(['NATS_URL', 'TEST_DATABASE_URL'])('the graph on NATS JetStream', () => {
  const env = testBusEnv();
  let graph: TestGraph;

  beforeAll(async () => {
    graph = await startTestGraph({ customers: 5, env: { ...process.env, ...env } });
  });
  afterAll(async () => {
    await graph?.stop();
    await deleteStreams(env);
  });

  test('When NATS_URL is set and Bob\'s order is cancelled through the gateway, then the event crosses JetStream and he is told once', async () => {
    expect(graph.bus).toBeInstanceOf(NatsEventBus);
    const storedBefore = await storedEvents(env, 'orders');

    const cancel = await graph.query(`mutation { cancelOrder(number: "${STORY.bob.placedOrder}", reason: OUT_OF_STOCK) { status } }`);

    expect(cancel.errors).toBeUndefined();
    const notices = await eventually(
      async () => {
        const told = await graph.query(`{ order(number: "${STORY.bob.placedOrder}") { notifications { topic } } }`);
        return told.data.order.notifications.filter((n: { topic: string }) => n.topic === 'ORDER_CANCELLED');
      },
      (found) => found.length > 0,
    );
    expect(notices).toHaveLength(1);
    expect(await storedEvents(env, 'orders')).toBe(storedBefore + 1);
  });
});
