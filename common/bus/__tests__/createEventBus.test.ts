import { ConfigError } from '../../config';
import { InProcessEventBus } from '../../events';
import { createEventBus } from '../createEventBus';
import { loadNatsBusConfig, naming } from '../natsConfig';

describe('choosing the event bus', () => {
  test('When NATS_URL is unset, then the embedded in-process bus is used', async () => {
    const bus = await createEventBus({ NATS_URL: '' });
    expect(bus).toBeInstanceOf(InProcessEventBus);
    await bus.close();
  });

  test('When only NATS_URL is set, then the documented defaults apply', () => {
    expect(loadNatsBusConfig({ NATS_URL: 'nats://a:4222, nats://b:4222' })).toEqual({
      servers: ['nats://a:4222', 'nats://b:4222'],
      stream: 'DOMAIN_EVENTS',
      subjectPrefix: 'events',
      ackWaitMs: 30_000,
      maxDeliver: 5,
      maxAckPending: 64,
      concurrency: 16,
      retryDelayMs: 1000,
      publishTimeoutMs: 5000,
      reconnectWaitMs: 2000,
      duplicateWindowMs: 120_000,
      maxAgeHours: 168,
    });
  });

  test('When a name would break a NATS subject or stream name, then start-up fails with the variable named', () => {
    expect(() => loadNatsBusConfig({ NATS_URL: 'nats://x', NATS_STREAM: 'domain.events' })).toThrow(ConfigError);
    expect(() => loadNatsBusConfig({ NATS_URL: 'nats://x', NATS_SUBJECT_PREFIX: 'events.>' })).toThrow(/NATS_SUBJECT_PREFIX/);
    expect(() => loadNatsBusConfig({ NATS_URL: 'nats://x', NATS_MAX_DELIVER: '0' })).toThrow(/NATS_MAX_DELIVER/);
  });

  test('When an event type or source holds dots or wildcards, then its subject still has exactly three tokens', () => {
    const config = loadNatsBusConfig({ NATS_URL: 'nats://x' })!;
    expect(naming.eventSubject(config, 'orders', 'OrderCancelled')).toBe('events.orders.OrderCancelled');
    expect(naming.eventSubject(config, 'or.ders', 'Order>*')).toBe('events.or_ders.Order__');
    expect(naming.deadSubject(config, 'notifications')).toBe('dead.events.notifications');
    expect(() => naming.durable('notifications.v2')).toThrow(/consumer name/);
  });
});
