import { randomUUID } from 'node:crypto';
import { isEnumType, Kind, type GraphQLSchema } from 'graphql';
import { ACCESS_LOGGED_EXTENSION, ACCESS_RECORDS_PATH, MAX_ACCESS_RECORDS, type AccessRecordsBody } from '../../common/accessRecords';
import type { Logger } from '../../common/logger';
import { identityHeaders } from '../auth/identityHeaders';
import type { GatewayContext } from '../context';
import type { SubgraphAnswer } from '../engine/request';
import { keepAliveFetcher, type SubgraphFetcher } from '../subgraphFetcher';

/** One access-log entry an owner wrote for an answer: whose record, and which type (`Order`). */
export type LoggedRead = readonly [customerId: string, record: string];

/**
 * What the owner logged for each representation it answered (`extensions.accessLogged`, common/accessRecords.ts),
 * by the representation's index in the request; undefined when the answer does not say (an owner that does not
 * report, or a malformed report): such an answer must not be served again to a logged caller.
 */
export function loggedReadsOf(answer: SubgraphAnswer): Map<number, LoggedRead[]> | undefined {
  const report = answer.extensions?.[ACCESS_LOGGED_EXTENSION];
  if (typeof report !== 'object' || report === null || Array.isArray(report)) return undefined;
  const reads = new Map<number, LoggedRead[]>();
  for (const [index, entries] of Object.entries(report)) {
    if (!/^\d+$/.test(index) || !Array.isArray(entries)) return undefined;
    const pairs: LoggedRead[] = [];
    for (const entry of entries) {
      if (!Array.isArray(entry) || entry.length !== 2 || typeof entry[0] !== 'string' || typeof entry[1] !== 'string') return undefined;
      pairs.push([entry[0], entry[1]]);
    }
    reads.set(Number(index), pairs);
  }
  return reads;
}

/** Records logged reads served from the cache at their owner; true only once the owner has them. */
export interface AccessRecorder {
  /** `supergraph`: the schema the fetch was planned on, which names where each subgraph is. */
  record(subgraph: string, supergraph: GraphQLSchema, context: GatewayContext, reads: readonly LoggedRead[]): Promise<boolean>;
}

/** Where one subgraph takes records, and whether it is sent the caller's identity (without it, it cannot tell who read). */
export interface RecordTarget {
  /** Its GraphQL URL. */
  url: string;
  identity: boolean;
  timeoutMs: number;
}

/** A subgraph's settings from the URL its supergraph names (the gateway's config.subgraph: an override wins). */
export type TargetOf = (subgraph: string, supergraphUrl: string | undefined) => RecordTarget;

/** Counts for /metrics. */
export interface AccessRecordStats {
  /** Entries the owners acknowledged. */
  recorded: number;
  /** POSTs that failed (the reads then went to the owners). */
  failed: number;
}

/**
 * Sends each served fetch's entries to its owner (POST `<subgraph>/graphql/access-records`) with the caller's
 * identity signed for that owner, as the fetch itself would have carried it, and waits for the owner's 200: the
 * owner writes them into its own log first (common/accessRecordsRoute.ts). The same entry is written once per
 * served fetch, as the owner writes it once per request it answers. Any failure (no URL yet, a refusal, a
 * timeout, the owner away) is a false: the caller's fetch then goes to the owner, which logs it itself.
 */
export class HttpAccessRecorder implements AccessRecorder {
  readonly stats: AccessRecordStats = { recorded: 0, failed: 0 };
  /** Per supergraph schema (plans are per schema): where its subgraphs take records. */
  private readonly targets = new WeakMap<GraphQLSchema, Map<string, { url: string; identity: boolean; fetcher: SubgraphFetcher }>>();
  /** One keep-alive pool per URL and timeout, kept across supergraphs. */
  private readonly fetchers = new Map<string, SubgraphFetcher>();

  constructor(
    private readonly targetOf: TargetOf,
    private readonly log: Logger,
    private readonly fetcherFor: (timeoutMs: number) => SubgraphFetcher = (timeoutMs) => keepAliveFetcher({ timeoutMs }),
  ) {}

  async record(subgraph: string, supergraph: GraphQLSchema, context: GatewayContext, reads: readonly LoggedRead[]): Promise<boolean> {
    let target;
    try {
      target = this.targetsOf(supergraph).get(subgraph);
    } catch (error) {
      return this.failed(subgraph, reads.length, 'no URL', error);
    }
    if (!target?.identity || reads.length === 0 || reads.length > MAX_ACCESS_RECORDS) return this.failed(subgraph, reads.length, 'no target');
    const body: AccessRecordsBody = { records: reads.map(([customerId, record]) => ({ id: randomUUID(), customerId, record })) };
    const url = target.url.replace(/\/graphql\/*$/, '').replace(/\/+$/, '') + ACCESS_RECORDS_PATH;
    try {
      const headers = { 'content-type': 'application/json', ...(await identityHeaders(context, { name: subgraph, identity: true })) };
      const response = await target.fetcher(url, { method: 'POST', headers, body: JSON.stringify(body) });
      const answer = (await response.json().catch(() => undefined)) as { recorded?: unknown } | undefined;
      if (!response.ok || answer?.recorded !== reads.length) return this.failed(subgraph, reads.length, `HTTP ${response.status}`, answer);
      this.stats.recorded += reads.length;
      return true;
    } catch (error) {
      return this.failed(subgraph, reads.length, 'unreachable', error);
    }
  }

  private targetsOf(supergraph: GraphQLSchema) {
    let targets = this.targets.get(supergraph);
    if (targets) return targets;
    targets = new Map();
    const graphs = supergraph.getType('join__Graph');
    for (const value of isEnumType(graphs) ? graphs.getValues() : []) {
      const directive = value.astNode?.directives?.find((d) => d.name.value === 'join__graph');
      const arg = (name: string) => {
        const found = directive?.arguments?.find((a) => a.name.value === name)?.value;
        return found?.kind === Kind.STRING ? found.value : undefined;
      };
      const name = arg('name') ?? value.name.toLowerCase();
      const { url, identity, timeoutMs } = this.targetOf(name, arg('url') || undefined);
      const pool = `${timeoutMs} ${url}`;
      let fetcher = this.fetchers.get(pool);
      if (!fetcher) this.fetchers.set(pool, (fetcher = this.fetcherFor(timeoutMs)));
      targets.set(name, { url, identity, fetcher });
    }
    this.targets.set(supergraph, targets);
    return targets;
  }

  private failed(subgraph: string, entries: number, why: string, detail?: unknown): false {
    this.stats.failed += 1;
    this.log.warn({ subgraph, entries, why, detail }, 'access records of cached reads not taken: the read goes to the owner');
    return false;
  }
}
