import type { IncomingMessage } from 'node:http';
import { jwtVerify, SignJWT } from 'jose';
import { signIdentity } from '../../common/identity';
import { generateIdentityKeyPair, privateKeyFrom } from '../../common/identityKeys';
import { loadAuthConfig } from '../auth/authConfig';
import { createGatewayContext } from '../auth/identityContext';
import { identityHeaders } from '../auth/identityHeaders';
import { cachedIdentitySigner } from '../auth/identitySigner';
import { createTokenVerifier } from '../auth/tokenVerifier';

/**
 * #29: a returning caller costs no crypto. Their token is verified once and remembered until it
 * expires (bounded, by the token's text), and the identity forwarded to each subgraph is signed once
 * per caller, subgraph and interval. The checks are counted through the verifier's and signer's seams.
 */
const config = loadAuthConfig({ NODE_ENV: 'test', DEMO_MODE: 'true', JWT_CLOCK_TOLERANCE_S: '0' });
const key = privateKeyFrom(generateIdentityKeyPair().privateJwk, 'IDENTITY_PRIVATE_KEY');
const orders = { name: 'orders', identity: true };
const pricing = { name: 'pricing', identity: true };

function counted() {
  const calls = { verify: 0, sign: 0 };
  const verify = createTokenVerifier(config, { jwtVerify: ((...args: Parameters<typeof jwtVerify>) => (calls.verify++, jwtVerify(...args))) as typeof jwtVerify });
  const sign = cachedIdentitySigner(key, { sign: (...args) => (calls.sign++, signIdentity(...args)) });
  return { calls, verify, sign };
}

function token(subject: string, expiresAt: number): Promise<string> {
  return new SignJWT({ role: 'agent' })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(subject)
    .setIssuer(config.issuer)
    .setAudience(config.audience)
    .setIssuedAt()
    .setExpirationTime(expiresAt)
    .sign(config.jwtSecret!);
}

const inAnHour = () => Math.floor(Date.now() / 1000) + 3600;
const request = (authorization: string) => ({ headers: { authorization } }) as unknown as IncomingMessage;

afterEach(() => jest.restoreAllMocks());

describe('a returning caller', () => {
  test('When the same caller sends a second request, then their token is not verified again and no identity is signed again', async () => {
    const { calls, verify, sign } = counted();
    const authorization = `Bearer ${await token('agent-ada', inAnHour())}`;
    for (const requestId of ['first', 'second']) {
      const context = await createGatewayContext(request(authorization), requestId, verify, sign);
      await identityHeaders(context, orders);
      await identityHeaders(context, pricing);
    }
    expect(calls).toEqual({ verify: 1, sign: 2 }); // one check; one signature per subgraph
  });

  test('When a remembered token comes back minutes later, still unexpired, then it is still not verified again', async () => {
    const { calls, verify } = counted();
    const authorization = `Bearer ${await token('agent-bo', inAnHour())}`;
    await verify(authorization);
    const now = Date.now();
    jest.spyOn(Date, 'now').mockReturnValue(now + 10 * 60_000);
    await expect(verify(authorization)).resolves.toMatchObject({ subject: 'agent-bo' });
    expect(calls.verify).toBe(1);
  });

  test('When another token or another caller comes, then each is verified and signed for on its own', async () => {
    const { calls, verify, sign } = counted();
    for (const subject of ['agent-cy', 'agent-di']) {
      const context = await createGatewayContext(request(`Bearer ${await token(subject, inAnHour())}`), subject, verify, sign);
      expect(context.viewer.subject).toBe(subject);
      await identityHeaders(context, orders);
    }
    expect(calls).toEqual({ verify: 2, sign: 2 });
  });

  test('When the signing interval has passed, then the identity is signed afresh', async () => {
    const calls = { sign: 0 };
    const sign = cachedIdentitySigner(key, { reuseMs: 50, sign: (...args) => (calls.sign++, signIdentity(...args)) });
    const viewer = { role: 'agent' as const, subject: 'agent-ed' };
    const first = await sign(viewer, 'orders');
    expect(await sign(viewer, 'orders')).toBe(first);
    await new Promise((resolve) => setTimeout(resolve, 80));
    await sign(viewer, 'orders');
    expect(calls.sign).toBe(2);
  });

  test('When a remembered token expires, then it is refused', async () => {
    const { calls, verify } = counted();
    const expiresAt = Math.floor(Date.now() / 1000) + 1;
    const authorization = `Bearer ${await token('agent-fay', expiresAt)}`;
    await expect(verify(authorization)).resolves.toMatchObject({ subject: 'agent-fay' });
    await new Promise((resolve) => setTimeout(resolve, expiresAt * 1000 - Date.now() + 50));
    await expect(verify(authorization)).rejects.toMatchObject({ message: 'The token is not valid: expired', extensions: { code: 'UNAUTHENTICATED' } });
    expect(calls.verify).toBe(2); // forgotten at its expiry, checked again and refused
  });
});
