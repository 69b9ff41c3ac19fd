import { useEffect, useState, type FormEvent } from 'react';
import { loadSession } from '../session';
import { SchemaList, useRootFields } from './SchemaList';
import { runOperation } from './run';

const EXAMPLE = `query CustomerByEmail($email: String!) {
  customer(email: $email) {
    name
    orders { number status }
  }
}`;

/**
 * The developers' GraphQL explorer at /explorer: bundled with the console, so it works offline and
 * under the same Content-Security-Policy (Apollo's landing page loads its explorer from a CDN).
 * Uses the console's session token when one is signed in, or a pasted one.
 */
export function Explorer() {
  const [query, setQuery] = useState(EXAMPLE);
  const [variables, setVariables] = useState('{ "email": "bob.jones@email.com" }');
  const [token, setToken] = useState(() => loadSession()?.token ?? '');
  const [result, setResult] = useState('');
  const [busy, setBusy] = useState(false);
  const fields = useRootFields(token);
  useEffect(() => {
    document.title = 'GraphQL explorer';
  }, []);
  const run = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setResult(await runOperation(query, variables, token, (partial) => setResult(partial)));
    setBusy(false);
  };
  return (
    <main className="explorer">
      <h1>GraphQL explorer</h1>
      <form onSubmit={run}>
        <label htmlFor="query">Operation</label>
        <textarea id="query" value={query} onChange={(e) => setQuery(e.target.value)} rows={12} spellCheck={false} />
        <label htmlFor="variables">Variables (JSON)</label>
        <textarea id="variables" value={variables} onChange={(e) => setVariables(e.target.value)} rows={3} spellCheck={false} />
        <label htmlFor="bearer">Bearer token (the console's, when signed in there)</label>
        <input id="bearer" value={token} onChange={(e) => setToken(e.target.value)} spellCheck={false} autoComplete="off" />
        <button type="submit" disabled={busy}>
          {busy ? 'Running…' : 'Run'}
        </button>
      </form>
      <h2>Result</h2>
      <pre className="result" aria-live="polite" data-testid="result">
        {result}
      </pre>
      <SchemaList fields={fields} />
    </main>
  );
}
