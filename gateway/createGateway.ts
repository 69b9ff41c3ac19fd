import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { ApolloGateway, IntrospectAndCompose } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { SUBGRAPH_NAMES, isSubgraphName } from '../common/subgraphs';
import { serveGraphQL, sendJson, type RunningHost } from '../common/http';
import { createLogger, type Logger } from '../common/logger';
import type { GatewayConfig } from './config';
import type { GatewayContext } from './context';
import { useRequestId } from './plugins/useRequestId';
import { SubgraphDataSource } from './SubgraphDataSource';

export interface RunningGateway extends RunningHost {
  gateway: ApolloGateway;
}

/** The gateway: a thin layer that plans queries over the supergraph and forwards them. */
export async function startGateway(config: GatewayConfig, log: Logger = createLogger('gateway')): Promise<RunningGateway> {
  const gateway = new ApolloGateway({
    supergraphSdl:
      config.supergraphSource === 'live'
        ? new IntrospectAndCompose({ subgraphs: SUBGRAPH_NAMES.map((name) => ({ name, url: config.subgraphUrls[name] })) })
        : readFileSync(config.supergraphPath, 'utf8'),
    // The supergraph names default URLs; the environment says where each subgraph really is.
    buildService: ({ name, url }) =>
      new SubgraphDataSource({
        name,
        url: isSubgraphName(name) ? config.subgraphUrls[name] : (url as string),
        timeoutMs: isSubgraphName(name) ? config.subgraphTimeoutsMs[name] : 5000,
      }),
    logger: log,
  });
  const server = new ApolloServer<GatewayContext>({
    gateway,
    introspection: config.introspection,
    includeStacktraceInErrorResponses: false,
    plugins: [useRequestId()],
  });
  const host = await serveGraphQL<GatewayContext>({
    server,
    port: config.port,
    host: config.host,
    maxBodyBytes: config.maxBodyBytes,
    context: async (req: IncomingMessage) => ({ requestId: requestIdFrom(req) }),
    routes: {
      '/health/live': (_req, res) => sendJson(res, 200, { status: 'live' }),
    },
  });
  log.info({ url: host.url }, 'gateway ready');
  return { ...host, gateway };
}

/** A caller's own request id is kept when it is sane, so logs join up across systems. */
function requestIdFrom(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  const value = Array.isArray(given) ? given[0] : given;
  return value && /^[\w.:-]{1,128}$/.test(value) ? value : randomUUID();
}
