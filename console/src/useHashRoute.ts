import { useEffect, useState } from 'react';

/** The view's address lives in the URL hash (#/customer/CUS-000002): bookmarkable, no server routes. */
export function useHashRoute(): [string[], (path: string) => void] {
  const read = () => window.location.hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  const [parts, setParts] = useState(read);
  useEffect(() => {
    const onChange = () => setParts(read());
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return [parts, (path: string) => void (window.location.hash = path)];
}
