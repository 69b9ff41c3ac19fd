import { useEffect, useState } from 'react';

/** Until the gateway's subscriptions are wired, an open view asks again this often. */
export const POLL_MS = 2000;

/** When the data on screen last changed (the "updated just now" marker). */
export function useUpdatedAt(data: unknown): number | undefined {
  const [at, setAt] = useState<number>();
  useEffect(() => {
    if (data) setAt(Date.now());
  }, [data]);
  return at;
}
