import { useState, type FormEvent } from 'react';
import { useHashRoute } from '../useHashRoute';
import { CustomerPage } from './CustomerPage';
import { ProductPage } from './ProductPage';
import { useSearch } from './useSearch';

/** The agent console: one search box for whatever the customer quotes, and what it leads to. */
export function AgentConsole() {
  const [route, navigate] = useHashRoute();
  const [text, setText] = useState('');
  // Every search shows fresh data, also when it leads to the view already open.
  const [searches, setSearches] = useState(0);
  const { search, message, busy } = useSearch((found) => {
    setSearches((n) => n + 1);
    navigate(found.kind === 'customer' ? `/customer/${found.id}${found.focus ? `/${found.focus}` : ''}` : `/product/${found.sku}`);
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void search(text);
  };
  return (
    <>
      <form className="search" role="search" onSubmit={submit}>
        <label htmlFor="reference">Email, phone, order, case or SKU the customer quotes</label>
        <div className="row">
          <input id="reference" value={text} onChange={(e) => setText(e.target.value)} autoFocus autoComplete="off" placeholder="e.g. 987654321, CS-482913, bob.jones@email.com" />
          <button type="submit" disabled={busy}>
            {busy ? 'Searching…' : 'Search'}
          </button>
        </div>
        {message && (
          <p className="search-message" role="alert">
            {message}
          </p>
        )}
      </form>
      {route[0] === 'customer' && route[1] && <CustomerPage key={`${route[1]}-${searches}`} id={route[1]} focus={route[2]} />}
      {route[0] === 'product' && route[1] && <ProductPage key={`${route[1]}-${searches}`} sku={route[1]} />}
    </>
  );
}
