import { IDENTITY_HEADER, identitySigningKeyFrom, signIdentity, type Viewer } from '../../common/identity';
import type { SubgraphName } from '../../common/subgraphs';

/** Callers for tests that talk to a subgraph directly, as the gateway would on their behalf. */
export const AGENT: Viewer = { role: 'agent', subject: 'agent-test', operation: 'Test' };
export const SERVICE: Viewer = { role: 'service', subject: 'service-test', operation: 'Test' };
export const customer = (customerId: string): Viewer => ({ role: 'customer', subject: customerId, customerId, operation: 'Test' });

const demoKey = identitySigningKeyFrom({ DEMO_MODE: 'true' });

/** The identity header the gateway would send `subgraph`, signed with the demo key tests run with. */
export async function identityHeaders(viewer: Viewer, subgraph: SubgraphName): Promise<Record<string, string>> {
  return { [IDENTITY_HEADER]: await signIdentity(viewer, demoKey, subgraph) };
}
