import type { OrderCancelledPayload, ReturnRequestedPayload } from '../../common/eventContracts';
import type { NotificationDraft } from './types';

/**
 * What the customer reads, rendered from an event's payload. Pure: the same payload always gives
 * the same text. The cancellation's explanation is Orders' message, quoted as is: this module
 * never words a reason itself, so what we tell the customer cannot drift from what Orders decided.
 */
export function renderOrderCancelled(p: OrderCancelledPayload): NotificationDraft {
  return {
    customerId: p.customerId,
    channel: 'EMAIL',
    topic: 'ORDER_CANCELLED',
    subject: `Your order ${p.orderNumber} has been cancelled`,
    body: [
      `Your order ${p.orderNumber} has been cancelled.`,
      p.message,
      `If you have questions, contact us and quote order number ${p.orderNumber}.`,
    ].join('\n\n'),
    orderNumber: p.orderNumber,
    caseNumber: null,
  };
}

export function renderReturnRequested(p: ReturnRequestedPayload): NotificationDraft {
  return {
    customerId: p.customerId,
    channel: 'EMAIL',
    topic: 'RETURN_REQUESTED',
    subject: `Your return for order ${p.orderNumber}: shipping label and tracking number`,
    body: [
      `We have registered your return of ${p.sku} from order ${p.orderNumber}. ${resolutionSentence(p.resolution)}`,
      `Print your prepaid shipping label: ${p.shippingLabelUrl}`,
      `Tracking number: ${p.trackingNumber}`,
    ].join('\n\n'),
    orderNumber: p.orderNumber,
    caseNumber: null,
  };
}

/** Known resolutions in words; one Orders adds later is still named rather than dropped. */
export function resolutionSentence(resolution: string): string {
  switch (resolution) {
    case 'REFUND':
      return 'Resolution: refund. Once the parcel is back with us, we will refund your money.';
    case 'REPLACEMENT':
      return 'Resolution: replacement. Once the parcel is back with us, we will send you a new one.';
    default:
      return `Resolution: ${resolution.toLowerCase().replace(/_/g, ' ')}.`;
  }
}
