import { ApolloProvider } from '@apollo/client/react';
import { useMemo, useState } from 'react';
import { AccountPage } from './account/AccountPage';
import { AgentConsole } from './agent/AgentConsole';
import { createClient } from './apollo';
import { loadSession, saveSession, type Session } from './session';
import { SignIn } from './SignIn';
import { useHashRoute } from './useHashRoute';

export function App() {
  const [session, setSession] = useState<Session | undefined>(loadSession);
  const client = useMemo(() => (session ? createClient(session) : undefined), [session]);
  const [route] = useHashRoute();
  const signIn = (next: Session | undefined) => {
    saveSession(next);
    setSession(next);
    window.location.hash = next?.role === 'customer' ? '/account' : '/';
  };
  if (!session || !client) return <SignIn onSignedIn={signIn} />;
  const customer = session.role === 'customer';
  return (
    <ApolloProvider client={client}>
      <header className="top">
        <h1>{customer ? 'Your account' : 'Agent console'}</h1>
        <p>
          Signed in as <strong>{session.label}</strong>{' '}
          <button type="button" className="link" onClick={() => signIn(undefined)}>
            Sign out
          </button>
        </p>
      </header>
      <main>{customer ? <AccountPage customerId={route[0] === 'account' && route[1] ? route[1] : session.subject} /> : <AgentConsole />}</main>
    </ApolloProvider>
  );
}
