import { GraphQLError, type ExecutionResult } from 'graphql';
import { ErrorCode, graphError } from '../../common/errors';
import type { Logger } from '../../common/logger';
import type { IdentitySigner } from '../auth/identitySigner';
import { identityHeaders } from '../auth/identityHeaders';
import type { GatewayContext } from '../context';
import type { AsyncQueue } from '../../common/asyncQueue';
import type { EventGate } from '../../common/live/eventGate';
import type { LiveConfig } from './liveConfig';
import type { PlannedSubscription } from './plannedSubscription';
import { openPrimaryStream, streamUrlOf, type PrimaryStream } from './primaryStream';

export const TOO_FAR_BEHIND = 'TOO_FAR_BEHIND';
/** Payloads a subscriber may have waiting at the gateway before it is cut off (the subgraphs' feed has the same rule). */
const MAX_BEHIND = 100;

export interface SharedSubscriptionDeps {
  planned: PlannedSubscription;
  variables: Record<string, unknown>;
  /** The caller every member is: one identity, so one payload is every member's payload. */
  caller: GatewayContext;
  /** The owner as configured: where its stream is and what it is sent. */
  owner: { name: string; url: string; identity: boolean; forwardHeaders: readonly string[] };
  config: Pick<LiveConfig, 'primaryRetries' | 'retryDelayMs'>;
  signIdentity: IdentitySigner;
  /** The process's bound on events executed at once, shared by every subscription. */
  eventGate: EventGate;
  log: Logger;
  /** Called once when the last member has gone or the subscription has ended: forget it. */
  onEnd(): void;
}

/**
 * One execution for every subscriber of the same document, variables and identity: one stream held
 * open on the owner, and each of its events answered once with the rest of the plan and pushed to
 * every member. Members share nothing else: each has its own channel, token expiry and place in the
 * limits. Only the same identity is ever shared (the key says so, see sharingKey), so no payload is
 * computed with headers that are not its subscriber's.
 */
export class SharedSubscription {
  private readonly members = new Set<AsyncQueue<ExecutionResult>>();
  private stream: PrimaryStream | undefined;
  private ended = false;

  constructor(private readonly deps: SharedSubscriptionDeps) {}

  get size(): number {
    return this.members.size;
  }

  /** Adds a member; false when this subscription has already ended (the caller starts a new one). */
  join(channel: AsyncQueue<ExecutionResult>): boolean {
    if (this.ended) return false;
    this.members.add(channel);
    channel.onClose(() => {
      this.members.delete(channel);
      if (this.members.size === 0) this.end();
    });
    return true;
  }

  /** Holds the primary stream open, re-opening it when lost, and answers each of its events. */
  async run(): Promise<void> {
    const { config, planned, owner, log } = this.deps;
    const { primary } = planned;
    const primaryVariables = Object.fromEntries((primary.variableUsages ?? []).filter((name) => name in this.deps.variables).map((name) => [name, this.deps.variables[name]]));
    let failures = 0;
    while (!this.ended) {
      const stream = openPrimaryStream({
        url: streamUrlOf(owner.url),
        query: primary.operation,
        variables: primaryVariables,
        operationName: primary.operationName,
        // The same headers the gateway's fetches carry (gateway/subgraphClient.ts), the identity addressed to the owner.
        headers: () => identityHeaders(this.eventContext(), owner),
      });
      this.stream = stream;
      try {
        for (;;) {
          const item = await stream.next();
          if (item.done || this.ended) break;
          failures = 0;
          if (!item.value.data) {
            const errors = (item.value.errors ?? []).map(asGraphQLError);
            if (errors.some(isPassing)) {
              // This one event failed at the owner (its database busy, say): said, and the stream goes on, as when another subgraph is down at an event.
              this.broadcast({ data: null, errors });
              continue;
            }
            // Refused by the owner (not the caller's record, unknown id): said once, then the end.
            this.finish({ errors });
            return;
          }
          const event = item.value;
          this.broadcast(await this.deps.eventGate.run(() => planned.execute(event, this.eventContext())));
        }
      } catch (error) {
        if (!this.ended) log.warn({ err: error, subgraph: owner.name }, 'subscription stream to the subgraph lost');
      } finally {
        stream.close();
      }
      if (this.ended) return;
      failures += 1;
      if (failures > config.primaryRetries) {
        this.finish({ errors: [graphError(ErrorCode.SUBGRAPH_UNAVAILABLE, `The ${owner.name} subgraph's stream was lost and could not be re-opened`, { serviceName: owner.name })] });
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, config.retryDelayMs * 2 ** (failures - 1)));
    }
  }

  /** One event's context: its identity freshly signed (a signed identity lives 60 s; a stream, hours). */
  private eventContext(): GatewayContext {
    const { caller, signIdentity } = this.deps;
    return { requestId: caller.requestId, viewer: caller.viewer, callerHeaders: caller.callerHeaders, identity: (audience) => signIdentity(caller.viewer, audience) };
  }

  private broadcast(result: ExecutionResult): void {
    for (const channel of [...this.members]) {
      if (channel.queued < MAX_BEHIND) {
        channel.push(result);
        continue;
      }
      // A screen this far behind is stale: better to end it so the client subscribes again and re-reads.
      channel.push({ errors: [new GraphQLError(`This subscriber fell ${MAX_BEHIND} payloads behind; subscribe again`, { extensions: { code: TOO_FAR_BEHIND } })] });
      channel.end();
    }
  }

  /** The last word to every member, then the end of every stream. */
  private finish(result: ExecutionResult): void {
    const members = [...this.members];
    this.end();
    for (const channel of members) {
      channel.push(result);
      channel.end();
    }
  }

  private end(): void {
    if (this.ended) return;
    this.ended = true;
    this.stream?.close();
    this.deps.onEnd();
  }
}

/** Codes of a failure that passes (retrying may succeed), unlike a refusal, which stays. */
const PASSING: ReadonlySet<unknown> = new Set([ErrorCode.DATABASE_UNAVAILABLE, ErrorCode.SUBGRAPH_UNAVAILABLE, ErrorCode.INTERNAL_SERVER_ERROR]);

function isPassing(error: GraphQLError): boolean {
  return error.extensions?.retryable === true || PASSING.has(error.extensions?.code);
}

/** The owner's error as it came over the wire (plain JSON), code and all. */
function asGraphQLError(error: { message: string; extensions?: Record<string, unknown> }): GraphQLError {
  return new GraphQLError(error.message, { extensions: error.extensions });
}
