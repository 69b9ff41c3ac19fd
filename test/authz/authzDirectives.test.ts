import { parse, validate, type ExecutionResult } from 'graphql';
import { authorizationGuard } from '../../gateway/authz/authorizationGuard';
import type { GatewayContext } from '../../gateway/context';
import { Engine } from '../../gateway/engine/engine';
import { composeDirectiveGraph, RecordingSubgraph, type DirectiveSubgraphName } from './directiveGraph';

/**
 * @authenticated, @requiresScopes and @policy of a supergraph, enforced by the engine before any
 * subgraph is called: what the caller may not see is removed, answered null with an
 * UNAUTHORIZED_FIELD_OR_TYPE error at its path, and the rest of the answer kept.
 */
const POLICIES = { staff: { any: [{ claim: 'role', in: ['agent', 'service'] }, { claim: 'groups', equals: 'auditors' }] } };
const supergraphSdl = composeDirectiveGraph();
let subgraphs: Record<DirectiveSubgraphName, RecordingSubgraph>;
let engine: Engine;

beforeEach(async () => {
  subgraphs = { accounts: new RecordingSubgraph('accounts'), reviews: new RecordingSubgraph('reviews') };
  engine = new Engine({
    supergraph: supergraphSdl,
    subgraph: ({ name }) => subgraphs[name as DirectiveSubgraphName],
    planCacheBytes: 1_000_000,
    guard: authorizationGuard({ scopeClaim: 'scope', policies: POLICIES }),
  });
  await engine.start();
});

function caller(claims?: Record<string, unknown>): GatewayContext {
  return { requestId: 'r', viewer: { role: 'anonymous' }, claims, identity: async () => '' } as GatewayContext;
}

async function run(query: string, claims?: Record<string, unknown>, variables?: Record<string, unknown>): Promise<ExecutionResult> {
  const document = parse(query);
  expect(validate(engine.apiSchema!, document)).toEqual([]);
  return (await engine.execute({ document, variables, context: caller(claims), planKey: query, queryText: query })) as ExecutionResult;
}

const unauthorized = (result: ExecutionResult) =>
  (result.errors ?? []).filter((error) => error.extensions?.code === 'UNAUTHORIZED_FIELD_OR_TYPE').map((error) => error.path);
const sentToAccounts = () => subgraphs.accounts.received.join('\n');

