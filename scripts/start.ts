import { createLogger } from '../common/logger';
import { curlFor, EXAMPLE_QUERIES } from './examples';
import { startStack } from './stack';

/** `npm start`: the whole graph on one machine, embedded databases seeded with the demo world. */
async function main(): Promise<void> {
  // Keep the console readable: the banner and warnings. LOG_LEVEL=info shows requests and sent mail.
  process.env.LOG_LEVEL ??= 'warn';
  const log = createLogger('start');
  const started = Date.now();
  const stack = await startStack();
  const lines = [
    '',
    `Customer graph ready in ${((Date.now() - started) / 1000).toFixed(1)} s: ${stack.gatewayUrl}`,
    ...Object.values(stack.subgraphs).map((s) => `  ${s.name.padEnd(14)} ${s.url}`),
    '',
    'Try:',
    ...EXAMPLE_QUERIES.flatMap((example) => [`  # ${example.title}`, `  ${curlFor(stack.gatewayUrl, example.query)}`, '']),
    'Ctrl-C stops everything.',
  ];
  console.log(lines.join('\n'));

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping');
    await stack.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error) => {
  console.error(`npm start failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
