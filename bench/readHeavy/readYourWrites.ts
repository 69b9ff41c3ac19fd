import type { MixOperation } from './mix';

type Json = Record<string, unknown>;

interface Written {
  /** When the write's answer arrived (performance.now()). */
  answeredAt: number;
  what: string;
  seenIn(customer: Json): boolean;
}

/**
 * Read your writes, checked by the load generator: a customer's read sent after a cancellation or a case
 * note about them was answered must show it (docs/entity-cache.md, "Read your writes"). Reads sent while
 * the write was under way may show either. Price changes are not checked here (the price is cached until
 * Pricing's validUntil, and a price change drops it like any write: docs/entity-cache.md); the full proof,
 * across replicas and history, prices included, is the hold consistency checker's.
 */
export class WrittenLedger {
  private readonly byCustomer = new Map<string, Written[]>();

  /** Per customer, the most recent writes kept (older ones are covered by the newer: notes only add). */
  constructor(private readonly keep = 20) {}

  recordAnswered(op: MixOperation, answeredAt: number): void {
    let written: Written | undefined;
    if (op.kind === 'cancelOrder') {
      written = {
        answeredAt,
        what: `order ${op.orderNumber} cancelled`,
        seenIn: (customer) => (customer.orders as Json[]).some((o) => o.number === op.orderNumber && o.status === 'CANCELLED'),
      };
    } else if (op.kind === 'caseNote') {
      written = {
        answeredAt,
        what: `note "${op.summary}" on case ${op.caseNumber}`,
        seenIn: (customer) =>
          (customer.supportCases as Json[]).some((c) => c.number === op.caseNumber && (c.interactions as Json[]).some((i) => i.summary === op.summary)),
      };
    }
    if (!written) return;
    const list = this.byCustomer.get(op.reader.id) ?? [];
    list.push(written);
    // Cancellations are rare and must hold for good: never let notes push one out.
    const notes = list.filter((w) => !w.what.startsWith('order '));
    if (notes.length > this.keep) list.splice(list.indexOf(notes[0]), 1);
    this.byCustomer.set(op.reader.id, list);
  }

  /** What a read of `customerId`'s overview sent at `sentAt` fails to show, or undefined. */
  staleProblem(customerId: string, customer: Json, sentAt: number): string | undefined {
    for (const written of this.byCustomer.get(customerId) ?? []) {
      if (written.answeredAt < sentAt && !written.seenIn(customer)) {
        return `stale read: sent ${Math.round(sentAt - written.answeredAt)} ms after ${written.what} was answered, it does not show it`;
      }
    }
    return undefined;
  }
}
