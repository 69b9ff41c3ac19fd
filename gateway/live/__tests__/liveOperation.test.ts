import { buildSchema, parse, type ExecutionArgs } from 'graphql';
import { createLogger } from '../../../common/logger';
import type { LiveGateway } from '../liveGateway';
import { prepareLive, subscribeWith } from '../liveOperation';

const LIMITS = { maxBodyBytes: 1_000_000, maxTokens: 2000, maxDepth: 12, maxAliases: 30, maxRootFields: 10, maxCost: 20_000, defaultListSize: 10 };

describe('an operation on the live transports', () => {
  test('When subscribing throws, then that operation alone gets INTERNAL_SERVER_ERROR with the request id and the exception is logged (graphql-ws would close the socket with 4500)', async () => {
    const log = createLogger('live-test', { LOG_LEVEL: 'error' });
    const logged = jest.spyOn(log, 'error').mockImplementation(() => undefined);
    const live = { subscribe: async () => Promise.reject(new Error('planner exploded')) } as unknown as LiveGateway;
    const caller = { context: { requestId: 'req-1', viewer: { role: 'agent' } } };
    const result = await subscribeWith(live, log)({ document: parse('subscription { x }'), contextValue: { caller } } as unknown as ExecutionArgs);
    expect(result).toEqual({ errors: [expect.objectContaining({ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: 'req-1' } })] });
    expect(logged).toHaveBeenCalledWith(expect.objectContaining({ requestId: 'req-1', err: expect.objectContaining({ message: 'planner exploded' }) }), 'subscription failed with an exception');
  });

  test('When no supergraph is loaded yet, then the operation is refused with SUBGRAPH_UNAVAILABLE rather than thrown', () => {
    const refused = prepareLive({ schema: undefined } as unknown as LiveGateway, { query: 'subscription { x }' }, LIMITS);
    expect(Array.isArray(refused) && refused.map((e) => e.extensions.code)).toEqual(['SUBGRAPH_UNAVAILABLE']);
    const schema = buildSchema('type Query { a: Int } type Subscription { x: Int }');
    const prepared = prepareLive({ schema } as unknown as LiveGateway, { query: 'subscription { x }' }, LIMITS);
    expect(Array.isArray(prepared)).toBe(false);
  });
});
