import { announceDemoMode } from '../common/demoNotice';
import { createLogger } from '../common/logger';
import { startTracing } from '../common/tracing';
import { ROLES } from '../common/identity';
import { DEMO_SUBJECTS, signDelegatedBotToken, signDemoToken } from '../gateway/auth/demoTokens';
import { DEMO_IDENTITIES } from '../gateway/console/demoSignIn';
import { startBanner } from './startBanner';
import { startStack } from './stack';

/** `npm start`: the whole graph on one machine, embedded databases seeded with the demo world. */
async function main(): Promise<void> {
  // Keep the console readable: the banner and warnings. LOG_LEVEL=info shows requests and sent mail.
  process.env.LOG_LEVEL ??= 'warn';
  // The demo: a known signing secret, so the tokens printed below work. Never outside a demo.
  process.env.DEMO_MODE ??= 'true';
  const log = createLogger('start');
  const started = Date.now();
  // One process, one tracer provider: spans name their subgraph (subgraph.name) instead of a service.
  const tracing = await startTracing('customer-graph', process.env, log);
  const stack = await startStack();
  announceDemoMode(stack.gateway.config.auth.demo);
  const tokens = await Promise.all(
    ROLES.map(async (role) => `export ${role.toUpperCase()}_TOKEN=${await signDemoToken(stack.gateway.config.auth, role, DEMO_SUBJECTS[role])}`),
  );
  // BOT_TOKEN speaks for no customer (products and prices only); the chatbot helping Bob needs this one.
  tokens.push(`export BOT_FOR_BOB_TOKEN=${await signDelegatedBotToken(stack.gateway.config.auth, DEMO_SUBJECTS.customer, DEMO_SUBJECTS.bot, '8h')}`);
  const { console: consoleConfig } = stack.gateway.config;
  console.log(
    startBanner({
      gatewayUrl: stack.gatewayUrl,
      seconds: (Date.now() - started) / 1000,
      subgraphs: Object.values(stack.subgraphs).map((s) => ({ name: s.name, url: s.url })),
      console: consoleConfig.console,
      explorer: consoleConfig.explorer,
      signIns: DEMO_IDENTITIES.map((identity) => identity.label),
      tokens,
      tokenNote: `one per role; CUSTOMER = Bob Jones, ${DEMO_SUBJECTS.customer}; BOT = a chatbot for no customer, products and prices only; BOT_FOR_BOB = the chatbot acting for Bob`,
    }),
  );

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping');
    await stack.stop();
    await tracing?.shutdown();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error) => {
  console.error(`npm start failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
