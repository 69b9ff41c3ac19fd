import type { Logger } from '../../common/logger';
import type { GatewayConfig } from '../config';
import { subgraphEnvPrefix } from '../config/keys';
import type { GatewayMetrics } from '../operability/metrics';
import { requestStats } from '../operability/requestStats';
import { HttpSubgraphClient, type SubgraphFetch } from '../subgraphClient';
import type { SupergraphSubgraph } from '../supergraphSubgraphs';

/**
 * How the gateway reaches one subgraph: the supergraph names its URL, the configuration may say
 * where it really is; each fetch is counted (metrics, the access log's subgraphFetches).
 */
export function subgraphClients(config: GatewayConfig, metrics: GatewayMetrics | undefined): (subgraph: { name: string; url?: string }) => HttpSubgraphClient {
  const onFetch = (fetch: SubgraphFetch) => {
    metrics?.subgraphFetch(fetch.subgraph, fetch.outcome, fetch.seconds);
    if (fetch.context?.requestId) requestStats(fetch.context).subgraphFetches += 1;
  };
  return ({ name, url }) => {
    const subgraph = config.subgraph(name, url);
    return new HttpSubgraphClient({
      name,
      url: subgraph.url,
      timeoutMs: subgraph.timeoutMs,
      forwardHeaders: subgraph.forwardHeaders,
      identity: subgraph.identity,
      onFetch,
    });
  };
}

/**
 * Every subgraph must be reachable (a URL from the supergraph or the configuration: else the supergraph
 * is refused), and settings for a subgraph the supergraph lacks are most likely a misspelt name: said.
 */
export function checkSubgraphs(config: GatewayConfig, subgraphs: SupergraphSubgraph[], log: Logger): void {
  for (const { name, url } of subgraphs) config.subgraph(name, url);
  const present = new Set(subgraphs.map(({ name }) => subgraphEnvPrefix(name)));
  const strays = config.configuredSubgraphs.filter((prefix) => !present.has(prefix));
  if (strays.length > 0) {
    log.warn({ configured: strays, subgraphs: subgraphs.map(({ name }) => name) }, 'the configuration sets subgraphs the supergraph does not have');
  }
}
