import type { Registry } from 'prom-client';
import type { Logger } from '../../common/logger';
import { openUsageStore } from './openStore';
import { UsageRecorder } from './recorder';

export { useUsageReporting } from './useUsageReporting';
export { usageClient } from './client';
export type { UsageRecorder } from './recorder';

/** USAGE_STORE=off: no usage reporting. */
export const USAGE_OFF = 'off';

/** The gateway's usage recorder for USAGE_STORE (undefined when it is `off`). */
export function startUsageReporting(location: string | undefined, log: Logger, registry?: Registry): UsageRecorder | undefined {
  if (location === USAGE_OFF) return undefined;
  const store = openUsageStore(location);
  log.info({ store: store.description }, 'usage reporting on');
  return new UsageRecorder({ store, log, registry });
}
