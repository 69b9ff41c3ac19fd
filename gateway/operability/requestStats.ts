/** What one operation cost beyond its own work: the subgraph fetches made for it. */
export interface RequestStats {
  subgraphFetches: number;
}

// Keyed by the operation's context object (Apollo Server gives each operation, even within a batch,
// its own copy), so neither the context's type nor its owner needs to know about statistics.
const statsByContext = new WeakMap<object, RequestStats>();

export function requestStats(context: object): RequestStats {
  let stats = statsByContext.get(context);
  if (!stats) {
    stats = { subgraphFetches: 0 };
    statsByContext.set(context, stats);
  }
  return stats;
}
