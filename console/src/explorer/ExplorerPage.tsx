import { explorerPlugin } from '@graphiql/plugin-explorer';
import { GraphiQL } from 'graphiql';
import { useMemo, useRef, useState } from 'react';
import { loadSession } from '../session';
import { DEFAULT_EXAMPLES } from './examples';
import { examplesPlugin } from './ExamplesPlugin';
import { explorerFetcher, type Transport } from './fetcher';

const TRANSPORT_KEY = 'customer-graph.explorer.transport';
const PLUGINS = [examplesPlugin, explorerPlugin()];
const DEFAULT_TABS = DEFAULT_EXAMPLES.map((example) => ({ query: example.query, variables: example.variables ?? null }));

function savedTransport(): Transport {
  return localStorage.getItem(TRANSPORT_KEY) === 'ws' ? 'ws' : 'sse';
}

/** Whose token the explorer sends, so nobody wonders why a query is refused. */
function Identity() {
  const session = loadSession();
  if (!session) {
    return (
      <span data-testid="identity">
        Not signed in: <a href="/">sign in at the console</a> (same tab) or set an <code>Authorization</code> header.
      </span>
    );
  }
  return (
    <span data-testid="identity">
      Signed in as {session.label}: the console's token is sent unless the Headers tab sets <code>Authorization</code>.
    </span>
  );
}

/**
 * GraphiQL at /explorer, bundled with the console (no CDN): the console's sign-in, the demo's example
 * operations as the first tabs and in the Examples pane, the query-building explorer plugin, and a
 * choice of transport for subscriptions.
 */
export function ExplorerPage() {
  const [transport, setTransport] = useState<Transport>(savedTransport);
  const current = useRef(transport);
  current.current = transport;
  // One fetcher for the page's life: a new one would make GraphiQL introspect the schema again.
  const fetcher = useMemo(() => explorerFetcher(() => current.current), []);
  const choose = (next: Transport) => {
    localStorage.setItem(TRANSPORT_KEY, next);
    setTransport(next);
  };
  return (
    <GraphiQL fetcher={fetcher} plugins={PLUGINS} defaultTabs={DEFAULT_TABS} defaultEditorToolsVisibility="variables">
      <GraphiQL.Footer>
        <div className="explorer-footer">
          <Identity />
          <label>
            Subscriptions over{' '}
            <select value={transport} onChange={(event) => choose(event.target.value as Transport)} aria-label="Subscription transport">
              <option value="sse">Server-Sent Events (/graphql/stream)</option>
              <option value="ws">WebSocket (/graphql)</option>
            </select>
          </label>
        </div>
      </GraphiQL.Footer>
    </GraphiQL>
  );
}
