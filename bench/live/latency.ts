import { STORY } from '../../demo/stories';
import type { TestGraph } from '../../test/support/graph';
import { sseClient } from '../../test/live/support/clients';
import { percentile, placeOrder, waitFor } from './measure';

export interface Latency {
  rounds: number;
  p50: number;
  p99: number;
}

/**
 * Change → payload: from cancelOrder's answer on `writer` to the payload at a graphql-sse
 * subscriber of `reader` (the same gateway in one process; replica B over NATS).
 */
export async function changeToPayload(writer: TestGraph, reader: TestGraph, rounds: number): Promise<Latency> {
  const client = sseClient(reader.gatewayUrl, await reader.token('agent', 'bench-latency'));
  const stream = client.subscribe(
    `subscription($id: ID!) { customerActivity(customerId: $id) { kind order { number status } customer { name supportCases { number } } } }`,
    { id: STORY.bob.id },
  );
  let next = stream.next();
  await waitFor(() => reader.subgraphs.orders!.live.listenerCount >= 1, 10_000, 'the subscriber is listening');
  const samples: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const number = await placeOrder(writer, STORY.bob.id, round);
    const { errors } = await writer.query(`mutation { cancelOrder(number: "${number}", reason: CUSTOMER_REQUEST) { status } }`);
    if (errors) throw new Error(`cancelOrder failed: ${JSON.stringify(errors)}`);
    const answered = performance.now();
    for (;;) {
      const item = await next;
      next = stream.next();
      if (item.done) throw new Error('the stream ended');
      const activity = (item.value.data as { customerActivity?: { kind: string; order?: { number: string; status: string } } } | null)?.customerActivity;
      if (activity?.kind === 'ORDER_CANCELLED' && activity.order?.number === number) {
        if (activity.order.status !== 'CANCELLED') throw new Error(`payload shows ${activity.order.status}`);
        break;
      }
    }
    samples.push(performance.now() - answered);
  }
  await stream.return?.();
  await client.dispose();
  return { rounds, p50: percentile(samples, 50), p99: percentile(samples, 99) };
}
