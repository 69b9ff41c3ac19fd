import { skipToken, useQuery } from '@apollo/client/react';
import { useMemo } from 'react';
import { AgentProducts, ShopProducts } from './generated/operations';
import type { CustomerRecord, ProductInfo, ProductNames } from './components/types';
import { refetchNoted } from './refetch';

const PRICE_POLL_MS = 10_000;

export function skusOf(customer: CustomerRecord | null | undefined): string[] {
  const skus = new Set<string>();
  for (const order of customer?.orders ?? []) {
    for (const line of order.lines) skus.add(line.product.sku);
    for (const r of order.returns) skus.add(r.product.sku);
  }
  return [...skus].sort();
}

/**
 * Names (and, for staff, every channel's price) of the products on screen: a separate request, so
 * a Pricing outage costs the names and prices only, not the orders around them.
 */
export function useProducts(skus: string[], withPrices: boolean) {
  // Prices change without any customer's activity (a promotion starts): asked again now and then.
  const agent = useQuery(AgentProducts, withPrices && skus.length > 0 ? { variables: { skus }, pollInterval: PRICE_POLL_MS } : skipToken);
  const shop = useQuery(ShopProducts, !withPrices && skus.length > 0 ? { variables: { skus }, pollInterval: PRICE_POLL_MS } : skipToken);
  const result = withPrices ? agent : shop;
  const products = useMemo(() => {
    const map = new Map<string, ProductInfo>();
    for (const p of agent.data?.products ?? []) if (p) map.set(p.sku, { sku: p.sku, name: p.name, prices: { web: p.web, store: p.store, phone: p.phone } });
    for (const p of shop.data?.products ?? []) if (p) map.set(p.sku, { sku: p.sku, name: p.name });
    return map as ProductNames;
  }, [agent.data, shop.data]);
  const refetch = () => {
    if (skus.length > 0) refetchNoted(() => result.refetch(), 'products');
  };
  return { products, error: result.error, refetch };
}
