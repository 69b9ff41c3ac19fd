import { benchCallers } from '../bench/callers';
import { connectionShares, loadRequests } from '../bench/load';
import { loadAuthConfig } from '../gateway/auth/authConfig';
import { createTokenVerifier } from '../gateway/auth/tokenVerifier';

/**
 * The bench's gateway loads come from many callers, so the cost of verifying them is measured: the
 * gateway remembers a verified token for 60 s, and one token reused all run long would be verified
 * once and then only looked up.
 */
describe('the bench\'s callers', () => {
  test('When the bench signs its callers, then each is a distinct agent whose token the gateway verifies', async () => {
    const tokens = await benchCallers(200);
    expect(new Set(tokens).size).toBe(200);
    const verify = createTokenVerifier(loadAuthConfig({ DEMO_MODE: 'true' }));
    const viewers = await Promise.all(tokens.map((t) => verify(t)));
    expect(new Set(viewers.map((v) => v.subject)).size).toBe(200);
    expect(new Set(viewers.map((v) => v.role))).toEqual(new Set(['agent']));
  });

  test('When a load has more callers than bodies, then every request carries the next caller\'s token, none repeated before all were used, and the bodies keep cycling', () => {
    const bodies = ['a', 'b', 'c'];
    const callers = Array.from({ length: 1000 }, (_, i) => `Bearer t${i}`);
    const requests = loadRequests(bodies, callers);
    expect(requests).toHaveLength(1000);
    expect(new Set(requests.map((r) => r.headers?.authorization)).size).toBe(1000);
    expect(requests.slice(0, 4).map((r) => r.body)).toEqual(['a', 'b', 'c', 'a']);
  });

  test('When a load has no callers (a subgraph called directly), then the requests are the bodies alone', () => {
    expect(loadRequests(['a', 'b'])).toEqual([
      { method: 'POST', body: 'a' },
      { method: 'POST', body: 'b' },
    ]);
  });

  test('When requests are split between connections, then each connection has its own contiguous share, every request is in exactly one, and none is empty', () => {
    const requests = Array.from({ length: 20_000 }, (_, i) => i);
    const shares = connectionShares(requests, 16);
    expect(shares).toHaveLength(16);
    expect(shares.flat()).toEqual(requests);
    expect(shares.map((s) => s.length)).toEqual(Array(16).fill(1250));
    expect(shares.map((s) => s[0])).toEqual(Array.from({ length: 16 }, (_, k) => k * 1250));
    // Fewer requests than connections: every connection still has one to send.
    expect(connectionShares(['a', 'b'], 3)).toEqual([['a'], ['a'], ['b']]);
  });
});
