import { useQuery } from '@apollo/client/react';
import { PartialErrors } from '../components/PartialErrors';
import { PriceTable } from '../components/PriceTable';
import { graphQLErrors } from '../errors';
import { day } from '../format';
import { AgentProducts } from '../generated/operations';

/** A SKU the customer quotes: its price on every channel and the promotions behind them. */
export function ProductPage({ sku }: { sku: string }) {
  const { data, error, loading } = useQuery(AgentProducts, { variables: { skus: [sku] }, fetchPolicy: 'cache-and-network' });
  const product = data?.products[0];
  if (loading && !data) return <p role="status">Loading product {sku}…</p>;
  return (
    <section aria-labelledby="product-heading">
      <PartialErrors errors={graphQLErrors(error)} />
      {product === null && <p className="empty">No product {sku}.</p>}
      {product && (
        <>
          <h2 id="product-heading" data-product={product.sku}>
            {product.name} <span className="sku">{product.sku}</span>
          </h2>
          <PriceTable product={{ sku: product.sku, name: product.name, prices: { web: product.web, store: product.store, phone: product.phone } }} />
          <h3>Promotions running now</h3>
          {product.activePromotions.length === 0 && <p className="empty">None.</p>}
          <ul>
            {product.activePromotions.map((p) => (
              <li key={p.id}>
                {p.name} (advertised by {p.advertisedIn.toLowerCase()}, until {day(p.endsAt)})
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
