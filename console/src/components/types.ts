import type { AgentProductsData, ShopAccountData } from '../generated/operations';

/** The shapes the shared components show: the account page's selection, which the console's is equal to. */
export type CustomerRecord = NonNullable<ShopAccountData['customer']>;
export type OrderRecord = CustomerRecord['orders'][number];
export type CaseRecord = NonNullable<CustomerRecord['supportCases']>[number];
export type NotificationRecord = NonNullable<CustomerRecord['notifications']>[number];
export type ChannelPrice = NonNullable<AgentProductsData['products'][number]>['web'];

/** A product as the screen names it; channel prices only where the viewer may see them all. */
export interface ProductInfo {
  sku: string;
  name: string;
  prices?: { web: ChannelPrice; store: ChannelPrice; phone: ChannelPrice };
}
export type ProductNames = ReadonlyMap<string, ProductInfo>;
