import { useQuery } from '@apollo/client/react';
import { CustomerView } from '../components/CustomerView';
import { Freshness } from '../components/Freshness';
import { PartialErrors } from '../components/PartialErrors';
import { graphQLErrors } from '../errors';
import { ShopAccount } from '../generated/operations';
import { POLL_MS, useUpdatedAt } from '../live';
import { skusOf, useProducts } from '../useProducts';

/**
 * The customer's own account page (the web channel): the same components as the console, for the
 * signed-in customer. Which records it may show is the graph's decision, not this page's: asked for
 * someone else (#/account/<id>), the graph refuses and the page says so.
 */
export function AccountPage({ customerId }: { customerId: string }) {
  const { data, error, loading } = useQuery(ShopAccount, { variables: { customerId }, pollInterval: POLL_MS });
  const updatedAt = useUpdatedAt(data);
  const customer = data?.customer;
  const { products, error: productError } = useProducts(skusOf(customer), false);
  if (loading && !data) return <p role="status">Loading your account…</p>;
  return (
    <div>
      <Freshness at={updatedAt} mode="refreshing every 2 s" />
      <PartialErrors errors={[...graphQLErrors(error), ...graphQLErrors(productError)]} />
      {customer && <CustomerView customer={customer} products={products} />}
    </div>
  );
}
