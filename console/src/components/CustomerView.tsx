import type { ReactNode } from 'react';
import { CaseCard } from './CaseCard';
import { NotificationList } from './NotificationList';
import { OrderCard } from './OrderCard';
import type { CaseRecord, CustomerRecord, OrderRecord, ProductNames } from './types';

export interface CustomerViewProps {
  customer: CustomerRecord;
  products: ProductNames;
  /** An order or case number to highlight and scroll to (what the search found). */
  focus?: string;
  orderActions?: (order: OrderRecord) => ReactNode;
  caseActions?: (supportCase: CaseRecord) => ReactNode;
  /** Above the cases list: e.g. the agent's "open a case" form. */
  casesHeader?: ReactNode;
}

/** One customer as every channel sees them: the agent console and the account page both show this. */
export function CustomerView({ customer, products, focus, orderActions, caseActions, casesHeader }: CustomerViewProps) {
  return (
    <div className="customer">
      <section aria-labelledby="who">
        <h2 id="who" data-customer={customer.id}>
          {customer.name}
        </h2>
        <p className="meta">
          {customer.email}
          {customer.phone && <> · {customer.phone}</>} · <span className="sku">{customer.id}</span>
        </p>
      </section>
      <section aria-labelledby="orders-heading">
        <h2 id="orders-heading">Orders ({customer.orders.length})</h2>
        {customer.orders.length === 0 && <p className="empty">No orders.</p>}
        {customer.orders.map((order) => (
          <OrderCard key={order.number} order={order} products={products} focused={focus === order.number} actions={orderActions?.(order)} />
        ))}
      </section>
      <section aria-labelledby="cases-heading">
        <h2 id="cases-heading">Support cases{customer.supportCases ? ` (${customer.supportCases.length})` : ''}</h2>
        {casesHeader}
        {customer.supportCases === null && <p className="empty">Cases are not available right now.</p>}
        {customer.supportCases?.length === 0 && <p className="empty">No cases.</p>}
        {customer.supportCases?.map((c) => (
          <CaseCard key={c.number} supportCase={c} focused={focus === c.number} actions={caseActions?.(c)} />
        ))}
      </section>
      <section aria-labelledby="notifications-heading">
        <h2 id="notifications-heading">Notifications sent{customer.notifications ? ` (${customer.notifications.length})` : ''}</h2>
        {customer.notifications === null ? <p className="empty">Notifications are not available right now.</p> : <NotificationList notifications={customer.notifications} />}
      </section>
    </div>
  );
}
