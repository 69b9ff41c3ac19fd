import { useMutation } from '@apollo/client/react';
import { ActionForm } from '../components/ActionForm';
import type { OrderRecord, ProductNames } from '../components/types';
import { ShopCancelOrder, ShopRequestReturn, type ReturnResolution } from '../generated/operations';

/** What a customer may do on their own order in the web shop: cancel it, or return a product under warranty. */
export function MyOrderActions({ order, products, onDone }: { order: OrderRecord; products: ProductNames; onDone: () => void }) {
  const [cancel] = useMutation(ShopCancelOrder);
  const [requestReturn] = useMutation(ShopRequestReturn);
  const underWarranty = order.lines.filter((line) => line.warranty?.active);
  return (
    <div className="actions">
      {order.status === 'PLACED' && (
        <ActionForm
          title={`Cancel my order ${order.number}`}
          submitLabel="Cancel order"
          fields={[{ name: 'reason', label: 'Reason', kind: 'select', options: [['CUSTOMER_REQUEST', 'I no longer want it']] }]}
          run={() => cancel({ variables: { number: order.number, reason: 'CUSTOMER_REQUEST' } }).then(onDone)}
        />
      )}
      {underWarranty.length > 0 && (
        <ActionForm
          title={`Return under warranty (order ${order.number})`}
          submitLabel="Start return"
          fields={[
            { name: 'sku', label: 'Product', kind: 'select', options: underWarranty.map((l) => [l.product.sku, products.get(l.product.sku)?.name ?? l.product.sku] as const) },
            { name: 'resolution', label: 'I would like', kind: 'select', options: [['REPLACEMENT', 'A replacement'], ['REFUND', 'A refund']] },
          ]}
          run={(v) => requestReturn({ variables: { orderNumber: order.number, sku: v.sku, resolution: v.resolution as ReturnResolution } }).then(onDone)}
        />
      )}
    </div>
  );
}
