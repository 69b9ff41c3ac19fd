import type { Env } from '../../common/config';
import { boolSetting, stringSetting } from '../config/settings';

/** What the gateway serves to browsers besides /graphql (rows CONSOLE, EXPLORER, CONSOLE_DIR, DEMO_SIGN_IN_REMOTE of gateway/config/keys.ts). */
export interface ConsoleConfig {
  /** CONSOLE, default true: the agent console and account page at `/`. */
  console: boolean;
  /** EXPLORER, default true outside NODE_ENV=production: the bundled GraphQL explorer at /explorer. */
  explorer: boolean;
  /** CONSOLE_DIR, default dist/console: the console's production build (npm run build:console). */
  dir: string;
  /** DEMO_SIGN_IN_REMOTE, default false: /auth/demo (demo mode only) answers callers beyond this machine too. */
  demoSignInRemote: boolean;
}

export function loadConsoleConfig(env: Env): ConsoleConfig {
  return {
    console: boolSetting(env, 'CONSOLE'),
    explorer: boolSetting(env, 'EXPLORER'),
    dir: stringSetting(env, 'CONSOLE_DIR')!,
    demoSignInRemote: boolSetting(env, 'DEMO_SIGN_IN_REMOTE'),
  };
}
