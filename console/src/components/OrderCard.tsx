import type { ReactNode } from 'react';
import { day, money, when, words } from '../format';
import { PriceTable } from './PriceTable';
import type { OrderRecord, ProductNames } from './types';

export function OrderCard({ order, products, actions, focused }: { order: OrderRecord; products: ProductNames; actions?: ReactNode; focused?: boolean }) {
  const name = (sku: string) => products.get(sku)?.name ?? sku;
  return (
    <article className={focused ? 'card focused' : 'card'} aria-labelledby={`order-${order.number}`} data-order={order.number}>
      <header className="card-head">
        <h3 id={`order-${order.number}`}>Order {order.number}</h3>
        <span className={`status status-${order.status.toLowerCase()}`}>{words(order.status)}</span>
      </header>
      <p className="meta">
        Placed {when(order.placedAt)} on {words(order.channel)} · total {money(order.total)}
      </p>
      {order.cancellation && (
        <div className="cancellation">
          <p>
            <strong>Cancelled</strong> {when(order.cancellation.at)}: {words(order.cancellation.reason)}
          </p>
          <blockquote>The customer was told: “{order.cancellation.message}”</blockquote>
        </div>
      )}
      <table>
        <caption className="sr-only">Lines of order {order.number}</caption>
        <thead>
          <tr>
            <th scope="col">Product</th>
            <th scope="col">Qty</th>
            <th scope="col">Paid</th>
            <th scope="col">Warranty</th>
          </tr>
        </thead>
        <tbody>
          {order.lines.map((line) => (
            <tr key={line.product.sku}>
              <td>
                {name(line.product.sku)} <span className="sku">{line.product.sku}</span>
                {products.get(line.product.sku)?.prices && <PriceTable product={products.get(line.product.sku)!} compact />}
              </td>
              <td>{line.quantity}</td>
              <td>{money(line.unitPrice)}</td>
              <td>{line.warranty ? (line.warranty.active ? `Active until ${day(line.warranty.expiresOn)}` : `Expired ${day(line.warranty.expiresOn)}`) : 'None'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {order.returns.length > 0 && (
        <ul className="returns" aria-label={`Returns of order ${order.number}`}>
          {order.returns.map((r) => (
            <li key={r.id}>
              {words(r.resolution)} of {name(r.product.sku)} ({words(r.status)}, {when(r.requestedAt)}): tracking <strong className="tracking">{r.trackingNumber}</strong>,{' '}
              <a href={r.shippingLabelUrl} rel="noreferrer">
                shipping label
              </a>
            </li>
          ))}
        </ul>
      )}
      {actions}
    </article>
  );
}
