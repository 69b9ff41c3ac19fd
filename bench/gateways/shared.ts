import { readFileSync } from 'node:fs';
import { identitySigningKeyFrom, signIdentity } from '../../common/identity';
import { SUBGRAPH_NAMES, defaultSubgraphUrl, envName, type SubgraphName } from '../../common/subgraphs';
import { projectPath } from '../../common/paths';

/**
 * What the competitor gateways read from the same environment as ours: PORT, HOST,
 * SUPERGRAPH_PATH and ORDERS_URL… (the supergraph names the default ports; the bench moves them).
 */
export function competitorSettings(env: NodeJS.ProcessEnv = process.env) {
  const supergraphPath = env.SUPERGRAPH_PATH || projectPath('schema', 'supergraph.graphql');
  return {
    port: Number(env.PORT ?? 4000),
    host: env.HOST || '127.0.0.1',
    supergraphSdl: readFileSync(supergraphPath, 'utf8'),
    subgraphUrls: Object.fromEntries(
      SUBGRAPH_NAMES.map((name) => [name, env[envName(name, 'URL')] || defaultSubgraphUrl(name)]),
    ) as Record<SubgraphName, string>,
  };
}

/**
 * The competitors have no caller authentication, but the subgraphs serve customer data only to a
 * verified identity addressed to them. They forward one fixed identity per subgraph (an `agent`, as
 * the bench's callers of our gateway are), signed here with the gateway's IDENTITY_PRIVATE_KEY and
 * re-signed every 30 s in the background (it is valid for 60 s): no per-request work, so this helps
 * neither side.
 */
export async function fixedAgentIdentity(): Promise<{ current: Record<string, string> }> {
  const key = identitySigningKeyFrom(process.env);
  const sign = async () =>
    Object.fromEntries(
      await Promise.all(SUBGRAPH_NAMES.map(async (name) => [name, await signIdentity({ role: 'agent', subject: 'agent-ada', operation: 'bench' }, key, name)])),
    ) as Record<string, string>;
  const identity = { current: await sign() };
  setInterval(async () => {
    identity.current = await sign();
  }, 30_000).unref();
  return identity;
}
