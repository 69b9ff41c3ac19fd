/**
 * The customer-facing message for each cancellation reason, written once, here. The agent's
 * screen (`Order.cancellation.message`) and the customer's notification both quote it, so what
 * the customer was told and what an agent sees cannot disagree.
 */
export const CANCELLATION_REASONS = ['CUSTOMER_REQUEST', 'PAYMENT_VERIFICATION_FAILED', 'OUT_OF_STOCK', 'FRAUD_SUSPECTED'] as const;
export type CancellationReason = (typeof CANCELLATION_REASONS)[number];

const MESSAGES: Record<CancellationReason, string> = {
  CUSTOMER_REQUEST: 'Your order was cancelled at your request. Any payment taken will be refunded within 5 business days.',
  PAYMENT_VERIFICATION_FAILED:
    'We could not verify the payment for your order, so it was cancelled. No money was taken; you can place the order again with another payment method.',
  OUT_OF_STOCK: 'An item in your order is out of stock and could not be supplied, so the order was cancelled. Any payment taken will be refunded.',
  FRAUD_SUSPECTED:
    'Your order was cancelled by our security checks. Please contact customer service so that we can help you place it safely.',
};

export function cancellationMessage(reason: string): string {
  const message = MESSAGES[reason as CancellationReason];
  if (!message) throw new Error(`unknown cancellation reason ${reason}`);
  return message;
}
