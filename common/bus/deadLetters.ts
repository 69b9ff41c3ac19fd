import { headers, type JetStreamClient, type JsMsg } from 'nats';
import { naming, type NatsBusConfig } from './natsConfig';

// Defined beside the bus interface, so the in-process bus honours it too; re-exported for NATS code.
export { PermanentEventError } from '../events';

/** Headers of a dead letter; its body is the event exactly as it was delivered. */
export const DeadLetterHeader = {
  reason: 'Dead-Letter-Reason',
  consumer: 'Dead-Letter-Consumer',
  deliveries: 'Dead-Letter-Deliveries',
  subject: 'Dead-Letter-Subject',
  streamSequence: 'Dead-Letter-Stream-Sequence',
} as const;

/**
 * Stores the event on `dead.<prefix>.<consumer>` with why it failed, and waits for the broker to
 * have stored it; only then may the caller stop redelivery. The message id makes a repeat harmless.
 */
export async function sendToDeadLetters(
  js: JetStreamClient,
  config: NatsBusConfig,
  consumer: string,
  message: JsMsg,
  reason: string,
): Promise<void> {
  const h = headers();
  h.set(DeadLetterHeader.reason, oneLine(reason));
  h.set(DeadLetterHeader.consumer, consumer);
  h.set(DeadLetterHeader.deliveries, String(message.info.deliveryCount));
  h.set(DeadLetterHeader.subject, message.subject);
  h.set(DeadLetterHeader.streamSequence, String(message.seq));
  await js.publish(naming.deadSubject(config, consumer), message.data, {
    headers: h,
    msgID: `${consumer}:${message.seq}`,
    timeout: config.publishTimeoutMs,
  });
}

/** Header values are one line, and a stack trace in a header helps nobody. */
function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim().slice(0, 1000) || 'unknown';
}
