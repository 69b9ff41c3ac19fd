import type { UsageExport } from './usageExport';

/** One client (name and version) that sent operations touching a coordinate within the window. */
export interface ClientUse {
  client: string;
  version: string;
  requests: number;
  lastSeen: string;
  /** The operations (by name; anonymous ones by signature id) through which it touched the coordinate. */
  operations: string[];
}

/** Real traffic as the check sees it: who touched each coordinate, and what the window was. */
export interface TrafficUsage {
  /** e.g. "usage.json, 2026-11-07 to 2026-12-07". */
  label: string;
  from: string;
  to: string;
  requests: number;
  clients: number;
  byCoordinate: Map<string, ClientUse[]>;
}

export interface TrafficOptions {
  /** A coordinate counts as used only with at least this many requests in the window (default 1). */
  minRequests?: number;
  /** Clients (by name) whose traffic does not count. */
  ignoreClients?: readonly string[];
}

/** Sums the export per coordinate and client; clients are listed most requests first. */
export function trafficUsage(usage: UsageExport, source: string, options: TrafficOptions = {}): TrafficUsage {
  const ignored = new Set(options.ignoreClients ?? []);
  const shapes = new Map(usage.operations.map((operation) => [operation.id, operation]));
  const byCoordinate = new Map<string, Map<string, ClientUse>>();
  const clients = new Set<string>();
  let requests = 0;
  for (const count of usage.counts) {
    const shape = shapes.get(count.operation);
    if (!shape || ignored.has(count.client)) continue;
    requests += count.requests;
    clients.add(`${count.client}\u0000${count.version}`);
    const operation = shape.name || `anonymous ${shape.id.slice(0, 8)}`;
    for (const coordinate of shape.coordinates) {
      const users = byCoordinate.get(coordinate) ?? new Map<string, ClientUse>();
      byCoordinate.set(coordinate, users);
      const key = `${count.client}\u0000${count.version}`;
      const use = users.get(key);
      if (!use) users.set(key, { client: count.client, version: count.version, requests: count.requests, lastSeen: count.lastSeen, operations: [operation] });
      else {
        use.requests += count.requests;
        if (count.lastSeen > use.lastSeen) use.lastSeen = count.lastSeen;
        if (!use.operations.includes(operation)) use.operations.push(operation);
      }
    }
  }
  const minRequests = options.minRequests ?? 1;
  const result = new Map<string, ClientUse[]>();
  for (const [coordinate, users] of byCoordinate) {
    const list = [...users.values()].sort((a, b) => b.requests - a.requests || a.client.localeCompare(b.client));
    if (list.reduce((sum, use) => sum + use.requests, 0) >= minRequests) result.set(coordinate, list);
  }
  const day = (iso: string) => iso.slice(0, 16).replace('T', ' ');
  return { label: `${source}, ${day(usage.window.from)} to ${day(usage.window.to)} UTC`, from: usage.window.from, to: usage.window.to, requests, clients: clients.size, byCoordinate: result };
}

/** "shop 2.1.0 (12 requests, last seen 2026-12-07 17:31 UTC; ShopOrderPage)". */
export function describeClientUse(use: ClientUse): string {
  const seen = use.lastSeen.slice(0, 16).replace('T', ' ');
  const requests = `${use.requests} request${use.requests === 1 ? '' : 's'}`;
  return `${use.client} ${use.version} (${requests}, last seen ${seen} UTC; ${use.operations.join(', ')})`;
}
