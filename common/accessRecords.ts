import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { Kind } from 'graphql';
import { readsAreLogged } from './accessRules';
import type { Viewer } from './identity';

/**
 * The owners' side of the gateway's logged cache hits (docs/entity-cache.md, "Logged reads served from the
 * cache"). An owner's `_entities` answer to a caller whose reads it logs says, per representation, which
 * access-log entries it wrote for it (`extensions.accessLogged`); the gateway keeps that with the cached answer
 * and, when it serves the answer again, sends the same entries back to the owner (`ACCESS_RECORDS_PATH`), which
 * writes them into its own log before the gateway lets the answer go.
 */

/** The answer's extension: `{ "<representation index>": [[customerId, record], …] }`, every index the owner logged for. */
export const ACCESS_LOGGED_EXTENSION = 'accessLogged';

/** Where a subgraph keeping an access log takes the gateway's records: beside its /graphql, as /graphql/stream is. */
export const ACCESS_RECORDS_PATH = '/graphql/access-records';

/** The longest list of records one POST may carry (one entity fetch's worth is a few). */
export const MAX_ACCESS_RECORDS = 500;

/** One read served from the gateway's cache, as the owner would have logged it. The caller is the identity the request carries. */
export interface AccessRecord {
  /** Chosen by the gateway, unique per entry: a POST sent again writes nothing twice. */
  id: string;
  customerId: string;
  /** The GraphQL type of the record read (`Order`), as the owner logs it. */
  record: string;
}

/** The body of a POST to ACCESS_RECORDS_PATH. */
export interface AccessRecordsBody {
  records: AccessRecord[];
}

/** What the owner said it logged per representation: `[customerId, record]` pairs. */
export type LoggedPerEntity = Record<string, Array<[string, string]>>;

const SEPARATOR = '\u0000';

/** Per `_entities` request of a logged caller: representation index -> `customerId\0record` logged for it. */
const loggedByEntity = new WeakMap<object, Map<number, Set<string>>>();

/** Notes an entry the access log wrote for the object of representation `entity` (when the request reports them). */
export function noteLogged(context: object, entity: number | undefined, customerId: string, record: string): void {
  if (entity === undefined) return;
  const logged = loggedByEntity.get(context);
  if (!logged) return;
  let entries = logged.get(entity);
  if (!entries) logged.set(entity, (entries = new Set()));
  entries.add(`${customerId}${SEPARATOR}${record}`);
}

/**
 * Adds `extensions.accessLogged` to the answer of an `_entities` request (alone at its root, unaliased: as the
 * gateway sends them) from a caller whose reads are logged, even when nothing was logged: "nothing" is an answer
 * the gateway needs, whereas a missing extension tells it the owner does not report (it then keeps nothing).
 */
export function reportAccessLogged<C extends BaseContext & { viewer: Viewer }>(): ApolloServerPlugin<C> {
  return {
    async requestDidStart({ contextValue }) {
      if (contextValue.viewer.peer || !readsAreLogged(contextValue.viewer)) return;
      return {
        async didResolveOperation({ operation }) {
          if (!operation) return;
          const root = operation.selectionSet.selections;
          const only = root.length === 1 && root[0].kind === Kind.FIELD ? root[0] : undefined;
          if (operation.operation === 'query' && only?.name.value === '_entities' && !only.alias) loggedByEntity.set(contextValue, new Map());
        },
        async willSendResponse({ response }) {
          const logged = loggedByEntity.get(contextValue);
          if (!logged || response.body.kind !== 'single') return;
          const report: LoggedPerEntity = {};
          for (const [index, entries] of logged) report[index] = [...entries].map((entry) => entry.split(SEPARATOR) as [string, string]);
          const result = response.body.singleResult;
          result.extensions = { ...result.extensions, [ACCESS_LOGGED_EXTENSION]: report };
        },
      };
    },
  };
}
