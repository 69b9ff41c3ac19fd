import { DEMO_IDENTITY_SECRET, IDENTITY_HEADER, signIdentity, type Viewer } from '../../common/identity';

/** Callers for tests that talk to a subgraph directly, as the gateway would on their behalf. */
export const AGENT: Viewer = { role: 'agent', subject: 'agent-test', operation: 'Test' };
export const SERVICE: Viewer = { role: 'service', subject: 'service-test', operation: 'Test' };
export const customer = (customerId: string): Viewer => ({ role: 'customer', subject: customerId, customerId, operation: 'Test' });

/** The identity header the gateway would forward, signed with the demo secret tests run with. */
export async function identityHeaders(viewer: Viewer): Promise<Record<string, string>> {
  return { [IDENTITY_HEADER]: await signIdentity(viewer, new TextEncoder().encode(DEMO_IDENTITY_SECRET)) };
}
