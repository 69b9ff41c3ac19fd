import { useSubscription } from '@apollo/client/react';
import { useEffect, useRef, useState } from 'react';

import type { StreamContext } from './sseLink';
import { AgentCustomerActivity, ShopCustomerActivity } from './generated/operations';
import { refetchNoted } from './refetch';

/** While the live stream is down (gateway restarting, subscriptions unavailable), views ask again this often. */
export const FALLBACK_POLL_MS = 2000;

export type LiveMode = 'connecting' | 'live' | 'reconnecting' | 'polling';

export const MODE_TEXT: Record<LiveMode, string> = {
  connecting: 'connecting to live updates…',
  live: 'live',
  reconnecting: 'reconnecting (refreshing every 2 s meanwhile)',
  polling: 'live updates unavailable, refreshing every 2 s',
};

interface Refreshable {
  refetch: () => Promise<unknown>;
  startPolling: (ms: number) => void;
  stopPolling: () => void;
}

/**
 * Keeps an open customer view current: the gateway's customerActivity subscription says something
 * changed for this customer (another channel, an automated job) and the view asks again; after a
 * reconnection it asks again too (events may have been missed), and while the stream is down it
 * falls back to polling. The stream never ends by itself, so one the gateway ends as it stops is
 * opened again (see StreamContext.endless).
 */
export function useLiveCustomer(customerId: string, who: 'agent' | 'shop', query: Refreshable, onEvent?: () => void): LiveMode {
  const [mode, setMode] = useState<LiveMode>('connecting');
  const latest = useRef({ query, onEvent });
  latest.current = { query, onEvent };
  const refresh = () => {
    refetchNoted(() => latest.current.query.refetch(), `customer ${customerId} after a live event`);
    latest.current.onEvent?.();
  };
  // One listener object for the subscription's life: a new one each render must not resubscribe.
  const sse = useRef<StreamContext>({
    endless: true,
    connecting: (reconnecting: boolean) => {
      if (!reconnecting) return;
      setMode('reconnecting');
      latest.current.query.startPolling(FALLBACK_POLL_MS);
    },
    connected: (reconnected: boolean) => {
      setMode('live');
      latest.current.query.stopPolling();
      if (reconnected) refresh();
    },
  }).current;
  const { error } = useSubscription(who === 'agent' ? AgentCustomerActivity : ShopCustomerActivity, {
    variables: { customerId },
    context: { sse },
    onData: refresh,
  });
  useEffect(() => {
    if (!error) return;
    setMode('polling');
    latest.current.query.startPolling(FALLBACK_POLL_MS);
  }, [error]);
  return mode;
}

/** When the data on screen last changed (the "updated just now" marker). */
export function useUpdatedAt(data: unknown): number | undefined {
  const [at, setAt] = useState<number>();
  useEffect(() => {
    if (data) setAt(Date.now());
  }, [data]);
  return at;
}
