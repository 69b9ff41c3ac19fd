import type { Reader } from './population';
import { seededRandom, zipfSampler } from './random';

export type WriteKind = 'cancelOrder' | 'caseNote' | 'priceChange';
export const WRITE_KINDS: WriteKind[] = ['cancelOrder', 'caseNote', 'priceChange'];

/** One operation of the mix: a customer's read of their own overview, or a write about that customer. */
export type MixOperation =
  | { kind: 'read'; reader: Reader }
  | { kind: 'cancelOrder'; reader: Reader; orderNumber: string }
  | { kind: 'caseNote'; reader: Reader; caseNumber: string; summary: string }
  | { kind: 'priceChange'; reader: Reader; sku: string; amount: string };

export interface MixOptions {
  seed: number;
  /** Zipf exponent of the customers' popularity (1: the classic 1/rank). */
  zipfS: number;
  /** Share of writes among all operations (0.05). */
  writeShare: number;
  /**
   * Orders already cancelled by an earlier stream of the same bench (its other runs share the databases):
   * an order is cancelled once, a second cancellation would be refused.
   */
  cancelled: Set<string>;
  /** Makes this stream's case notes unique among the bench's streams (a read must show the one just written). */
  label: string;
}

/**
 * The read-heavy mix as an endless, seeded stream. Each operation picks a customer by popularity
 * (readers[0] the most popular); 1 - writeShare of them read that customer's overview, the rest write
 * about the same customer, so writes land where the reads are, the hardest case for a cache. A write is
 * a cancellation, a case note or a price change, a third each; one the customer does not allow (no order
 * left to cancel, no case) falls to the next of the three that they do.
 */
export function readHeavyMix(readers: Reader[], options: MixOptions): { next(): MixOperation } {
  if (!(options.writeShare >= 0 && options.writeShare <= 1)) throw new Error(`write share must be in [0, 1], got ${options.writeShare}`);
  const random = seededRandom(options.seed);
  const popularity = zipfSampler(readers.length, options.zipfS, random);
  let notes = 0;
  let priceChanges = 0;
  const write = (reader: Reader, first: number): MixOperation => {
    for (let i = 0; i < WRITE_KINDS.length; i++) {
      const kind = WRITE_KINDS[(first + i) % WRITE_KINDS.length];
      if (kind === 'cancelOrder') {
        const orderNumber = reader.placedOrders.find((n) => !options.cancelled.has(n));
        if (!orderNumber) continue;
        options.cancelled.add(orderNumber);
        return { kind, reader, orderNumber };
      }
      if (kind === 'caseNote') {
        if (reader.caseNumbers.length === 0) continue;
        notes += 1;
        const caseNumber = reader.caseNumbers[Math.floor(random() * reader.caseNumbers.length)];
        return { kind, reader, caseNumber, summary: `Read-heavy bench note ${options.label}-${notes}.` };
      }
      // Every reader has an order, hence a product: a price change is always possible.
      priceChanges += 1;
      const product = reader.products[Math.floor(random() * reader.products.length)];
      return { kind: 'priceChange', reader, sku: product.sku, amount: movedPrice(product.price, priceChanges) };
    }
    throw new Error(`no write possible for ${reader.id}`);
  };
  return {
    next() {
      const reader = readers[popularity()];
      if (random() >= options.writeShare) return { kind: 'read', reader };
      return write(reader, Math.floor(random() * WRITE_KINDS.length));
    },
  };
}

/** The seeded price moved by up to ±49 cents (never below one dollar): a real change, in the same range. */
export function movedPrice(seeded: string, step: number): string {
  const cents = Math.round(Number(seeded) * 100) + ((step * 37) % 99) - 49;
  return (Math.max(100, cents) / 100).toFixed(2);
}
