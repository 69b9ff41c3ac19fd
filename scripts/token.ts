import { parseArgs } from 'node:util';
import { isRole, ROLES } from '../common/identity';
import { loadAuthConfig } from '../gateway/auth/authConfig';
import { DEMO_SUBJECTS, signDelegatedBotToken, signDemoToken } from '../gateway/auth/demoTokens';

/**
 * `npm run token -- --role agent` or `--role customer --customer CUS-000002`: a fresh bearer
 * token signed with the demo secret (or JWT_SECRET when set), for curl and agent tools.
 * `--role bot --for CUS-000002`: a bot acting for that customer (subject the customer, `act.sub` the bot).
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      role: { type: 'string' },
      customer: { type: 'string' },
      for: { type: 'string' },
      subject: { type: 'string' },
      expires: { type: 'string', default: '8h' },
    },
  });
  if (!isRole(values.role)) {
    console.error(`usage: npm run token -- --role <${ROLES.join('|')}> [--customer CUS-…] [--subject id] [--expires 8h]\n       npm run token -- --role bot --for CUS-… [--subject bot-id]   (a bot acting for one customer)`);
    process.exit(2);
  }
  if (values.role === 'customer' && values.subject) {
    console.error('a customer token names its customer with --customer, not --subject');
    process.exit(2);
  }
  if (values.for !== undefined) {
    if (values.role !== 'bot' || !/^CUS-\d+$/.test(values.for)) {
      console.error('--for names the customer a bot acts for: --role bot --for CUS-000002');
      process.exit(2);
    }
    const config = loadAuthConfig({ ...process.env, DEMO_MODE: process.env.DEMO_MODE ?? 'true' });
    console.log(await signDelegatedBotToken(config, values.for, values.subject ?? DEMO_SUBJECTS.bot, values.expires === '8h' ? '1h' : values.expires));
    return;
  }
  const subject = values.role === 'customer' ? (values.customer ?? DEMO_SUBJECTS.customer) : (values.subject ?? DEMO_SUBJECTS[values.role]);
  const config = loadAuthConfig({ ...process.env, DEMO_MODE: process.env.DEMO_MODE ?? 'true' });
  console.log(await signDemoToken(config, values.role, subject, values.expires));
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
