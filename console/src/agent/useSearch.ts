import { useApolloClient } from '@apollo/client/react';
import { useState } from 'react';
import { AgentFind } from '../generated/operations';
import { describeErrors } from '../components/PartialErrors';
import { lookupsFor } from './reference';

export type Found = { kind: 'customer'; id: string; focus?: string } | { kind: 'product'; sku: string };

/** The search box's one request: where the quoted reference leads, or a plain "not found". */
export function useSearch(onFound: (found: Found) => void) {
  const client = useApolloClient();
  const [message, setMessage] = useState<string>();
  const [busy, setBusy] = useState(false);
  const search = async (reference: string) => {
    const variables = lookupsFor(reference);
    if (!variables) return setMessage('Type an email, phone, order number, case number or SKU.');
    setBusy(true);
    setMessage(undefined);
    try {
      const { data, error } = await client.query({ query: AgentFind, variables, fetchPolicy: 'network-only', errorPolicy: 'all' });
      const customer = data?.byEmail ?? data?.byPhone;
      if (customer) return onFound({ kind: 'customer', id: customer.id });
      if (data?.order) return onFound({ kind: 'customer', id: data.order.customer.id, focus: data.order.number });
      if (data?.supportCase) return onFound({ kind: 'customer', id: data.supportCase.customer.id, focus: data.supportCase.number });
      if (data?.product) return onFound({ kind: 'product', sku: data.product.sku });
      // Input errors mean "this shape was not that kind of reference": only outages are worth naming.
      const outages = error && 'errors' in error ? describeErrors((error as { errors: never[] }).errors.filter((e: { extensions?: { code?: string } }) => e.extensions?.code !== 'BAD_USER_INPUT')) : [];
      setMessage(
        outages.length > 0
          ? `Nothing found for “${reference.trim()}”, but part of the graph did not answer: ${outages.join('; ')}`
          : `No customer, order, case or product matches “${reference.trim()}”.`,
      );
    } catch (error) {
      setMessage(`Search failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      setBusy(false);
    }
  };
  return { search, message, busy };
}
