import { createLogger } from '../common/logger';
import { loadGatewayConfig } from './config';
import { startGateway } from './createGateway';

/** `npm run start:gateway`: the gateway alone, configured from the environment. */
async function main(): Promise<void> {
  const log = createLogger('gateway');
  const running = await startGateway(loadGatewayConfig(), log);
  const shutdown = async () => {
    await running.stop();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
