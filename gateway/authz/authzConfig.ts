import { ConfigError, type Env } from '../../common/config';
import { setting, stringSetting } from '../config/settings';
import type { AuthorizationSettings } from './authorizationGuard';
import { policiesSchema } from './policies';

/** AUTHZ_SCOPE_CLAIM and AUTHZ_POLICIES (authorization.* in the config file), each policy's rule checked at start-up. */
export function loadAuthorizationSettings(env: Env): AuthorizationSettings {
  const parsed = policiesSchema.safeParse(setting(env, 'AUTHZ_POLICIES') ?? {});
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `authorization.policies.${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(
      `Invalid policy (a rule is { claim, equals }, { claim, in: [...] }, { claim, exists }, { all: [...] }, { any: [...] } or { not: rule }):\n  ${problems.join('\n  ')}`,
    );
  }
  return { scopeClaim: stringSetting(env, 'AUTHZ_SCOPE_CLAIM')!, policies: parsed.data };
}
