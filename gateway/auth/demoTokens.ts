import { SignJWT } from 'jose';
import type { Role } from '../../common/identity';
import type { AuthConfig } from './authConfig';

/** Signs a token with the demo secret, as an identity provider would (npm start, npm run token, tests). */
export async function signDemoToken(
  config: AuthConfig,
  role: Role,
  subject: string,
  expiresIn: string | number = '8h',
): Promise<string> {
  if (!config.jwtSecret) throw new Error('demo tokens need JWT_SECRET or DEMO_MODE=true');
  return new SignJWT({ role })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(subject)
    .setIssuer(config.issuer)
    .setAudience(config.audience)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(config.jwtSecret);
}

/**
 * A bot acting for one signed-in customer (RFC 8693 delegation): the customer is the subject and
 * the role is theirs, the bot is the actor (`act.sub`). The gateway treats it exactly as the
 * customer's own token, restricted to the bot's curated operations, and the access log records both.
 */
export async function signDelegatedBotToken(config: AuthConfig, customerId: string, bot: string = DEMO_SUBJECTS.bot, expiresIn: string | number = '1h'): Promise<string> {
  if (!config.jwtSecret) throw new Error('demo tokens need JWT_SECRET or DEMO_MODE=true');
  return new SignJWT({ role: 'customer', act: { sub: bot } })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(customerId)
    .setIssuer(config.issuer)
    .setAudience(config.audience)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(config.jwtSecret);
}

/** One subject per role for the demo: the customer is Bob Jones. */
export const DEMO_SUBJECTS: Record<Role, string> = {
  customer: 'CUS-000002',
  agent: 'agent-ada',
  store: 'till-0042',
  bot: 'chatbot',
  service: 'pricing-job',
};
