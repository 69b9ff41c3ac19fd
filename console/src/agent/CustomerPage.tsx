import { useQuery } from '@apollo/client/react';
import { CustomerView } from '../components/CustomerView';
import { Freshness } from '../components/Freshness';
import { PartialErrors } from '../components/PartialErrors';
import { graphQLErrors } from '../errors';
import { AgentCustomerView } from '../generated/operations';
import { MODE_TEXT, useLiveCustomer, useUpdatedAt } from '../live';
import { skusOf, useProducts } from '../useProducts';
import { CaseActions, OpenCase, OrderActions } from './actions';
import { refetchNoted } from '../refetch';

/** The agent's view of one customer: everything every channel knows, kept current while open. */
export function CustomerPage({ id, focus }: { id: string; focus?: string }) {
  const { data, error, loading, refetch, startPolling, stopPolling } = useQuery(AgentCustomerView, { variables: { id }, fetchPolicy: 'cache-and-network' });
  const query = { refetch, startPolling, stopPolling };
  const updatedAt = useUpdatedAt(data);
  const customer = data?.customer;
  const { products, error: productError, refetch: refetchProducts } = useProducts(skusOf(customer), true);
  const mode = useLiveCustomer(id, 'agent', query, refetchProducts);
  // The live stream refreshes too; asking at once shows the agent's own change without waiting for it.
  const refresh = () => refetchNoted(() => refetch(), `customer ${id}`);
  if (loading && !data) return <p role="status">Loading customer {id}…</p>;
  return (
    <div>
      <Freshness at={updatedAt} mode={MODE_TEXT[mode]} />
      <PartialErrors errors={[...graphQLErrors(error), ...graphQLErrors(productError)]} />
      {customer === null && <p className="empty">No customer {id}.</p>}
      {customer && (
        <CustomerView
          customer={customer}
          products={products}
          focus={focus}
          orderActions={(order) => <OrderActions order={order} products={products} onDone={refresh} />}
          caseActions={(supportCase) => <CaseActions supportCase={supportCase} onDone={refresh} />}
          casesHeader={<OpenCase customer={customer} onDone={refresh} />}
        />
      )}
    </div>
  );
}
