import type { Env } from '../../common/config';
import { boolSetting, stringSetting } from '../config/settings';

/** What the gateway serves to browsers besides /graphql (rows CONSOLE, EXPLORER, CONSOLE_DIR of gateway/config/keys.ts). */
export interface ConsoleConfig {
  /** CONSOLE, default true: the agent console and account page at `/`. */
  console: boolean;
  /** EXPLORER, default true outside NODE_ENV=production: the bundled GraphQL explorer at /explorer. */
  explorer: boolean;
  /** CONSOLE_DIR, default dist/console: the console's production build (npm run build:console). */
  dir: string;
}

export function loadConsoleConfig(env: Env): ConsoleConfig {
  return { console: boolSetting(env, 'CONSOLE'), explorer: boolSetting(env, 'EXPLORER'), dir: stringSetting(env, 'CONSOLE_DIR')! };
}
