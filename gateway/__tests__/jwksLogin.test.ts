import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type JWK, type KeyLike } from 'jose';
import { loadAuthConfig } from '../auth/authConfig';
import { createTokenVerifier, type TokenVerifier } from '../auth/tokenVerifier';

/**
 * #19.4: the production login path, the gateway verifying callers' tokens against an identity
 * provider's key set (JWKS_URL), served here by a local key server the test rotates.
 */
const ISSUER = 'https://id.test.example/';
const AUDIENCE = 'customer-graph';
const CACHE_MS = 400;

interface ProviderKey {
  kid: string;
  alg: string;
  privateKey: KeyLike;
  jwk: JWK;
}

async function providerKey(alg: 'RS256' | 'ES256' | 'EdDSA', kid: string): Promise<ProviderKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { crv: alg === 'EdDSA' ? 'Ed25519' : undefined });
  return { kid, alg, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' } };
}

let published: ProviderKey[] = [];
let fetches = 0;
let server: Server;
let verify: TokenVerifier;
let keys: Record<'RS256' | 'ES256' | 'EdDSA', ProviderKey>;

beforeAll(async () => {
  keys = { RS256: await providerKey('RS256', 'rsa-1'), ES256: await providerKey('ES256', 'ec-1'), EdDSA: await providerKey('EdDSA', 'ed-1') };
  published = Object.values(keys);
  server = createServer((_req, res) => {
    fetches += 1;
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ keys: published.map((k) => k.jwk) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`;
  verify = createTokenVerifier(
    loadAuthConfig({ NODE_ENV: 'test', DEMO_MODE: 'true', JWKS_URL: url, JWT_ISSUER: ISSUER, JWT_AUDIENCE: AUDIENCE, JWKS_CACHE_MS: String(CACHE_MS), JWT_MAX_AGE_S: '3600' }),
  );
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const now = () => Math.floor(Date.now() / 1000);
function token(key: ProviderKey, claims: { iss?: string; aud?: string; exp?: number; iat?: number | null; sub?: string } = {}) {
  const jwt = new SignJWT({ role: 'agent' })
    .setProtectedHeader({ alg: key.alg, kid: key.kid })
    .setSubject(claims.sub ?? `agent-${Math.random().toString(36).slice(2)}`)
    .setIssuer(claims.iss ?? ISSUER)
    .setAudience(claims.aud ?? AUDIENCE)
    .setExpirationTime(claims.exp ?? now() + 600);
  if (claims.iat !== null) jwt.setIssuedAt(claims.iat ?? now());
  return jwt.sign(key.privateKey);
}
const bearer = async (jwt: Promise<string>) => `Bearer ${await jwt}`;
const refusal = async (jwt: Promise<string>) => {
  try {
    await verify(await bearer(jwt));
  } catch (error) {
    return { code: (error as { extensions?: { code?: string } }).extensions?.code, message: (error as Error).message };
  }
  return { code: 'ACCEPTED', message: '' };
};
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('callers verified against the identity provider\'s key set', () => {
  test.each(['RS256', 'ES256', 'EdDSA'] as const)('When a caller presents a %s token from the provider, then it is accepted as that caller', async (alg) => {
    await expect(verify(await bearer(token(keys[alg], { sub: `agent-${alg}` })))).resolves.toMatchObject({ role: 'agent', subject: `agent-${alg}` });
  });

  test.each([
    ['from another issuer', () => token(keys.ES256, { iss: 'https://evil.example/' }), /claim iss rejected/],
    ['for another audience', () => token(keys.ES256, { aud: 'another-api' }), /claim aud rejected/],
    ['expired', () => token(keys.EdDSA, { exp: now() - 120, iat: now() - 600 }), /expired/],
    ['issued longer ago than JWT_MAX_AGE_S, though not expired', () => token(keys.RS256, { iat: now() - 7200, exp: now() + 3600 }), /issued too long ago/],
    ['without iat (its age unknown)', () => token(keys.RS256, { iat: null }), /iat/],
  ])('When the token is %s, then it is refused as UNAUTHENTICATED', async (_case, make, message) => {
    const refused = await refusal(make());
    expect(refused.code).toBe('UNAUTHENTICATED');
    expect(refused.message).toMatch(message);
  });

  test('When the provider rotates in a new key, then tokens signed with it are accepted without a restart', async () => {
    const next = await providerKey('ES256', 'ec-2');
    published = [...published, next];
    await wait(CACHE_MS + 100); // the refetch on an unknown kid is limited to one per JWKS_CACHE_MS (at most 30 s)
    await expect(verify(await bearer(token(next, { sub: 'agent-rotated' })))).resolves.toMatchObject({ subject: 'agent-rotated' });
  });

  test('When the provider withdraws a key, then tokens signed with it, even one accepted before, are refused within JWKS_CACHE_MS', async () => {
    const withdrawn = keys.RS256;
    const accepted = await bearer(token(withdrawn, { sub: 'agent-before' }));
    await expect(verify(accepted)).resolves.toMatchObject({ subject: 'agent-before' });
    published = published.filter((k) => k.kid !== withdrawn.kid);
    const fetchesBefore = fetches;
    await wait(CACHE_MS + 100);
    await expect(verify(accepted)).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    expect((await refusal(token(withdrawn))).message).toMatch(/unknown signing key/);
    expect(fetches).toBeGreaterThan(fetchesBefore);
    await expect(verify(await bearer(token(keys.EdDSA, { sub: 'agent-still' })))).resolves.toMatchObject({ subject: 'agent-still' });
  });

  test('When a token is signed with a shared secret or not at all, then the key-set path refuses it', async () => {
    const hs = new SignJWT({ role: 'agent' }).setProtectedHeader({ alg: 'HS256', kid: 'ed-1' }).setSubject('x').setIssuer(ISSUER).setAudience(AUDIENCE)
      .setIssuedAt().setExpirationTime('5m').sign(new TextEncoder().encode('a-guessable-secret-of-32-characters-x'));
    expect((await refusal(hs)).code).toBe('UNAUTHENTICATED');
    const none = `${Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url')}.${Buffer.from(JSON.stringify({ role: 'agent', sub: 'x', iss: ISSUER, aud: AUDIENCE, iat: now(), exp: now() + 60 })).toString('base64url')}.`;
    expect((await refusal(Promise.resolve(none))).code).toBe('UNAUTHENTICATED');
  });

  test('When a token is verified, then its end of validity is the earlier of exp and iat + JWT_MAX_AGE_S, plus the clock tolerance', async () => {
    const issued = now() - 3500;
    const byAge = await verify.withExpiry!(await bearer(token(keys.ES256, { iat: issued, exp: now() + 600 })));
    expect(byAge.expiresAt).toBe((issued + 3600 + 30) * 1000);
    const exp = now() + 60;
    const byExp = await verify.withExpiry!(await bearer(token(keys.ES256, { exp })));
    expect(byExp.expiresAt).toBe((exp + 30) * 1000);
    await expect(verify.withExpiry!(undefined)).resolves.toEqual({ viewer: expect.objectContaining({ role: 'anonymous' }) });
  });
});
