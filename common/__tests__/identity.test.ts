import { SignJWT } from 'jose';
import { signIdentity, verifyIdentity, type Viewer } from '../identity';

const secret = new TextEncoder().encode('identity-test-secret-0123456789-0123456789');
const agent: Viewer = { role: 'agent', subject: 'agent-ada', operation: 'AgentCustomerOverview' };

describe('verifying the identity the gateway forwards', () => {
  afterEach(() => jest.useRealTimers());

  test('When the same identity comes again, then it is accepted again as the same caller', async () => {
    const token = await signIdentity(agent, secret);
    const first = await verifyIdentity(token, secret);
    expect(first).toEqual({ role: 'agent', subject: 'agent-ada', customerId: undefined, operation: 'AgentCustomerOverview' });
    expect(await verifyIdentity(token, secret)).toEqual(first);
  });

  test('When an identity accepted once is checked with another secret or with its signature altered, then it is refused', async () => {
    const token = await signIdentity(agent, secret);
    await verifyIdentity(token, secret);
    await expect(verifyIdentity(token, new TextEncoder().encode('another-secret-0123456789-0123456789-0123'))).rejects.toThrow();
    const [header, payload, signature] = token.split('.');
    const altered = `${header}.${payload}.${signature.startsWith('A') ? 'B' : 'A'}${signature.slice(1)}`;
    await expect(verifyIdentity(altered, secret)).rejects.toThrow();
  });

  test('When an identity accepted once has expired, then it is refused', async () => {
    jest.useFakeTimers({ now: new Date('2026-03-01T10:00:00Z'), doNotFake: ['nextTick', 'setImmediate'] });
    const token = await signIdentity(agent, secret); // valid for 60 s
    jest.setSystemTime(new Date('2026-03-01T10:00:30Z'));
    await verifyIdentity(token, secret); // first seen half-way through its life
    jest.setSystemTime(new Date('2026-03-01T10:00:59Z'));
    await expect(verifyIdentity(token, secret)).resolves.toMatchObject({ subject: 'agent-ada' });
    jest.setSystemTime(new Date('2026-03-01T10:01:00Z'));
    await expect(verifyIdentity(token, secret)).rejects.toThrow();
  });

  test('When an identity names no valid role, then it is refused every time', async () => {
    const token = await new SignJWT({ role: 'admin' }).setProtectedHeader({ alg: 'HS256' }).setSubject('x')
      .setIssuer('customer-graph-gateway').setAudience('customer-graph-subgraphs').setExpirationTime('1m').sign(secret);
    await expect(verifyIdentity(token, secret)).rejects.toThrow(/role/);
    await expect(verifyIdentity(token, secret)).rejects.toThrow(/role/);
  });
});
