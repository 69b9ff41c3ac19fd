import { useQuery } from '@apollo/client/react';
import { CustomerView } from '../components/CustomerView';
import { Freshness } from '../components/Freshness';
import { PartialErrors } from '../components/PartialErrors';
import { graphQLErrors } from '../errors';
import { ShopAccount } from '../generated/operations';
import { MODE_TEXT, useLiveCustomer, useUpdatedAt } from '../live';
import { skusOf, useProducts } from '../useProducts';
import { MyOrderActions } from './actions';
import { refetchNoted } from '../refetch';

/**
 * The customer's own account page (the web channel): the same components as the console, for the
 * signed-in customer. Which records it may show is the graph's decision, not this page's: asked for
 * someone else (#/account/<id>), the graph refuses and the page says so.
 */
export function AccountPage({ customerId }: { customerId: string }) {
  const { data, error, loading, refetch, startPolling, stopPolling } = useQuery(ShopAccount, { variables: { customerId } });
  const query = { refetch, startPolling, stopPolling };
  const updatedAt = useUpdatedAt(data);
  const customer = data?.customer;
  const { products, error: productError, refetch: refetchProducts } = useProducts(skusOf(customer), false);
  const mode = useLiveCustomer(customerId, 'shop', query, refetchProducts);
  const refresh = () => refetchNoted(() => refetch(), 'your account');
  if (loading && !data) return <p role="status">Loading your account…</p>;
  return (
    <div>
      <Freshness at={updatedAt} mode={MODE_TEXT[mode]} />
      <PartialErrors errors={[...graphQLErrors(error), ...graphQLErrors(productError)]} />
      {customer && (
        <CustomerView customer={customer} products={products} orderActions={(order) => <MyOrderActions order={order} products={products} onDone={refresh} />} />
      )}
    </div>
  );
}
