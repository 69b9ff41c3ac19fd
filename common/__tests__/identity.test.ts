import { SignJWT } from 'jose';
import { createIdentityVerifier, GATEWAY_ISSUER, identityPublicKeysFrom, identitySigningKeyFrom, signIdentity, verifyIdentity, type Viewer } from '../identity';
import { generateIdentityKeyPair, privateKeyFrom, publicKeysFrom } from '../identityKeys';

const pair = generateIdentityKeyPair('EdDSA');
const gatewayKey = privateKeyFrom(pair.privateJwk, 'IDENTITY_PRIVATE_KEY');
const gatewayPublic = publicKeysFrom(pair.publicJwk, 'IDENTITY_PUBLIC_KEY');
const agent: Viewer = { role: 'agent', subject: 'agent-ada', operation: 'AgentCustomerOverview' };
const orders = () => createIdentityVerifier('orders', gatewayPublic);

describe('verifying the identity the gateway forwards', () => {
  afterEach(() => jest.useRealTimers());

  test('When the same identity comes again, then it is accepted again as the same caller', async () => {
    const verifier = orders();
    const token = await signIdentity(agent, gatewayKey, 'orders');
    const first = await verifyIdentity(token, verifier);
    expect(first).toEqual({ role: 'agent', subject: 'agent-ada', customerId: undefined, operation: 'AgentCustomerOverview' });
    expect(await verifyIdentity(token, verifier)).toEqual(first);
  });

  test('When an identity accepted once is checked against another key or with its signature altered, then it is refused', async () => {
    const token = await signIdentity(agent, gatewayKey, 'orders');
    await verifyIdentity(token, orders());
    const other = publicKeysFrom(generateIdentityKeyPair().publicJwk, 'IDENTITY_PUBLIC_KEY');
    await expect(verifyIdentity(token, createIdentityVerifier('orders', other))).rejects.toThrow();
    const [header, payload, signature] = token.split('.');
    const altered = `${header}.${payload}.${signature.startsWith('A') ? 'B' : 'A'}${signature.slice(1)}`;
    await expect(verifyIdentity(altered, orders())).rejects.toThrow();
  });

  test('When an identity signed for one subgraph is replayed to another, then that one refuses it', async () => {
    const forPricing = await signIdentity(agent, gatewayKey, 'pricing');
    await expect(verifyIdentity(forPricing, createIdentityVerifier('pricing', gatewayPublic))).resolves.toMatchObject({ subject: 'agent-ada' });
    await expect(verifyIdentity(forPricing, orders())).rejects.toThrow(/aud/);
  });

  test('When a subgraph holding only the public key, or the old shared secret, mints an agent identity, then no other subgraph accepts it', async () => {
    // What a compromised subgraph holds: the public key. It cannot sign with it; it can only try HS256 with it as a secret.
    const withPublicKeyAsSecret = await new SignJWT({ role: 'agent' }).setProtectedHeader({ alg: 'HS256' }).setSubject('mallory')
      .setIssuer(GATEWAY_ISSUER).setAudience('orders').setIssuedAt().setExpirationTime('1m').sign(new TextEncoder().encode(pair.publicJwk));
    await expect(verifyIdentity(withPublicKeyAsSecret, orders())).rejects.toThrow();
    // Its own key pair, claiming to be the gateway.
    const own = privateKeyFrom(generateIdentityKeyPair('ES256').privateJwk, 'X');
    await expect(verifyIdentity(await signIdentity(agent, own, 'orders'), orders())).rejects.toThrow(/unknown key/);
  });

  test('When the gateway key is rotated, then a JWK set with both keys accepts both, and the old key alone is refused once removed', async () => {
    const next = generateIdentityKeyPair('ES256');
    const nextKey = privateKeyFrom(next.privatePem.replace(/\n/g, '\\n'), 'IDENTITY_PRIVATE_KEY'); // one-line PEM, as a variable holds it
    const both = publicKeysFrom(JSON.stringify({ keys: [JSON.parse(pair.publicJwk), JSON.parse(next.publicJwk)] }), 'IDENTITY_PUBLIC_KEY');
    const during = createIdentityVerifier('orders', both);
    await expect(verifyIdentity(await signIdentity(agent, gatewayKey, 'orders'), during)).resolves.toMatchObject({ role: 'agent' });
    await expect(verifyIdentity(await signIdentity(agent, nextKey, 'orders'), during)).resolves.toMatchObject({ role: 'agent' });
    const after = createIdentityVerifier('orders', publicKeysFrom(next.publicPem, 'IDENTITY_PUBLIC_KEY'));
    await expect(verifyIdentity(await signIdentity(agent, gatewayKey, 'orders'), after)).rejects.toThrow();
  });

  test('When an identity accepted once has expired, then it is refused', async () => {
    jest.useFakeTimers({ now: new Date('2026-03-01T10:00:00Z'), doNotFake: ['nextTick', 'setImmediate'] });
    const verifier = orders();
    const token = await signIdentity(agent, gatewayKey, 'orders'); // valid for 60 s
    jest.setSystemTime(new Date('2026-03-01T10:00:30Z'));
    await verifyIdentity(token, verifier); // first seen half-way through its life
    jest.setSystemTime(new Date('2026-03-01T10:00:59Z'));
    await expect(verifyIdentity(token, verifier)).resolves.toMatchObject({ subject: 'agent-ada' });
    jest.setSystemTime(new Date('2026-03-01T10:01:00Z'));
    await expect(verifyIdentity(token, verifier)).rejects.toThrow();
  });

  test('When an identity names no valid role, or an actor for anyone but a customer, then it is refused every time', async () => {
    const sign = (claims: Record<string, unknown>) =>
      new SignJWT(claims).setProtectedHeader({ alg: 'EdDSA', kid: gatewayKey.kid }).setSubject('x')
        .setIssuer(GATEWAY_ISSUER).setAudience('orders').setIssuedAt().setExpirationTime('1m').sign(gatewayKey.key);
    const verifier = orders();
    const admin = await sign({ role: 'admin' });
    await expect(verifyIdentity(admin, verifier)).rejects.toThrow(/role/);
    await expect(verifyIdentity(admin, verifier)).rejects.toThrow(/role/);
    await expect(verifyIdentity(await sign({ role: 'agent', act: { sub: 'chatbot' } }), verifier)).rejects.toThrow(/customer/);
    await expect(verifyIdentity(await sign({ role: 'customer', act: { sub: 'bot', act: { sub: 'other' } } }), verifier)).rejects.toThrow(/nested/);
    await expect(verifyIdentity(await sign({ role: 'customer', act: 'chatbot' }), verifier)).rejects.toThrow(/act/);
  });

  test('When a bot acts for a customer, then the subgraph sees the customer as subject and the bot as actor', async () => {
    const token = await signIdentity({ role: 'customer', subject: 'CUS-000002', customerId: 'CUS-000002', actor: 'chatbot', operation: 'Chat' }, gatewayKey, 'orders');
    expect(await verifyIdentity(token, orders())).toEqual({ role: 'customer', subject: 'CUS-000002', customerId: 'CUS-000002', actor: 'chatbot', operation: 'Chat' });
  });

  test('When demo mode is off, then no demo key is a default; in demo mode the demo key pair verifies', async () => {
    expect(() => identitySigningKeyFrom({ DEMO_MODE: 'false' })).toThrow(/IDENTITY_PRIVATE_KEY must be set/);
    expect(() => identityPublicKeysFrom({ DEMO_MODE: 'false' })).toThrow(/IDENTITY_PUBLIC_KEY must be set/);
    const token = await signIdentity(agent, identitySigningKeyFrom({ DEMO_MODE: 'true' }), 'support');
    await expect(verifyIdentity(token, createIdentityVerifier('support', identityPublicKeysFrom({ DEMO_MODE: 'true' })))).resolves.toMatchObject({ role: 'agent' });
  });
});