describe('the spec authorization directives at the gateway', () => {
  test('When an anonymous caller asks for an @authenticated field, then it is null with an error at its path, the rest answered, and no subgraph is asked for it', async () => {
    const result = await run('{ open me { id name } }');
    expect(result.data).toEqual({ open: 'open', me: null });
    expect(unauthorized(result)).toEqual([['me']]);
    expect(sentToAccounts()).not.toMatch(/\bme\b/);
  });

  test('When the caller has a verified token, then the @authenticated field is answered', async () => {
    const result = await run('{ me { id name } }', { sub: 'x', role: 'customer' });
    expect(result).toEqual({ data: { me: { id: 'u1', name: 'Ada' } } });
  });

  test('When @requiresScopes asks for one of two scope sets, then a caller with either (from the space-separated scope claim) sees the field and one with neither gets null per item', async () => {
    const query = '{ users { id email } }';
    expect((await run(query, { sub: 'x', scope: 'profile read:email' })).data).toEqual({ users: [{ id: 'u1', email: 'ada@example.com' }, { id: 'u2', email: 'bob@example.com' }] });
    expect((await run(query, { sub: 'x', scope: 'admin' })).errors).toBeUndefined();
    const refused = await run(query, { sub: 'x', scope: 'profile' });
    expect(refused.data).toEqual({ users: [{ id: 'u1', email: null }, { id: 'u2', email: null }] });
    expect(unauthorized(refused)).toEqual([['users', '@', 'email']]);
    expect(subgraphs.accounts.received.at(-1)).not.toMatch(/email/);
  });

  test('When a removed field is non-null, then its parent is null as GraphQL null propagation says, up to the nearest nullable position', async () => {
    const one = await run('{ user(id: "u2") { id ssn } open }', { sub: 'x' });
    expect(one.data).toEqual({ user: null, open: 'open' });
    expect(unauthorized(one)).toEqual([['user', 'ssn']]);
    const items = await run('{ maybeUsers { id ssn } }', { sub: 'x' });
    expect(items.data).toEqual({ maybeUsers: [null, null] });
    expect((await run('{ user(id: "u2") { ssn } }', { sub: 'x', scope: 'read:pii' })).data).toEqual({ user: { ssn: '222' } });
  });

  test('When a type is @authenticated, then every field returning it is removed for an anonymous caller', async () => {
    const result = await run('{ user(id: "u1") { id vault { code } } }');
    expect(result.data).toEqual({ user: { id: 'u1', vault: null } });
    expect(unauthorized(result)).toEqual([['user', 'vault']]);
  });

  test('When a field needs a policy of the configuration, then only callers whose claims meet its rule see it', async () => {
    const query = '{ audit { what } open }';
    expect((await run(query, { sub: 'a', role: 'agent' })).data).toEqual({ audit: [{ what: 'login' }], open: 'open' });
    expect((await run(query, { sub: 'b', role: 'customer', groups: ['auditors'] })).data?.audit).toEqual([{ what: 'login' }]);
    const refused = await run(query, { sub: 'c', role: 'customer' });
    expect(refused.data).toEqual({ audit: null, open: 'open' });
    expect(unauthorized(refused)).toEqual([['audit']]);
  });

  test('When the protected field is in a named fragment, across subgraphs, then it is removed there and the same document for an entitled caller is answered whole', async () => {
    const query = 'query Q { users { ...U } } fragment U on User { id reviews { stars note } }';
    const anonymous = await run(query);
    expect(anonymous.data).toEqual({ users: [{ id: 'u1', reviews: [{ stars: 5, note: null }] }, { id: 'u2', reviews: [{ stars: 3, note: null }] }] });
    expect(unauthorized(anonymous)).toEqual([['users', '@', 'reviews', '@', 'note']]);
    expect(subgraphs.reviews.received.join('\n')).not.toMatch(/note/);
    const signedIn = await run(query, { sub: 'x' });
    expect(signedIn.errors).toBeUndefined();
    expect(signedIn.data).toEqual({ users: [{ id: 'u1', reviews: [{ stars: 5, note: 'fine' }] }, { id: 'u2', reviews: [{ stars: 3, note: 'fine' }] }] });
  });

  test('When a removed field is skipped by @include, then it is not put back as null', async () => {
    const query = 'query($with: Boolean!) { open me @include(if: $with) { id } }';
    expect((await run(query, undefined, { with: false })).data).toEqual({ open: 'open' });
    expect((await run(query, undefined, { with: true })).data).toEqual({ open: 'open', me: null });
  });

  test('When every field asked for is removed, then no subgraph is called at all', async () => {
    const result = await run('{ me { id } audit { what } }');
    expect(result.data).toEqual({ me: null, audit: null });
    expect(unauthorized(result)).toEqual([['me'], ['audit']]);
    expect(subgraphs.accounts.received).toEqual([]);
  });
});

describe('subscriptions', () => {
  test('When a caller may not see a field of an operation, then the engine says so without running it (gateway/live refuses such a subscription whole)', () => {
    const document = parse('{ open me { id } }');
    expect(engine.guardErrors({ document, context: caller() })?.map((error) => error.path)).toEqual([['me']]);
    expect(engine.guardErrors({ document, context: caller({ sub: 'x' }) })).toBeUndefined();
    expect(subgraphs.accounts.received).toEqual([]);
  });
});

describe('the supergraph features the engine serves', () => {
  test('When a supergraph links the SECURITY features the gateway enforces, then the engine loads it', () => {
    expect(supergraphSdl).toMatch(/authenticated\/v0\.1", for: SECURITY/);
    expect(engine.apiSchema?.getQueryType()?.getFields().me).toBeDefined();
  });

  test('When a supergraph links a SECURITY feature the gateway does not know, then the engine refuses it', async () => {
    const mystery = supergraphSdl.replace(
      '@link(url: "https://specs.apollo.dev/link/v1.0")',
      '@link(url: "https://specs.apollo.dev/link/v1.0")\n  @link(url: "https://specs.example.com/mystery/v0.1", for: SECURITY)',
    );
    const refusing = new Engine({ supergraph: mystery, subgraph: ({ name }) => subgraphs[name as DirectiveSubgraphName], planCacheBytes: 1_000_000 });
    await expect(refusing.start()).rejects.toThrow(/mystery\/v0\.1 is for: SECURITY but is unsupported/);
  });
});
