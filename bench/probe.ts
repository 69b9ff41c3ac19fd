import type { SubgraphName } from '../common/subgraphs';
import type { BenchProcess } from './processes';
import { requestBody, type BenchOperation, type OperationKey } from './workload';

export interface SubgraphCounters {
  requests: number;
  statements: number;
  /** TCP connections the subgraph accepted (keep-alive reuse shows as few). */
  connections: number;
  /** Context switches of the subgraph process (wake-ups). */
  contextSwitches: number;
}

export interface OperationCost {
  /** Subgraph requests one operation caused, per subgraph (median over single requests). */
  subgraphRequests: Partial<Record<SubgraphName, number>>;
  /** SQL statements one operation caused, per subgraph (median). */
  sqlStatements: Partial<Record<SubgraphName, number>>;
  totalSubgraphRequests: number;
  totalSqlStatements: number;
}

export interface GraphQLAnswer {
  data?: unknown;
  errors?: Array<{ message?: string; extensions?: { code?: string } }>;
}

export async function post(url: string, headers: Record<string, string>, body: string): Promise<{ status: number; answer: GraphQLAnswer }> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const text = await response.text();
  try {
    return { status: response.status, answer: JSON.parse(text) as GraphQLAnswer };
  } catch {
    return { status: response.status, answer: { errors: [{ message: `not JSON: ${text.slice(0, 200)}` }] } };
  }
}

export async function subgraphCounters(subgraphs: Record<SubgraphName, BenchProcess>): Promise<Record<SubgraphName, SubgraphCounters>> {
  const entries = await Promise.all(
    Object.entries(subgraphs).map(async ([name, proc]) => [name, await proc.ask<SubgraphCounters>('stats')] as const),
  );
  return Object.fromEntries(entries) as Record<SubgraphName, SubgraphCounters>;
}

/** The answers a gateway gives for the first `samples` variable sets of each operation, as canonical JSON. */
export async function collectAnswers(
  url: string,
  headers: Record<string, string>,
  operations: BenchOperation[],
  samples: number,
): Promise<Record<OperationKey, Array<{ status: number; json: string; errors: number }>>> {
  const result = {} as Record<OperationKey, Array<{ status: number; json: string; errors: number }>>;
  for (const operation of operations) {
    result[operation.key] = [];
    for (let i = 0; i < samples; i++) {
      const { status, answer } = await post(url, headers, requestBody(operation, i));
      result[operation.key].push({ status, json: canonicalJson(answer.data ?? null), errors: answer.errors?.length ?? 0 });
    }
  }
  return result;
}

/**
 * What one operation costs the subgraphs: requests and SQL statements per subgraph, measured
 * around single requests sent one at a time. The median of several drops a background
 * statement (the outbox relay's once-a-second poll) that happened to fall inside one window.
 */
export async function measureCost(
  url: string,
  headers: Record<string, string>,
  body: (i: number) => string,
  subgraphs: Record<SubgraphName, BenchProcess>,
  repeats = 5,
): Promise<OperationCost> {
  const samples: Array<Record<SubgraphName, SubgraphCounters>> = [];
  for (let i = 0; i < repeats; i++) {
    const before = await subgraphCounters(subgraphs);
    await post(url, headers, body(i));
    const after = await subgraphCounters(subgraphs);
    samples.push(
      Object.fromEntries(
        Object.keys(after).map((name) => {
          const n = name as SubgraphName;
          return [n, { requests: after[n].requests - before[n].requests, statements: after[n].statements - before[n].statements, connections: after[n].connections - before[n].connections, contextSwitches: after[n].contextSwitches - before[n].contextSwitches }];
        }),
      ) as Record<SubgraphName, SubgraphCounters>,
    );
  }
  const cost: OperationCost = { subgraphRequests: {}, sqlStatements: {}, totalSubgraphRequests: 0, totalSqlStatements: 0 };
  for (const name of Object.keys(subgraphs) as SubgraphName[]) {
    const requests = median(samples.map((s) => s[name].requests));
    const statements = median(samples.map((s) => s[name].statements));
    if (requests) cost.subgraphRequests[name] = requests;
    if (statements) cost.sqlStatements[name] = statements;
    cost.totalSubgraphRequests += requests;
    cost.totalSqlStatements += statements;
  }
  return cost;
}

/** The first place two canonical JSON answers differ, for the report. */
export function firstDifference(a: unknown, b: unknown, path = ''): string | undefined {
  if (JSON.stringify(a) === JSON.stringify(b)) return undefined;
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const key of keys) {
      const found = firstDifference((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], `${path}.${key}`);
      if (found) return found;
    }
  }
  return `${path || '.'}: ${JSON.stringify(a)?.slice(0, 80)} vs ${JSON.stringify(b)?.slice(0, 80)}`;
}

/** JSON with object keys sorted: two gateways that order keys differently still compare equal. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))) : v,
  );
}

export function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
