import { useEffect, useState } from 'react';

/** "Updated just now": when the data on screen last arrived, and whether live updates are flowing. */
export function Freshness({ at, mode }: { at: number | undefined; mode: string }) {
  const [, tick] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => tick((n) => n + 1), 5000);
    return () => clearInterval(timer);
  }, []);
  if (!at) return null;
  const seconds = Math.round((Date.now() - at) / 1000);
  const ago = seconds < 10 ? 'just now' : seconds < 60 ? `${seconds} s ago` : `${Math.round(seconds / 60)} min ago`;
  return (
    <p className="freshness" role="status" aria-live="polite" data-updated-at={at}>
      Updated {ago} · {mode}
    </p>
  );
}
