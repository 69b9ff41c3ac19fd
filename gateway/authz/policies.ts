import { z } from 'zod';

/** A claim's value compared with: what a JWT claim can hold at its leaves. */
type Scalar = string | number | boolean;
const scalar = z.union([z.string(), z.number(), z.boolean()]);

/**
 * One rule over the caller's verified token claims. Declarative on purpose: a policy is data in the
 * config file, never code run by the gateway. A claim is named by its path (`realm_access.roles`).
 *   { claim, equals }   the claim is that value (or, for a list claim, holds it)
 *   { claim, in }       the claim is one of those values (or a list claim holds one)
 *   { claim, exists }   the claim is present (true) or absent (false)
 *   { all: [...] }, { any: [...] }, { not: rule }
 */
export type PolicyRule =
  | { claim: string; equals: Scalar }
  | { claim: string; in: Scalar[] }
  | { claim: string; exists: boolean }
  | { all: PolicyRule[] }
  | { any: PolicyRule[] }
  | { not: PolicyRule };

const claim = z.string().min(1);
export const policyRuleSchema: z.ZodType<PolicyRule> = z.lazy(() =>
  z.union([
    z.strictObject({ claim, equals: scalar }),
    z.strictObject({ claim, in: z.array(scalar).min(1) }),
    z.strictObject({ claim, exists: z.boolean() }),
    z.strictObject({ all: z.array(policyRuleSchema).min(1) }),
    z.strictObject({ any: z.array(policyRuleSchema).min(1) }),
    z.strictObject({ not: policyRuleSchema }),
  ]),
);

/** The policies the config file names (authorization.policies): name -> rule. */
export const policiesSchema = z.record(z.string().min(1), policyRuleSchema);
export type Policies = Readonly<Record<string, PolicyRule>>;

export type Claims = Readonly<Record<string, unknown>>;

function claimAt(claims: Claims, path: string): unknown {
  let value: unknown = claims;
  for (const key of path.split('.')) {
    if (!value || typeof value !== 'object' || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/** Whether the claims meet the rule. No claims (an anonymous caller) meet only rules that ask for absence. */
export function meetsRule(rule: PolicyRule, claims: Claims): boolean {
  if ('all' in rule) return rule.all.every((inner) => meetsRule(inner, claims));
  if ('any' in rule) return rule.any.some((inner) => meetsRule(inner, claims));
  if ('not' in rule) return !meetsRule(rule.not, claims);
  const value = claimAt(claims, rule.claim);
  if ('exists' in rule) return (value !== undefined && value !== null) === rule.exists;
  const values = Array.isArray(value) ? value : [value];
  const wanted: Scalar[] = 'equals' in rule ? [rule.equals] : rule.in;
  return values.some((held) => wanted.includes(held as Scalar));
}
