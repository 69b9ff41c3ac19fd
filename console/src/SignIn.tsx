import { useEffect, useState, type FormEvent } from 'react';
import { demoIdentities, demoSignIn, sessionFromToken, type DemoIdentity, type Session } from './session';

/**
 * Demo mode: pick a role (the gateway's /auth/demo signs a token). Any deployment: paste a bearer
 * token from the identity provider; the gateway verifies it on every request.
 */
export function SignIn({ onSignedIn }: { onSignedIn: (session: Session) => void }) {
  const [identities, setIdentities] = useState<DemoIdentity[]>();
  const [token, setToken] = useState('');
  const [error, setError] = useState<string>();
  useEffect(() => {
    demoIdentities().then(setIdentities, () => setIdentities(undefined));
  }, []);
  const pick = (identity: DemoIdentity) => demoSignIn(identity).then(onSignedIn, (e: Error) => setError(e.message));
  const paste = (event: FormEvent) => {
    event.preventDefault();
    try {
      onSignedIn(sessionFromToken(token));
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <main className="sign-in">
      <h1>Customer graph</h1>
      {identities && (
        <section aria-labelledby="demo-heading">
          <h2 id="demo-heading">Sign in as (demo)</h2>
          <ul className="identities">
            {identities.map((identity) => (
              <li key={`${identity.role}-${identity.subject}`}>
                <button type="button" onClick={() => void pick(identity)}>
                  {identity.label}
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
      <form onSubmit={paste} aria-labelledby="token-heading">
        <h2 id="token-heading">Sign in with a bearer token</h2>
        <label htmlFor="token">Token from your identity provider</label>
        <textarea id="token" value={token} onChange={(e) => setToken(e.target.value)} rows={3} spellCheck={false} />
        <button type="submit">Use token</button>
      </form>
      {error && (
        <p role="alert" className="alert">
          {error}
        </p>
      )}
    </main>
  );
}
