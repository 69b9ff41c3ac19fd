import type { IncomingMessage } from 'node:http';
import { generateIdentityKeyPair, privateKeyFrom } from '../../common/identityKeys';
import { createGatewayContext } from '../auth/identityContext';
import { identityHeaders } from '../auth/identityHeaders';
import { cachedIdentitySigner } from '../auth/identitySigner';

/**
 * The caller headers a subgraph is configured to be sent (forwardHeaders): built by the one helper the
 * gateway's fetches and its subscription streams to subgraphs both use.
 */
const sign = cachedIdentitySigner(privateKeyFrom(generateIdentityKeyPair().privateJwk, 'IDENTITY_PRIVATE_KEY'));
const incoming = { authorization: 'Bearer abc', 'accept-language': 'de', 'x-tenant': ['a', 'b'], host: 'gw', 'x-identity': 'forged', 'x-request-id': 'theirs' };
const context = () => createGatewayContext({ headers: incoming } as unknown as IncomingMessage, 'req-7', async () => ({ role: 'agent', subject: 'ada' }), sign);

test('When a subgraph is configured with forwardHeaders, then exactly those caller headers are sent to it, names in any case', async () => {
  const headers = await identityHeaders(await context(), { name: 'partner', identity: false, forwardHeaders: ['Authorization', 'x-tenant', 'x-missing'] });
  expect(headers).toEqual({ 'x-request-id': 'req-7', authorization: 'Bearer abc', 'x-tenant': 'a, b' });
  expect(await identityHeaders(await context(), { name: 'partner', identity: false })).toEqual({ 'x-request-id': 'req-7' });
});

test('When forwardHeaders names connection headers, the request id or the identity, then the caller cannot set them', async () => {
  const headers = await identityHeaders(await context(), { name: 'orders', identity: true, forwardHeaders: ['host', 'x-identity', 'x-request-id'] });
  expect(headers['x-request-id']).toBe('req-7');
  expect(headers['x-identity']).not.toBe('forged');
  expect(headers.host).toBeUndefined();
});
