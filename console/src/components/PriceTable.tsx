import { money } from '../format';
import type { ChannelPrice, ProductInfo } from './types';

const CHANNELS = [
  ['web', 'Web'],
  ['store', 'Till'],
  ['phone', 'Phone'],
] as const;

/** One product's price on every channel, and the promotion that sets it: the agent quotes these. */
export function PriceTable({ product, compact }: { product: ProductInfo; compact?: boolean }) {
  if (!product.prices) return null;
  const prices = product.prices;
  const cell = (price: ChannelPrice) => (
    <>
      {money(price.amount)}
      {price.promotion && <span className="promo"> ({price.promotion}, regular {money(price.regularAmount)})</span>}
    </>
  );
  if (compact) {
    return (
      <span className="channel-prices" aria-label={`Prices of ${product.name} per channel`}>
        {CHANNELS.map(([key, label]) => (
          <span key={key}>
            {label} {money(prices[key].amount)}
          </span>
        ))}
      </span>
    );
  }
  return (
    <table className="prices" aria-label={`Prices of ${product.name} per channel`}>
      <thead>
        <tr>
          <th scope="col">Channel</th>
          <th scope="col">Price</th>
        </tr>
      </thead>
      <tbody>
        {CHANNELS.map(([key, label]) => (
          <tr key={key} data-channel={key}>
            <th scope="row">{label}</th>
            <td>{cell(prices[key])}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
