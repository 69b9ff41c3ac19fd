import { sharingKey, type SharingParts } from '../sharingKey';

const base: SharingParts = {
  generation: 1,
  query: 'subscription($id: ID!) { customerActivity(customerId: $id) { kind } }',
  variables: { id: 'CUS-000002' },
  caller: { viewer: { role: 'agent', subject: 'agent-1', operation: 'anonymous' }, callerHeaders: { 'accept-language': 'en' } },
  forwardedHeaders: ['Accept-Language'],
};

describe('which subscriptions share one execution', () => {
  test('When the document, variables and identity are the same (keys in another order), then the key is the same', () => {
    const reordered: SharingParts = { ...base, caller: { viewer: { operation: 'anonymous', subject: 'agent-1', role: 'agent' }, callerHeaders: { 'accept-language': 'en', 'user-agent': 'other' } } };
    expect(sharingKey(reordered)).toBe(sharingKey(base));
  });

  test.each<[string, Partial<SharingParts>]>([
    ['another subject of the same role', { caller: { ...base.caller, viewer: { role: 'agent', subject: 'agent-2', operation: 'anonymous' } } }],
    ['a customer', { caller: { ...base.caller, viewer: { role: 'customer', subject: 'CUS-000002', customerId: 'CUS-000002', operation: 'anonymous' } } }],
    ['a bot acting for someone', { caller: { ...base.caller, viewer: { role: 'agent', subject: 'agent-1', actor: 'bot-1', operation: 'anonymous' } } }],
    ['another forwarded header value', { caller: { ...base.caller, callerHeaders: { 'accept-language': 'de' } } }],
    ['other variables', { variables: { id: 'CUS-000001' } }],
    ['another supergraph', { generation: 2 }],
  ])('When only %s differs, then the key differs', (_what, change) => {
    expect(sharingKey({ ...base, ...change })).not.toBe(sharingKey(base));
  });
});
