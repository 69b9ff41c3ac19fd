import { toCents } from '../../common/money';
import { DEMO_SUBJECTS } from '../../gateway/auth/demoTokens';
import type { History } from './history';
import { addCaseNote, cancelOrder, readGraph, requestReturn, setProductPrice, type ReadName } from './operations';
import type { Replicas } from './replicas';
import type { ConsistencyWorld, HotCustomer } from './world';

export interface WorkloadOptions {
  durationMs: number;
  readers: number;
  /** Pause of each writer between its writes within a burst. */
  writePauseMs: number;
  /**
   * Writes come in bursts of `burstMs` every `cycleMs`, reads all the time. A write makes every replica's
   * entries holding what it changed unservable, and with few customers that is most of what the readers read:
   * steady writes would leave the cache little to serve between them, and the run little to prove about it.
   */
  burstMs: number;
  cycleMs: number;
  token(role: 'customer' | 'agent' | 'service', subject: string): Promise<string>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Round-robin over the hot customers' items, so every customer gets written to early in the run. */
function interleave<T>(lists: T[][]): T[] {
  const out: T[] = [];
  for (let i = 0; lists.some((l) => i < l.length); i++) for (const list of lists) if (i < list.length) out.push(list[i]);
  return out;
}

/**
 * Four writers (cancelOrder, requestReturn, setProductPrice, addCaseInteraction), each one write at a time
 * in bursts, and `readers` readers, all through the replicas in turn, recorded in the history until the time is up.
 * Half of the reads chase the customer most recently written to, so a read often follows a write on the
 * other replica within milliseconds: the case a cache gets wrong.
 */
export async function runWorkload(target: ConsistencyWorld, replicas: Replicas, history: History, options: WorkloadOptions): Promise<void> {
  const startedAt = performance.now();
  const until = startedAt + options.durationMs;
  const running = () => performance.now() < until;
  const untilBurst = () => {
    const inCycle = (performance.now() - startedAt) % options.cycleMs;
    return inCycle < options.burstMs ? 0 : options.cycleMs - inCycle;
  };
  const byId = new Map(target.hot.map((h) => [h.id, h]));
  const ownerOfOrder = new Map(target.hot.flatMap((h) => h.orders.map((o) => [o, h.id] as const)));
  const ownerOfCase = new Map(target.hot.map((h) => [h.caseNumber, h.id] as const));
  const tokens = new Map<string, Promise<string>>();
  const token = (role: 'customer' | 'agent' | 'service', subject: string) => {
    const key = `${role}:${subject}`;
    if (!tokens.has(key)) tokens.set(key, options.token(role, subject));
    return tokens.get(key)!;
  };
  let lastWritten: HotCustomer | undefined;

  async function writer<T>(operation: string, items: T[] | (() => T), customerOf: (item: T) => string | undefined, write: (url: string, item: T) => Promise<import('./history').Fact>) {
    for (let i = 0; running(); i++) {
      const quiet = untilBurst();
      if (quiet > 0) {
        await sleep(quiet);
        if (!running()) return;
      }
      const item = Array.isArray(items) ? items[i] : items();
      if (item === undefined) return; // nothing left to change (every order cancelled)
      const replica = replicas.next();
      const op = await history.write(operation, replica.name, () => write(replica.url, item));
      replicas.failed(replica.name, op.error);
      const customer = customerOf(item);
      if (op.fact && customer) lastWritten = byId.get(customer);
      await sleep(options.writePauseMs * (0.5 + Math.random())); // jittered: the writers drift apart
    }
  }

  const prices = new Map(target.skus.map((sku) => [sku, Number(toCents(target.world.products.find((p) => p.sku === sku)!.price))]));
  let priceTurn = 0;
  let noteTurn = 0;
  const writers = [
    writer('cancelOrder', interleave(target.hot.map((h) => h.placed)), (order) => ownerOfOrder.get(order), async (url, order) =>
      cancelOrder(url, await token('customer', ownerOfOrder.get(order)!), order),
    ),
    writer('requestReturn', interleave(target.hot.map((h) => h.returnable)), (line) => ownerOfOrder.get(line.order), async (url, line) =>
      requestReturn(url, await token('customer', ownerOfOrder.get(line.order)!), line.order, line.sku),
    ),
    // One writer for every product: each price written is higher than the product's last, so reads compare "at least".
    writer('setProductPrice', () => target.skus[priceTurn++ % target.skus.length], () => undefined, async (url, sku) => {
      const cents = prices.get(sku)! + 1;
      prices.set(sku, cents);
      return setProductPrice(url, await token('service', DEMO_SUBJECTS.service), sku, cents);
    }),
    writer('addCaseInteraction', () => target.hot[noteTurn++ % target.hot.length].caseNumber, (caseNumber) => ownerOfCase.get(caseNumber), async (url, caseNumber) =>
      addCaseNote(url, await token('agent', DEMO_SUBJECTS.agent), caseNumber, `Consistency note ${noteTurn} on ${caseNumber}`),
    ),
  ];

  const kinds: ReadName[] = ['customer', 'supportCase', 'order'];
  async function reader(index: number) {
    for (let i = index; running(); i++) {
      const chase = i % 2 === 0 && lastWritten;
      const customer = chase || target.hot[Math.floor(Math.random() * target.hot.length)];
      const kind = kinds[i % kinds.length];
      const key = kind === 'customer' ? customer.id : kind === 'supportCase' ? customer.caseNumber : customer.orders[Math.floor(Math.random() * customer.orders.length)];
      const replica = replicas.next();
      const bearer = await token('customer', customer.id);
      const op = await history.read(kind, replica.name, () => readGraph(replica.url, bearer, kind, key));
      replicas.failed(replica.name, op.error);
    }
  }
  await Promise.all([...writers, ...Array.from({ length: options.readers }, (_, i) => reader(i))]);
}

/** Reads through each replica until it serves from its cache: a replica of its own process watches JetStream only after a moment. */
export async function warmUp(target: ConsistencyWorld, replicas: ReadonlyArray<{ name: string; url: string }>, token: WorkloadOptions['token'], timeoutMs = 60_000): Promise<void> {
  const customer = target.hot[0];
  const bearer = await token('customer', customer.id);
  for (const replica of replicas) {
    const deadline = performance.now() + timeoutMs;
    while ((await readGraph(replica.url, bearer, 'customer', customer.id)).cacheHits === 0) {
      if (performance.now() > deadline) throw new Error(`${replica.name} served nothing from its cache within ${timeoutMs} ms`);
      await sleep(250);
    }
  }
}
