import { announceDemoMode } from '../common/demoNotice';
import { createLogger } from '../common/logger';
import { startTracing } from '../common/tracing';
import { gatewayEnvironment, loadGatewayConfig } from './config';
import { printConfig } from './config/print';
import { startGateway } from './createGateway';

/**
 * `npm run start:gateway [-- --config <file>] [-- --print-config]`: the gateway alone, configured
 * from its config file (gateway/config/keys.ts lists every key) under the environment.
 */
async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const { env, configFile, subgraphs } = gatewayEnvironment(argv);
  const config = loadGatewayConfig(env, subgraphs);
  announceDemoMode(config.auth.demo);
  if (argv.includes('--print-config')) {
    process.stdout.write(printConfig(env, config, configFile));
    return;
  }
  const log = createLogger('gateway', env);
  if (configFile) log.info({ configFile }, 'config file read');
  // Before the gateway is built: its HTTP host traces only when tracing is on at its start.
  const tracing = await startTracing('gateway', env, log);
  const running = await startGateway(config, log);
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
