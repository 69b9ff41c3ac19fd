import fc from 'fast-check';
import type { GraphQLSchema } from 'graphql';
import type { Database } from '../../common/db';
import { changedTables, rowCounts } from './dbCounts';
import { judge } from './oracle';
import { fuzzRequest, type Credentials, type FuzzRequest, type Target } from './requests';
import { send, type Answer } from './send';

/** The graph a fuzz run hits: where each target listens, its databases, and how to wait for background work. */
export interface FuzzTarget {
  origins: Record<Target, string>;
  databases: Database[];
  settle(): Promise<void>;
}

export interface FuzzOptions {
  cases: number;
  seed: number;
  schema: GraphQLSchema;
  credentials: Credentials;
  /** Stop at the first failing case (CI) instead of collecting all of them (the command). */
  stopAtFirst?: boolean;
  timeoutMs?: number;
  onProgress?(done: number): void;
}

export interface FuzzFailure {
  index: number;
  request: string;
  verdict: string;
}

export interface FuzzReport {
  seed: number;
  cases: number;
  byKind: Record<string, number>;
  failures: FuzzFailure[];
  unhandled: string[];
  mutationsChecked: number;
  seconds: number;
}

/** A case as a line a person can read and replay (bodies cut short). */
export function describe(request: FuzzRequest): string {
  const body = request.raw ?? request.body;
  const text = body === undefined ? '' : (Buffer.isBuffer(body) ? body.toString('latin1') : body);
  return `${request.kind} ${request.method} ${request.target}${request.path.slice(0, 200)} ${JSON.stringify(request.headers).slice(0, 300)} ${text.slice(0, 600)}${text.length > 600 ? `… (${text.length} chars)` : ''}`;
}

/** A mutation's answer in which every root field failed: then nothing may have been written. */
function mutationRefused(request: FuzzRequest, answer: Answer): boolean {
  if (answer.kind !== 'http') return true;
  try {
    const { data } = JSON.parse(answer.body) as { data?: Record<string, unknown> | null };
    return !data || Object.values(data).every((value) => value === null);
  } catch {
    return true;
  }
}

const isMutation = (request: FuzzRequest) =>
  typeof request.body === 'string' && /"(query)":"\s*mutation\b/.test(request.body) && request.method === 'POST';

async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} took over ${ms} ms`)), ms)));
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function snapshot(target: FuzzTarget): Promise<string[]> {
  await within(target.settle(), 10_000, 'settling background work');
  const all = await Promise.all(target.databases.map((db) => rowCounts(db)));
  return all.map((counts) => JSON.stringify(counts));
}

/**
 * Runs `cases` generated cases against a running graph. Every case is judged by the oracle; every
 * mutation the graph refused is also checked to have written nothing; the graph must still answer
 * a plain query every 100 cases; and no promise may be left rejected unhandled in this process.
 */
export async function runFuzz(target: FuzzTarget, options: FuzzOptions): Promise<FuzzReport> {
  const started = Date.now();
  const failures: FuzzFailure[] = [];
  const unhandled: string[] = [];
  const byKind: Record<string, number> = {};
  const onUnhandled = (reason: unknown) => unhandled.push(String((reason as Error)?.stack ?? reason).slice(0, 500));
  process.on('unhandledRejection', onUnhandled);
  process.on('uncaughtException', onUnhandled);
  let index = 0;
  let mutationsChecked = 0;
  const timeoutMs = options.timeoutMs ?? 15_000;
  const property = fc.asyncProperty(fuzzRequest(options.schema, options.credentials), async (request) => {
    const at = index++;
    byKind[request.kind] = (byKind[request.kind] ?? 0) + 1;
    const mutation = isMutation(request);
    const before = mutation ? await snapshot(target) : undefined;
    const answer = await send(target.origins[request.target], request, request.raw ? Math.min(timeoutMs, 5_000) : timeoutMs);
    let verdict = judge(request, answer);
    if (!verdict && before && mutationRefused(request, answer)) {
      mutationsChecked++;
      const after = await snapshot(target);
      const changed = before.flatMap((counts, i) => changedTables(JSON.parse(counts), JSON.parse(after[i])));
      if (changed.length) verdict = `a refused mutation changed rows: ${changed.join(', ')}`;
    }
    if (!verdict && at % 100 === 99) verdict = await stillAnswering(target, options.credentials);
    options.onProgress?.(at + 1);
    if (!verdict) return true;
    failures.push({ index: at, request: describe(request), verdict });
    return !options.stopAtFirst;
  });
  try {
    // No shrinking: a failing case is reported as sent, with the seed and index that replay it.
    const details = await fc.check(property, { numRuns: options.cases, seed: options.seed, endOnFailure: true });
    if (details.failed && details.errorInstance) failures.push({ index: index - 1, request: 'the case threw', verdict: String(details.errorInstance) });
  } finally {
    process.off('unhandledRejection', onUnhandled);
    process.off('uncaughtException', onUnhandled);
  }
  return { seed: options.seed, cases: index, byKind, failures, unhandled, mutationsChecked, seconds: (Date.now() - started) / 1000 };
}

/** After garbage, the gateway and every subgraph still answer an ordinary query. */
async function stillAnswering(target: FuzzTarget, credentials: Credentials): Promise<string | undefined> {
  for (const [name, origin] of Object.entries(target.origins)) {
    const answer = await send(origin, {
      kind: 'probe', target: 'gateway', method: 'POST', path: '/graphql',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${credentials.agent}` },
      body: JSON.stringify({ query: '{ __typename }' }),
    }, 10_000);
    if (answer.kind !== 'http' || answer.status !== 200) return `${name} stopped answering: ${JSON.stringify(answer).slice(0, 200)}`;
  }
  return undefined;
}
