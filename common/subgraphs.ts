/** The four subgraphs of the graph, their default ports and the env vars that configure them. */
export const SUBGRAPH_NAMES = ['orders', 'support', 'pricing', 'notifications'] as const;
export type SubgraphName = (typeof SUBGRAPH_NAMES)[number];

export const DEFAULT_PORTS: Record<SubgraphName, number> = {
  orders: 4001,
  support: 4002,
  pricing: 4003,
  notifications: 4004,
};

export function isSubgraphName(value: string): value is SubgraphName {
  return (SUBGRAPH_NAMES as readonly string[]).includes(value);
}

/** `ORDERS_URL`, `ORDERS_PORT`, `ORDERS_DATABASE_URL`… */
export function envName(name: SubgraphName, suffix: string): string {
  return `${name.toUpperCase()}_${suffix}`;
}

export function defaultSubgraphUrl(name: SubgraphName): string {
  return `http://localhost:${DEFAULT_PORTS[name]}/graphql`;
}
