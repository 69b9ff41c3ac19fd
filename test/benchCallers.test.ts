import { benchCallers } from '../bench/callers';
import { connectionRequests } from '../bench/load';
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

  test('When a load has more callers than bodies, then each connection sends its own share of the callers, one per request, none repeated before its share is used, while the bodies keep cycling', () => {
    const bodies = Array.from({ length: 200 }, (_, i) => `b${i}`);
    const callers = Array.from({ length: 20_000 }, (_, i) => `Bearer t${i}`);
    const perConnection = connectionRequests(bodies, callers, 16);
    expect(perConnection).toHaveLength(16);
    const tokens = perConnection.flat().map((r) => r.headers?.authorization);
    expect(tokens).toHaveLength(20_000);
    expect(new Set(tokens).size).toBe(20_000);
    for (const requests of perConnection) {
      expect(requests).toHaveLength(1250);
      expect(new Set(requests.slice(0, 200).map((r) => r.body)).size).toBe(200);
    }
  });

  test('When connections start, then each starts at its own body: no two connections ask for the same thing in lockstep', () => {
    const bodies = Array.from({ length: 200 }, (_, i) => `b${i}`);
    for (const callers of [[], ['Bearer one'], Array.from({ length: 20_000 }, (_, i) => `Bearer t${i}`)]) {
      const firsts = connectionRequests(bodies, callers, 16).map((requests) => requests[0].body);
      expect(new Set(firsts).size).toBe(16);
    }
  });

  test('When a load has no callers (a subgraph called directly), then the requests are the bodies alone, every connection cycling through all of them', () => {
    const perConnection = connectionRequests(['a', 'b'], [], 2);
    expect(perConnection).toEqual([
      [{ method: 'POST', body: 'a' }, { method: 'POST', body: 'b' }],
      [{ method: 'POST', body: 'b' }, { method: 'POST', body: 'a' }],
    ]);
  });

  test('When there are fewer callers than connections, then every connection still sends a caller\'s token', () => {
    const perConnection = connectionRequests(['a'], ['Bearer x', 'Bearer y'], 3);
    expect(perConnection.map((requests) => requests.map((r) => r.headers?.authorization))).toEqual([['Bearer x'], ['Bearer x'], ['Bearer y']]);
  });
});
