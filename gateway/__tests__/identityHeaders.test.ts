import type { IncomingMessage } from 'node:http';
import { decodeJwt } from 'jose';
import { createIdentityVerifier, verifyIdentity, type Viewer } from '../../common/identity';
import { generateIdentityKeyPair, privateKeyFrom, publicKeysFrom } from '../../common/identityKeys';
import { createGatewayContext } from '../auth/identityContext';
import { identityHeaders } from '../auth/identityHeaders';
import { cachedIdentitySigner } from '../auth/identitySigner';

const pair = generateIdentityKeyPair();
const key = privateKeyFrom(pair.privateJwk, 'IDENTITY_PRIVATE_KEY');
const publicKeys = publicKeysFrom(pair.publicJwk, 'IDENTITY_PUBLIC_KEY');

async function contextFor(viewer: Viewer, sign = cachedIdentitySigner(key)) {
  return createGatewayContext({ headers: {} } as IncomingMessage, 'req-1', async () => viewer, sign);
}
/** Subgraphs as config.subgraph() describes them: `identity` from <NAME>_IDENTITY (on for the project's four by default). */
const orders = { name: 'orders', identity: true };
const partner = { name: 'partner-inventory', identity: false };

describe('the identity headers the gateway sends each subgraph', () => {
  test('When the gateway calls a subgraph configured to receive identities, then the identity is addressed to that subgraph alone', async () => {
    const context = await contextFor({ role: 'agent', subject: 'agent-ada', operation: 'Look' });
    const headers = await identityHeaders(context, orders);
    expect(headers['x-request-id']).toBe('req-1');
    expect(decodeJwt(headers['x-identity'])).toMatchObject({ aud: 'orders', sub: 'agent-ada', role: 'agent' });
    await expect(verifyIdentity(headers['x-identity'], createIdentityVerifier('orders', publicKeys))).resolves.toMatchObject({ subject: 'agent-ada' });
    await expect(verifyIdentity(headers['x-identity'], createIdentityVerifier('pricing', publicKeys))).rejects.toThrow();
  });

  test('When the gateway calls a subgraph not configured to receive identities, or makes its own call, then no identity is sent', async () => {
    const context = await contextFor({ role: 'agent', subject: 'agent-ada' });
    expect(await identityHeaders(context, partner)).toEqual({ 'x-request-id': 'req-1' });
    expect(await identityHeaders(undefined, orders)).toEqual({});
  });

  test('When a bot acting for a customer and the customer themself call, then the reused signatures never mix them up', async () => {
    const sign = cachedIdentitySigner(key);
    const customer: Viewer = { role: 'customer', subject: 'CUS-000002', customerId: 'CUS-000002', operation: 'Mine' };
    const own = await identityHeaders(await contextFor(customer, sign), orders);
    const viaBot = await identityHeaders(await contextFor({ ...customer, actor: 'chatbot' }, sign), orders);
    const again = await identityHeaders(await contextFor({ ...customer, actor: 'chatbot' }, sign), orders);
    expect(decodeJwt(own['x-identity']).act).toBeUndefined();
    expect(decodeJwt(viaBot['x-identity']).act).toEqual({ sub: 'chatbot' });
    expect(again['x-identity']).toBe(viaBot['x-identity']); // reused for the same caller, actor and subgraph
  });
});
