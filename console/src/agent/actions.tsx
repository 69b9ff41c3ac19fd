import { useMutation } from '@apollo/client/react';
import { ActionForm } from '../components/ActionForm';
import type { CaseRecord, CustomerRecord, OrderRecord, ProductNames } from '../components/types';
import { CHANNEL_NAMES, words } from '../format';
import { AgentAddCaseInteraction, AgentCancelOrder, AgentOpenSupportCase, AgentRequestReturn, type CancellationReason, type Channel, type ReturnResolution } from '../generated/operations';

const REASONS: CancellationReason[] = ['CUSTOMER_REQUEST', 'OUT_OF_STOCK', 'PAYMENT_VERIFICATION_FAILED', 'FRAUD_SUSPECTED'];
const CONTACT: Channel[] = ['PHONE', 'EMAIL', 'CHAT', 'WEB', 'STORE'];
const channelOptions = CONTACT.map((c) => [c, CHANNEL_NAMES[c]] as const);
const RESOLUTIONS: ReadonlyArray<readonly [ReturnResolution, string]> = [
  ['REPLACEMENT', 'Replacement'],
  ['REFUND', 'Refund'],
];

/** The agent's actions on one order: cancel with a reason; return or replace under warranty. */
export function OrderActions({ order, products, onDone }: { order: OrderRecord; products: ProductNames; onDone: () => void }) {
  const [cancel] = useMutation(AgentCancelOrder);
  const [requestReturn] = useMutation(AgentRequestReturn);
  const underWarranty = order.lines.filter((line) => line.warranty?.active);
  return (
    <div className="actions">
      {order.status !== 'CANCELLED' && (
        <ActionForm
          title={`Cancel order ${order.number}`}
          submitLabel="Cancel order"
          fields={[{ name: 'reason', label: 'Reason', kind: 'select', options: REASONS.map((r) => [r, words(r)] as const) }]}
          run={(v) => cancel({ variables: { number: order.number, reason: v.reason as CancellationReason } }).then(onDone)}
        />
      )}
      {underWarranty.length > 0 && (
        <ActionForm
          title={`Warranty return for order ${order.number}`}
          submitLabel="Start return"
          fields={[
            { name: 'sku', label: 'Product', kind: 'select', options: underWarranty.map((l) => [l.product.sku, products.get(l.product.sku)?.name ?? l.product.sku] as const) },
            { name: 'resolution', label: 'Resolution', kind: 'select', options: RESOLUTIONS },
          ]}
          run={(v) => requestReturn({ variables: { orderNumber: order.number, sku: v.sku, resolution: v.resolution as ReturnResolution } }).then(onDone)}
        />
      )}
    </div>
  );
}

/** Logging a call, chat, email or visit on a case. */
export function CaseActions({ supportCase, onDone }: { supportCase: CaseRecord; onDone: () => void }) {
  const [add] = useMutation(AgentAddCaseInteraction);
  return (
    <div className="actions">
      <ActionForm
        title={`Add an interaction to case ${supportCase.number}`}
        submitLabel="Add interaction"
        fields={[
          { name: 'channel', label: 'Channel', kind: 'select', options: channelOptions },
          { name: 'summary', label: 'What happened', kind: 'textarea' },
        ]}
        run={(v) => add({ variables: { caseNumber: supportCase.number, channel: v.channel as Channel, summary: v.summary } }).then(onDone)}
      />
    </div>
  );
}

/** Opening a case for the customer, optionally about one of their orders. */
export function OpenCase({ customer, onDone }: { customer: CustomerRecord; onDone: () => void }) {
  const [open] = useMutation(AgentOpenSupportCase);
  return (
    <div className="actions">
      <ActionForm
        title="Open a case"
        submitLabel="Open case"
        fields={[
          { name: 'subject', label: 'Subject', kind: 'text' },
          { name: 'channel', label: 'Channel', kind: 'select', options: channelOptions },
          { name: 'orderNumber', label: 'About order', kind: 'select', options: [['', 'No order'] as const, ...customer.orders.map((o) => [o.number, o.number] as const)] },
          { name: 'summary', label: 'What the customer said', kind: 'textarea' },
        ]}
        run={(v) =>
          open({
            variables: { input: { customerId: customer.id, subject: v.subject, channel: v.channel as Channel, summary: v.summary, orderNumber: v.orderNumber || null } },
          }).then(onDone)
        }
      />
    </div>
  );
}
