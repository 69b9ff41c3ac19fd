import { percentile } from '../load/driver';
import { connectionsTo, type Scenario } from './scenarios';

const during = <T extends { start: number }>(outcomes: T[], w: { faultAt: number; healedAt: number }) => outcomes.filter((o) => o.start >= w.faultAt && o.start < w.healedAt);

/**
 * While the database is away a subgraph answers DATABASE_UNAVAILABLE; Support, which asks Orders to
 * verify a customer before opening a case, reports Orders as SUBGRAPH_UNAVAILABLE when Orders cannot.
 */
const DATABASE_DOWN = ['DATABASE_UNAVAILABLE', 'SUBGRAPH_UNAVAILABLE'];

/** The faults of issue #16, each with what clients may see while it lasts. */
export const SCENARIOS: Record<string, Scenario> = {
  'pg-kill': {
    name: 'PostgreSQL: every connection of the graph terminated (pg_terminate_backend), twice',
    faultMs: 1000,
    async inject(world) {
      await world.db.killBackends();
      await new Promise((resolve) => setTimeout(resolve, 400));
      await world.db.killBackends();
    },
    async heal() {},
    allowed: DATABASE_DOWN,
  },
  'pg-down': {
    name: 'PostgreSQL unreachable for 3 s (connections reset, new ones refused)',
    faultMs: 3000,
    inject: (world) => world.db.cut(),
    heal: (world) => world.db.restore(),
    allowed: DATABASE_DOWN,
  },
  'nats-restart': {
    name: 'NATS server killed and restarted after 2 s (JetStream on disk)',
    faultMs: 2000,
    inject: (world) => world.nats.down('SIGKILL'),
    heal: (world) => world.nats.up(),
    // Writes land in the outbox whatever the bus does; reads never touch it.
    allowed: [],
  },
  'redis-hang': {
    name: 'Redis frozen (SIGSTOP) for 2 s, then down (SIGKILL) for 2 s',
    // After inject, which spends the 2 s frozen itself.
    faultMs: 2000,
    async inject(world) {
      world.redis.freeze(true);
      await new Promise((resolve) => setTimeout(resolve, 2000));
      await world.redis.down('SIGKILL');
    },
    heal: (world) => world.redis.up(),
    // The persisted-query store degrades to a miss; the client's retry with the document succeeds.
    allowed: [],
    judge(outcomes, window) {
      const p99 = percentile(during(outcomes, window).filter((o) => o.op === 'price-apq'), 99);
      return p99 > 2000 ? [`persisted-query requests took up to ${p99} ms (p99) while Redis was away`] : [];
    },
  },
  'subgraph-hang': {
    name: 'Notifications subgraph frozen (SIGSTOP) for 4 s: hangs rather than dies',
    faultMs: 4000,
    inject: async (world) => world.cluster.subgraphs.notifications.signal('SIGSTOP'),
    heal: async (world) => world.cluster.subgraphs.notifications.signal('SIGCONT'),
    allowed: ['SUBGRAPH_UNAVAILABLE'],
    sample: async (world) => ({ socketsToNotifications: connectionsTo(world.cluster.subgraphs.notifications.port) }),
    judge(outcomes, window) {
      const problems: string[] = [];
      const inFault = during(outcomes, window);
      const slowest = Math.max(0, ...inFault.filter((o) => o.op === 'overview').map((o) => o.end - o.start));
      // The subgraph timeout is 1.5 s in the cluster: an answer must come within it, plus slack for a loaded machine.
      if (slowest > 3500) problems.push(`an overview took ${slowest} ms while Notifications hung (timeout 1500 ms)`);
      const partial = inFault.filter((o) => o.op === 'overview' && !o.ok);
      if (partial.some((o) => o.status !== 200)) problems.push('an overview during the hang was not a 200 with partial data');
      const others = inFault.filter((o) => o.op === 'price' || o.op === 'price-apq');
      if (others.some((o) => !o.ok)) problems.push(`${others.filter((o) => !o.ok).length} price requests failed while Notifications hung`);
      const sockets = Math.max(0, ...window.samples.map((s) => s.socketsToNotifications));
      // Bounded by what is in flight (8 clients) and each replica's idle keep-alive connections.
      if (sockets > 24) problems.push(`${sockets} sockets open to the hung subgraph`);
      return problems;
    },
  },
  'gateway-kill': {
    name: 'Gateway replica 1 SIGKILLed while serving, restarted after 2 s',
    faultMs: 2000,
    inject: (world) => world.cluster.gateways[0].down('SIGKILL'),
    heal: (world) => world.cluster.gateways[0].up(),
    // Only replica 1's clients may see their connection refused or reset.
    allowed: ['CLIENT_ECONNREFUSED', 'CLIENT_ECONNRESET', 'CLIENT_UND_ERR_SOCKET', 'CLIENT_UND_ERR_CLOSED'],
    judge(outcomes) {
      const otherFailed = outcomes.filter((o) => o.gateway === 1 && !o.ok);
      return otherFailed.length ? [`${otherFailed.length} requests to the surviving replica failed: ${otherFailed[0].codes.join(',')}`] : [];
    },
  },
};
