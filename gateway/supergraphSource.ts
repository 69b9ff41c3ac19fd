import { readFile } from 'node:fs/promises';
import type { SupergraphManager } from '@apollo/gateway';
import type { Logger } from '../common/logger';

export interface SupergraphSourceOptions {
  /** A file path, or an http(s) URL serving the supergraph SDL. */
  location: string;
  /** How often to look for a new supergraph; 0: only on SIGHUP. */
  pollMs: number;
  log: Logger;
  /** Further checks of a supergraph before it is served (throws to refuse it), e.g. that every subgraph has a URL. */
  check?: (supergraphSdl: string) => void;
}

/**
 * Serves the supergraph from a file or URL and swaps in a new one without a restart (polling and
 * SIGHUP). The gateway builds each one once, when it takes it up: a first one that does not build
 * stops start-up; a new one that does not build (`update` throws) or fails `check` is refused and the
 * last good one keeps serving; requests already running finish on the schema they started with.
 */
export function supergraphSource(options: SupergraphSourceOptions): SupergraphManager {
  const { location, pollMs, log, check: accept = () => undefined } = options;
  const read = () => (/^https?:\/\//.test(location) ? fetchText(location) : readFile(location, 'utf8'));
  return {
    async initialize({ update }) {
      let current = await read();
      accept(current);
      let checking: Promise<void> | undefined;
      const check = (reason: string) =>
        (checking ??= (async () => {
          try {
            const next = await read();
            if (next === current) return;
            accept(next);
            update(next);
            current = next;
            log.info({ location, reason }, 'new supergraph loaded');
          } catch (error) {
            log.error({ err: error, location, reason }, 'new supergraph refused; the last good one keeps serving');
          } finally {
            checking = undefined;
          }
        })());
      const timer = pollMs > 0 ? setInterval(() => void check('poll'), pollMs) : undefined;
      timer?.unref();
      const onHangup = () => void check('SIGHUP');
      process.on('SIGHUP', onHangup);
      return {
        supergraphSdl: current,
        cleanup: async () => {
          if (timer) clearInterval(timer);
          process.off('SIGHUP', onHangup);
          await checking;
        },
      };
    },
  };
}

async function fetchText(url: string): Promise<string> {
  const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
  if (!response.ok) throw new Error(`${url} answered HTTP ${response.status}`);
  return response.text();
}
