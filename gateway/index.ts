import { createLogger } from '../common/logger';
import { startTracing } from '../common/tracing';
import { loadGatewayConfig } from './config';
import { startGateway } from './createGateway';

/** `npm run start:gateway`: the gateway alone, configured from the environment. */
async function main(): Promise<void> {
  const log = createLogger('gateway');
  // Before the gateway is built: its HTTP host traces only when tracing is on at its start.
  const tracing = await startTracing('gateway', process.env, log);
  const running = await startGateway(loadGatewayConfig(), log);
  const shutdown = async () => {
    await running.stop();
    await tracing?.shutdown(); // the last requests' spans go out before the process ends
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
