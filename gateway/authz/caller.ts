import type { Requirement } from './requirements';
import { meetsRule, type Claims, type Policies } from './policies';

/** What one request's caller holds, as the authorization directives ask: judged once per coordinate per request. */
export interface CallerGrants {
  authenticated: boolean;
  scopes: ReadonlySet<string>;
  /** Whether the caller meets a named policy (one the configuration lacks is never met). */
  policy(name: string): boolean;
}

/**
 * The caller's grants from their verified token's claims (undefined: anonymous). Scopes are the
 * OAuth `scope` claim by default: a space-separated string, or a list of strings.
 */
export function callerGrants(claims: Claims | undefined, scopeClaim: string, policies: Policies): CallerGrants {
  const raw = claims?.[scopeClaim];
  const scopes = new Set(typeof raw === 'string' ? raw.split(' ').filter(Boolean) : Array.isArray(raw) ? raw.filter((s): s is string => typeof s === 'string') : []);
  const judged = new Map<string, boolean>();
  return {
    authenticated: claims !== undefined,
    scopes,
    policy(name) {
      let met = judged.get(name);
      if (met === undefined) {
        const rule = Object.hasOwn(policies, name) ? policies[name] : undefined;
        judged.set(name, (met = !!claims && !!rule && meetsRule(rule, claims)));
      }
      return met;
    },
  };
}

/** OR of ANDs: some inner list is held whole. */
const anyAll = (groups: string[][], held: (name: string) => boolean) => groups.some((all) => all.every(held));

export function meets(requirement: Requirement, grants: CallerGrants): boolean {
  if (requirement.authenticated && !grants.authenticated) return false;
  if (!requirement.scopes.every((groups) => anyAll(groups, (scope) => grants.scopes.has(scope)))) return false;
  return requirement.policies.every((groups) => anyAll(groups, (name) => grants.policy(name)));
}
