import { createSecretKey } from 'node:crypto';
import { SignJWT, jwtVerify } from 'jose';
import { createIdentityVerifier, signIdentity, verifyIdentity, type Viewer } from '../common/identity';
import { generateIdentityKeyPair, privateKeyFrom, publicKeysFrom, type IdentityAlgorithm } from '../common/identityKeys';

/**
 * `npm run bench:identity`: what the identity between the gateway and the subgraphs costs per
 * signature and per verification (one core, µs per operation), for EdDSA and ES256, beside the HS256
 * shared secret it replaced. The gateway reuses a signed identity for 10 s per caller, operation and
 * subgraph, and a subgraph remembers a verified one until it expires: these costs are paid once per
 * new (caller, operation, subgraph), not per request. The cached paths are measured too.
 */
const ROUNDS = Number(process.env.ROUNDS ?? 3000);
const viewer = (i: number): Viewer => ({ role: 'agent', subject: `agent-${i}`, operation: 'CustomerOverview' });

async function time(label: string, run: (i: number) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < 200; i++) await run(i); // warm-up
  const started = process.cpuUsage();
  const wall = performance.now();
  for (let i = 0; i < ROUNDS; i++) await run(i);
  const cpu = process.cpuUsage(started);
  console.log(`${label.padEnd(44)} ${(((cpu.user + cpu.system) / ROUNDS)).toFixed(1).padStart(7)} µs CPU   ${(((performance.now() - wall) * 1000) / ROUNDS).toFixed(1).padStart(7)} µs wall`);
}

async function main(): Promise<void> {
  console.log(`${ROUNDS} operations each, after 200 warm-up`);
  for (const alg of ['EdDSA', 'ES256'] as IdentityAlgorithm[]) {
    const pair = generateIdentityKeyPair(alg);
    const key = privateKeyFrom(pair.privateJwk, 'IDENTITY_PRIVATE_KEY');
    const keys = publicKeysFrom(pair.publicJwk, 'IDENTITY_PUBLIC_KEY');
    const tokens: string[] = [];
    await time(`${alg} sign (a new caller)`, async (i) => tokens.push(await signIdentity(viewer(i), key, 'orders')));
    const fresh = tokens.slice(-ROUNDS);
    let verifier = createIdentityVerifier('orders', keys);
    await time(`${alg} verify (a token not seen before)`, async (i) => verifyIdentity(fresh[i % fresh.length], (verifier = i % fresh.length === 0 ? createIdentityVerifier('orders', keys) : verifier)));
    const seen = createIdentityVerifier('orders', keys);
    await verifyIdentity(fresh[0], seen);
    await time(`${alg} verify (remembered: the common case)`, async () => verifyIdentity(fresh[0], seen));
  }
  const secret = createSecretKey(new TextEncoder().encode('the-old-shared-identity-secret-0123456789'));
  const hs: string[] = [];
  await time('HS256 sign (the shared secret it replaced)', async (i) =>
    hs.push(await new SignJWT({ role: 'agent', op: 'x' }).setProtectedHeader({ alg: 'HS256' }).setSubject(`agent-${i}`).setIssuer('g').setAudience('orders').setIssuedAt().setExpirationTime('60s').sign(secret)));
  await time('HS256 verify (the shared secret it replaced)', async (i) => jwtVerify(hs[i % hs.length], secret, { algorithms: ['HS256'] }));
}

void main();
