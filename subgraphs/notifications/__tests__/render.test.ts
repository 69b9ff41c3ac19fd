import { renderOrderCancelled, renderReturnRequested, resolutionSentence } from '../render';
import { InvalidEventError, orderCancelledPayload } from '../eventPayloads';
import { event } from './helpers';

const cancelled = {
  orderNumber: '161803398',
  customerId: 'CUS-000005',
  reason: 'PAYMENT_VERIFICATION_FAILED',
  message: 'We could not verify your payment, so we cancelled the order. You have not been charged.',
  cancelledAt: '2026-05-20T10:00:00.000Z',
};

const returned = {
  returnId: 'RET-0000001',
  orderNumber: '271828182',
  customerId: 'CUS-000004',
  sku: 'KAYAK-TOURING-12',
  resolution: 'REFUND',
  trackingNumber: '1Z999AA10123456784',
  shippingLabelUrl: 'https://labels.example.com/RET-0000001.pdf',
  requestedAt: '2026-05-21T10:00:00.000Z',
};

describe('rendering notifications from events', () => {
  test('When an order is cancelled, then the email names the order and quotes Orders\' message word for word', () => {
    const draft = renderOrderCancelled(cancelled);

    expect(draft).toMatchObject({ customerId: 'CUS-000005', channel: 'EMAIL', topic: 'ORDER_CANCELLED', orderNumber: '161803398', caseNumber: null });
    expect(draft.subject).toBe('Your order 161803398 has been cancelled');
    expect(draft.body).toContain(cancelled.message);
    expect(draft.body).toContain('161803398');
  });

  test('When an order is cancelled, then the body words no reason of its own', () => {
    const draft = renderOrderCancelled({ ...cancelled, reason: 'OUT_OF_STOCK', message: 'M.' });

    expect(draft.body).not.toMatch(/stock|inventory|payment/i);
  });

  test('When a return is requested, then the email gives the label URL, the tracking number and the resolution', () => {
    const draft = renderReturnRequested(returned);

    expect(draft).toMatchObject({ customerId: 'CUS-000004', channel: 'EMAIL', topic: 'RETURN_REQUESTED', orderNumber: '271828182' });
    expect(draft.body).toContain('https://labels.example.com/RET-0000001.pdf');
    expect(draft.body).toContain('1Z999AA10123456784');
    expect(draft.body).toContain('KAYAK-TOURING-12');
    expect(draft.body).toMatch(/refund/i);
  });

  test('When the resolution is a replacement or one not known yet, then the sentence still names it', () => {
    expect(resolutionSentence('REPLACEMENT')).toMatch(/replacement/i);
    expect(resolutionSentence('STORE_CREDIT')).toBe('Resolution: store credit.');
  });

  test('When a cancellation event lacks its message, then reading its payload fails loudly', () => {
    const { message: _omitted, ...withoutMessage } = cancelled;

    expect(() => orderCancelledPayload(event('EVT-1', 'OrderCancelled', withoutMessage))).toThrow(InvalidEventError);
    expect(() => orderCancelledPayload(event('EVT-1', 'OrderCancelled', { ...cancelled, message: '  ' }))).toThrow(/message/);
  });
});
