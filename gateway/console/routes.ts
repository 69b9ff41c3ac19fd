import type { IncomingMessage, ServerResponse } from 'node:http';
import { requestUrl, sendJsonError, type Route } from '../../common/http';
import type { Logger } from '../../common/logger';
import type { AuthConfig } from '../auth/authConfig';
import type { ConsoleConfig } from './consoleConfig';
import { demoSignInRoute } from './demoSignIn';
import { EXPLORER_CONTENT_SECURITY_POLICY, loadBuild, sendFile } from './staticFiles';

/**
 * The browser side of the gateway: the console at `/` (its hashed files under /assets/), the
 * explorer (GraphiQL) at /explorer, demo sign-in at /auth/demo, and a browser opening /graphql sent
 * to the explorer instead of Apollo's CDN-loaded landing page.
 */
export function consoleRoutes(config: ConsoleConfig, auth: AuthConfig, log: Logger): Record<string, Route> {
  const routes: Record<string, Route> = { '/auth/demo': demoSignInRoute(auth, { remote: config.demoSignInRemote }) };
  if (!config.console && !config.explorer) return routes;
  const build = loadBuild(config.dir);
  if (!build) log.warn({ dir: config.dir }, 'console not built (npm run build:console): / and /explorer answer 503');
  const page = (name: string, policy?: string): Route => (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    const file = build?.get(name);
    if (!file) return sendJsonError(res, 503, 'CONSOLE_NOT_BUILT', 'The console is not built: run npm run build:console');
    sendFile(req, res, file, false, policy);
  };
  routes['/assets/*'] = (req: IncomingMessage, res: ServerResponse) => {
    const name = requestUrl(req).pathname.slice(1);
    const file = build?.get(name);
    if (!file || (req.method !== 'GET' && req.method !== 'HEAD')) return sendJsonError(res, 404, 'NOT_FOUND', `No file /${name}`);
    sendFile(req, res, file, true);
  };
  if (config.console) routes['/'] = page('index.html');
  if (config.explorer) routes['/explorer'] = page('explorer.html', EXPLORER_CONTENT_SECURITY_POLICY);
  // A person opening /graphql in a browser gets the explorer (or the console), not an error page.
  routes['/graphql'] = (req, res) => {
    const wantsPage = req.method === 'GET' && /text\/html/.test(String(req.headers.accept ?? '')) && !req.url?.includes('?');
    if (!wantsPage) return false;
    res.statusCode = 302;
    res.setHeader('location', config.explorer ? '/explorer' : '/');
    res.end();
  };
  return routes;
}
