import { parseArgs } from 'node:util';
import { isRole, ROLES } from '../common/identity';
import { loadAuthConfig } from '../gateway/auth/authConfig';
import { DEMO_SUBJECTS, signDemoToken } from '../gateway/auth/demoTokens';

/**
 * `npm run token -- --role agent` or `--role customer --customer CUS-000002`: a fresh bearer
 * token signed with the demo secret (or JWT_SECRET when set), for curl and agent tools.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      role: { type: 'string' },
      customer: { type: 'string' },
      subject: { type: 'string' },
      expires: { type: 'string', default: '8h' },
    },
  });
  if (!isRole(values.role)) {
    console.error(`usage: npm run token -- --role <${ROLES.join('|')}> [--customer CUS-…] [--subject id] [--expires 8h]`);
    process.exit(2);
  }
  if (values.role === 'customer' && values.subject) {
    console.error('a customer token names its customer with --customer, not --subject');
    process.exit(2);
  }
  const subject = values.role === 'customer' ? (values.customer ?? DEMO_SUBJECTS.customer) : (values.subject ?? DEMO_SUBJECTS[values.role]);
  const config = loadAuthConfig({ ...process.env, DEMO_MODE: process.env.DEMO_MODE ?? 'true' });
  console.log(await signDemoToken(config, values.role, subject, values.expires));
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
