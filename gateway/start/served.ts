import type { Route } from '../../common/http';
import type { PersistedQueryCache } from '../persisted/apqCache';
import type { UsageRecorder } from '../usage';

/** What a GraphQL host is given beside the core: the APQ store (APQ on), the routes beside /graphql, the usage recorder (usage on). */
export interface Served {
  apq?: PersistedQueryCache;
  routes: Record<string, Route>;
  usage?: UsageRecorder;
}
