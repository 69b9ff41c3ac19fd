import { decodeJwt, decodeProtectedHeader, SignJWT } from 'jose';
import { createIdentityVerifier, GATEWAY_ISSUER, signIdentity, verifyIdentity, type Viewer } from '../identity';
import { generateIdentityKeyPair, privateKeyFrom, publicKeysFrom, type IdentityAlgorithm, type IdentityKey } from '../identityKeys';

/** What jose's SignJWT made of an identity before the gateway signed with node:crypto directly. */
function joseIdentity(viewer: Viewer, key: IdentityKey, audience: string): Promise<string> {
  const claims: Record<string, unknown> = { role: viewer.role, op: viewer.operation };
  if (viewer.actor) claims.act = { sub: viewer.actor };
  return new SignJWT(claims)
    .setProtectedHeader({ alg: key.alg, kid: key.kid })
    .setSubject(viewer.subject ?? '')
    .setIssuer(GATEWAY_ISSUER)
    .setAudience(audience)
    .setIssuedAt()
    .setExpirationTime('60s')
    .sign(key.key);
}

const keysOf = (alg: IdentityAlgorithm) => {
  const pair = generateIdentityKeyPair(alg);
  return { key: privateKeyFrom(pair.privateJwk, 'IDENTITY_PRIVATE_KEY'), publicKeys: publicKeysFrom(pair.publicJwk, 'IDENTITY_PUBLIC_KEY') };
};
const viewers: Viewer[] = [
  { role: 'agent', subject: 'agent-ada', operation: 'AgentCustomerOverview' },
  { role: 'customer', subject: 'CUS-000001', customerId: 'CUS-000001', actor: 'bot-7', operation: 'MyOrders' },
  { role: 'anonymous' },
];

describe('signing the forwarded identity without jose', () => {
  beforeEach(() => jest.useFakeTimers({ now: new Date('2026-11-29T10:00:00.400Z'), doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] }));
  afterEach(() => jest.useRealTimers());

  test.each(viewers.map((v) => [v.role, v] as const))('When a %s identity is signed with an Ed25519 key, then the token is byte for byte the one jose signs', async (_role, viewer) => {
    const { key } = keysOf('EdDSA');
    expect(await signIdentity(viewer, key, 'orders')).toBe(await joseIdentity(viewer, key, 'orders'));
  });

  test('When an identity is signed with a P-256 key, then jose verifies it and reads the same header and claims as from its own token', async () => {
    const { key, publicKeys } = keysOf('ES256');
    const viewer = viewers[1];
    const ours = await signIdentity(viewer, key, 'orders');
    const theirs = await joseIdentity(viewer, key, 'orders');
    expect(decodeProtectedHeader(ours)).toEqual(decodeProtectedHeader(theirs));
    expect(JSON.stringify(decodeJwt(ours))).toBe(JSON.stringify(decodeJwt(theirs)));
    const seen = await verifyIdentity(ours, createIdentityVerifier('orders', publicKeys));
    expect(seen).toMatchObject({ role: 'customer', subject: 'CUS-000001', actor: 'bot-7', operation: 'MyOrders' });
  });

  test('When a token is signed for one key and checked with another, or its payload is altered, then it is refused', async () => {
    const { key, publicKeys } = keysOf('EdDSA');
    const other = keysOf('EdDSA');
    const token = await signIdentity(viewers[0], key, 'orders');
    await expect(verifyIdentity(token, createIdentityVerifier('orders', other.publicKeys))).rejects.toThrow();
    const [header, , signature] = token.split('.');
    const forged = `${header}.${Buffer.from(JSON.stringify({ ...decodeJwt(token), role: 'service' })).toString('base64url')}.${signature}`;
    const verifier = createIdentityVerifier('orders', publicKeys);
    await expect(verifyIdentity(token, verifier)).resolves.toMatchObject({ role: 'agent' });
    await expect(verifyIdentity(forged, verifier)).rejects.toThrow();
  });
});
