import { callerGrants, meets } from '../caller';
import { meetsRule, policiesSchema } from '../policies';

describe('policy rules over token claims', () => {
  const claims = { sub: 'u1', role: 'agent', groups: ['support', 'emea'], realm: { roles: ['admin'] }, suspended: false };

  test('When a rule names a nested claim, a list claim, or asks for presence, then it is judged on the claims as given', () => {
    expect(meetsRule({ claim: 'realm.roles', equals: 'admin' }, claims)).toBe(true);
    expect(meetsRule({ claim: 'groups', in: ['emea', 'apac'] }, claims)).toBe(true);
    expect(meetsRule({ claim: 'tenant', exists: true }, claims)).toBe(false);
    expect(meetsRule({ claim: 'tenant', exists: false }, claims)).toBe(true);
    expect(meetsRule({ all: [{ claim: 'role', equals: 'agent' }, { not: { claim: 'suspended', equals: true } }] }, claims)).toBe(true);
    expect(meetsRule({ any: [{ claim: 'role', equals: 'customer' }, { claim: 'realm.roles.0', equals: 'admin' }] }, claims)).toBe(true);
    expect(meetsRule({ claim: 'constructor', exists: true }, claims)).toBe(false);
  });

  test('When a policy is not a rule of the declarative form, then the schema refuses it', () => {
    expect(policiesSchema.safeParse({ p: { claim: 'role', matches: 'a.*' } }).success).toBe(false);
    expect(policiesSchema.safeParse({ p: { all: [] } }).success).toBe(false);
    expect(policiesSchema.safeParse({ p: { claim: 'role', in: ['agent'] } }).success).toBe(true);
  });

  test('When the scope claim is space-separated, then each scope counts; an anonymous caller meets no policy, even one that asks for absence', () => {
    const grants = callerGrants({ scope: 'a b', role: 'agent' }, 'scope', { staff: { claim: 'role', equals: 'agent' } });
    expect(meets({ authenticated: true, scopes: [[['a', 'b']], [['c'], ['b']]], policies: [[['staff']]] }, grants)).toBe(true);
    expect(meets({ authenticated: false, scopes: [[['a', 'c']]], policies: [] }, grants)).toBe(false);
    expect(meets({ authenticated: false, scopes: [], policies: [[['undefined-policy']]] }, grants)).toBe(false);
    const anonymous = callerGrants(undefined, 'scope', { absent: { claim: 'role', exists: false } });
    expect(meets({ authenticated: false, scopes: [], policies: [[['absent']]] }, anonymous)).toBe(false);
  });
});
