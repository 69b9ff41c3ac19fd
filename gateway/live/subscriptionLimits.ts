import { GraphQLError } from 'graphql';
import type { LiveConfig } from './liveConfig';

export const TOO_MANY_SUBSCRIPTIONS = 'TOO_MANY_SUBSCRIPTIONS';

/** Open subscriptions, per gateway process and per caller, so one client cannot hold them all. */
export class SubscriptionLimits {
  private total = 0;
  private readonly perCaller = new Map<string, number>();

  constructor(private readonly config: Pick<LiveConfig, 'maxSubscriptions' | 'maxPerCaller'>) {}

  /** Subscriptions open now. */
  get open(): number {
    return this.total;
  }

  /** Takes a place for the caller, or throws TOO_MANY_SUBSCRIPTIONS; the function returned gives it back (once). */
  acquire(caller: string): () => void {
    const mine = this.perCaller.get(caller) ?? 0;
    if (this.total >= this.config.maxSubscriptions) {
      throw refusal(`This gateway holds its limit of ${this.config.maxSubscriptions} open subscriptions; try again later or another replica`, 'process', this.config.maxSubscriptions);
    }
    if (mine >= this.config.maxPerCaller) {
      throw refusal(`A caller may hold at most ${this.config.maxPerCaller} open subscriptions; close one first`, 'caller', this.config.maxPerCaller);
    }
    this.total += 1;
    this.perCaller.set(caller, mine + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.total -= 1;
      const left = (this.perCaller.get(caller) ?? 1) - 1;
      if (left > 0) this.perCaller.set(caller, left);
      else this.perCaller.delete(caller);
    };
  }
}

function refusal(message: string, scope: 'process' | 'caller', limit: number): GraphQLError {
  return new GraphQLError(message, { extensions: { code: TOO_MANY_SUBSCRIPTIONS, scope, limit } });
}
