import { isEnumType, isInputObjectType, isInterfaceType, isObjectType, type GraphQLSchema } from 'graphql';
import { describeClientUse, trafficUsage, type ClientUse, type TrafficOptions } from './traffic';
import type { UsageExport } from './usageExport';

export interface FieldUse {
  coordinate: string;
  requests: number;
}

export interface DeprecatedUse {
  coordinate: string;
  reason: string;
  /** A date the deprecation reason names (e.g. "remove after 2027-03-01"): when the coordinate may go. */
  removal?: string;
  clients: ClientUse[];
}

export interface UsageReport {
  window: { from: string; to: string };
  requests: number;
  clients: { client: string; version: string; requests: number; lastSeen: string }[];
  mostUsed: FieldUse[];
  /** The schema's fields by fewest requests first, unused ones (0) included. */
  leastUsed: FieldUse[];
  deprecated: DeprecatedUse[];
}

const DATE = /\b(\d{4}-\d{2}-\d{2})\b/;

/** What the window's traffic says about the schema now served: hot and cold fields, clients on deprecated ones. */
export function usageReport(usage: UsageExport, schema: GraphQLSchema, options: TrafficOptions & { limit?: number } = {}): UsageReport {
  const traffic = trafficUsage(usage, '', options);
  const total = (coordinate: string) => (traffic.byCoordinate.get(coordinate) ?? []).reduce((sum, use) => sum + use.requests, 0);
  const fields: FieldUse[] = [];
  const deprecated: DeprecatedUse[] = [];
  const noteDeprecated = (coordinate: string, reason: string | null | undefined) => {
    if (reason === undefined || reason === null) return;
    const clients = traffic.byCoordinate.get(coordinate);
    if (clients?.length) deprecated.push({ coordinate, reason, removal: DATE.exec(reason)?.[1], clients });
  };
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__')) continue;
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields())) {
        const coordinate = `${type.name}.${field.name}`;
        fields.push({ coordinate, requests: total(coordinate) });
        noteDeprecated(coordinate, field.deprecationReason);
        for (const argument of field.args) noteDeprecated(`${coordinate}.${argument.name}`, argument.deprecationReason);
      }
    }
    if (isInputObjectType(type)) for (const field of Object.values(type.getFields())) noteDeprecated(`${type.name}.${field.name}`, field.deprecationReason);
    if (isEnumType(type)) for (const value of type.getValues()) noteDeprecated(`${type.name}.${value.name}`, value.deprecationReason);
  }
  const limit = options.limit ?? 10;
  const byRequests = [...fields].sort((a, b) => b.requests - a.requests || a.coordinate.localeCompare(b.coordinate));
  const clients = new Map<string, UsageReport['clients'][number]>();
  const ignored = new Set(options.ignoreClients ?? []);
  for (const count of usage.counts) {
    if (ignored.has(count.client)) continue;
    const key = `${count.client}\u0000${count.version}`;
    const row = clients.get(key) ?? { client: count.client, version: count.version, requests: 0, lastSeen: count.lastSeen };
    row.requests += count.requests;
    if (count.lastSeen > row.lastSeen) row.lastSeen = count.lastSeen;
    clients.set(key, row);
  }
  return {
    window: usage.window,
    requests: traffic.requests,
    clients: [...clients.values()].sort((a, b) => b.requests - a.requests),
    mostUsed: byRequests.filter((f) => f.requests > 0).slice(0, limit),
    leastUsed: [...fields].sort((a, b) => a.requests - b.requests || a.coordinate.localeCompare(b.coordinate)).slice(0, limit),
    deprecated: deprecated.sort((a, b) => (a.removal ?? '9999').localeCompare(b.removal ?? '9999') || a.coordinate.localeCompare(b.coordinate)),
  };
}

export function renderUsageReport(report: UsageReport): string {
  const at = (iso: string) => iso.slice(0, 16).replace('T', ' ');
  const lines = [`Usage from ${at(report.window.from)} to ${at(report.window.to)} UTC: ${report.requests} requests`, '', 'Clients'];
  for (const c of report.clients) lines.push(`  ${c.client} ${c.version}  ${c.requests} request${c.requests === 1 ? '' : 's'}, last seen ${at(c.lastSeen)} UTC`);
  if (report.clients.length === 0) lines.push('  (none)');
  lines.push('', 'Most used fields');
  for (const f of report.mostUsed) lines.push(`  ${String(f.requests).padStart(8)}  ${f.coordinate}`);
  lines.push('', 'Least used fields');
  for (const f of report.leastUsed) lines.push(`  ${String(f.requests).padStart(8)}  ${f.coordinate}`);
  lines.push('', 'Clients still on deprecated schema');
  for (const d of report.deprecated) {
    lines.push(`  ${d.coordinate}: deprecated: ${d.reason}${d.removal ? ` (removal ${d.removal})` : ''}`);
    for (const use of d.clients) lines.push(`    ${describeClientUse(use)}`);
  }
  if (report.deprecated.length === 0) lines.push('  (none)');
  return lines.join('\n') + '\n';
}
