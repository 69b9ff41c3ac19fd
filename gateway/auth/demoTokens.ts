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

/** One subject per role for the demo: the customer is Bob Jones. */
export const DEMO_SUBJECTS: Record<Role, string> = {
  customer: 'CUS-000002',
  agent: 'agent-ada',
  store: 'till-0042',
  bot: 'chatbot',
  service: 'pricing-job',
};
