import { tracingEnabled } from '../../common/spans';
import type { GatewayHook } from '../http/hook';
import { useAccessLog } from '../http/hooks/useAccessLog';
import { useApq } from '../http/hooks/useApq';
import { useBotCatalogue } from '../http/hooks/useBotCatalogue';
import { useCsrfPrevention } from '../http/hooks/useCsrfPrevention';
import { useIdentity } from '../http/hooks/useIdentity';
import { useInputLimits } from '../http/hooks/useInputLimits';
import { useLimits } from '../http/hooks/useLimits';
import { useMetrics } from '../http/hooks/useMetrics';
import { useOperationResolution } from '../http/hooks/useOperationResolution';
import { useRequestId } from '../http/hooks/useRequestId';
import { useTracing } from '../http/hooks/useTracing';
import { useTrustedDocuments } from '../http/hooks/useTrustedDocuments';
import { useUsage } from '../http/hooks/useUsage';
import type { PersistedQueryCache } from '../persisted/apqCache';
import type { UsageRecorder } from '../usage';
import type { GatewayCore } from './core';

/**
 * The gateway's behaviours on its own request path, from its configuration, in the order they act
 * (docs/engine.md, The request path). Within a phase hooks run in this order: trusted documents
 * resolve a manifest hash before APQ looks the hash up; the caller's operation is named (identity)
 * before the bot catalogue and the trusted-documents check judge it, and those refusals come
 * before operation resolution and the limits, as they did under Apollo Server.
 */
export function requestHooks(core: GatewayCore, apq: PersistedQueryCache | undefined, usage: UsageRecorder | undefined): GatewayHook[] {
  const { config, log, metrics, trusted, agentTools } = core;
  return [
    useRequestId(),
    useCsrfPrevention(),
    useInputLimits(),
    ...(tracingEnabled() ? [useTracing()] : []),
    useAccessLog(log),
    ...(metrics ? [useMetrics(metrics)] : []),
    useIdentity(),
    useBotCatalogue(agentTools),
    ...(trusted ? [useTrustedDocuments(trusted)] : []),
    useApq(apq, log.child({ component: 'apq-store' })),
    useOperationResolution(),
    useLimits(config),
    ...(usage ? [useUsage(usage)] : []),
  ];
}
