import {
  defaultFieldResolver,
  getNamedType,
  isObjectType,
  type FieldDefinitionNode,
  type GraphQLError,
  type GraphQLField,
  type GraphQLFieldResolver,
  type GraphQLObjectType,
  type GraphQLResolveInfo,
  type GraphQLSchema,
} from 'graphql';
import { ErrorCode, customerSignInRequired, graphError } from './errors';
import type { Viewer } from './identity';

/**
 * Enforces the access directives a subgraph declares in its own SDL (they are not composed into
 * the supergraph: the subgraph that holds the data enforces them):
 *
 *   directive @requiresRole(anyOf: [String!]!) on FIELD_DEFINITION
 *   directive @customerOwned on OBJECT
 *
 * @requiresRole: the field runs only for callers holding one of the roles.
 * @customerOwned: every object of the type reaching a caller, by any field or through
 * `_entities`, belongs to that caller when the caller is a customer; staff roles see any;
 * anonymous callers and bots acting for no customer none (a bot acting for a customer is that
 * customer, with the bot as actor).
 */
export type OwnerOf = (object: Record<string, unknown>) => string | null | undefined;

export interface AccessRuleOptions {
  /** Whose record an object of each @customerOwned type is. Default: `customerId`, or `id` for Customer. */
  owners?: Record<string, OwnerOf>;
  /**
   * Called for each owned object a staff caller, or a client acting for a customer, reads (access logs).
   * `entity`: in an `_entities` request, the index of the representation whose answer holds the object
   * (what the gateway's entity cache keeps per answer: common/accessRecords.ts).
   */
  onStaffRead?: (typename: string, ownerId: string, viewer: Viewer, context: AccessContext, entity?: number) => Promise<unknown> | void;
  /**
   * The subgraph keeps an access log (`customer_access_log`, common/accessLog.ts) of every owned type but
   * `skip`: it then also takes the gateway's records of logged reads served from its cache (common/accessRecords.ts).
   */
  accessLog?: { skip: ReadonlySet<string> };
}

export interface AccessContext {
  viewer: Viewer;
}

/** Staff see any customer's records. A `bot` is not staff: it speaks to the public (#18). */
const STAFF = new Set(['agent', 'store', 'service']);

/** Whether the owners log this caller's reads of customer records (`onStaffRead`): staff, and any client acting for a customer. */
export function readsAreLogged(viewer: Pick<Viewer, 'role' | 'actor'>): boolean {
  return STAFF.has(viewer.role) || (viewer.role === 'customer' && !!viewer.actor);
}

/** The schema's @customerOwned object types. */
export function customerOwnedTypes(schema: GraphQLSchema): string[] {
  return Object.values(schema.getTypeMap())
    .filter((type) => isObjectType(type) && hasDirective(type, 'customerOwned'))
    .map((type) => type.name);
}

export function applyAccessRules(schema: GraphQLSchema, options: AccessRuleOptions = {}): void {
  const owned = new Map<string, OwnerOf>();
  for (const name of customerOwnedTypes(schema)) owned.set(name, options.owners?.[name] ?? defaultOwner(name));
  const check = async (typename: string, value: unknown, viewer: Viewer, context: AccessContext, entity: number | undefined) => {
    const ownerOf = owned.get(typename);
    if (!ownerOf || value === null || value === undefined || value instanceof Error) return;
    const ownerId = ownerOf(value as Record<string, unknown>);
    if (viewer.role === 'anonymous') throw graphError(ErrorCode.UNAUTHENTICATED, 'Sign in to read customer records');
    if (viewer.role === 'bot') throw customerSignInRequired(typename);
    if (viewer.role === 'customer') {
      if (!ownerId || ownerId !== viewer.customerId) {
        throw graphError(ErrorCode.FORBIDDEN, `A customer may read only their own records (${typename})`);
      }
      // A client acting for the customer (a bot) reads their records: the customer sees that too.
      if (viewer.actor) await options.onStaffRead?.(typename, ownerId, viewer, context, entity);
      return;
    }
    // The read waits for its access-log entry: no record reaches staff unlogged.
    if (ownerId && STAFF.has(viewer.role)) await options.onStaffRead?.(typename, ownerId, viewer, context, entity);
  };

  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const roles = requiredRoles(field);
      const returned = getNamedType(field.type).name;
      const isEntities = type === schema.getQueryType() && field.name === '_entities';
      if (!roles && !owned.has(returned) && !isEntities) continue;
      field.resolve = guard(type, field, roles, isEntities, owned.has(returned) ? returned : undefined, check);
    }
  }
}

function guard(
  parentType: GraphQLObjectType,
  field: GraphQLField<unknown, AccessContext>,
  roles: string[] | undefined,
  isEntities: boolean,
  ownedType: string | undefined,
  check: (typename: string, value: unknown, viewer: Viewer, context: AccessContext, entity: number | undefined) => Promise<void>,
): GraphQLFieldResolver<unknown, AccessContext> {
  const resolve = field.resolve ?? defaultFieldResolver;
  const isRootLookup = parentType.name === 'Query';
  return async (source, args, context, info) => {
    const viewer = context.viewer;
    if (roles && !roles.includes(viewer.role)) throw roleRefusal(viewer, roles, `${parentType.name}.${field.name}`);
    const result = await resolve(source, args, context, info);
    if (isEntities) {
      // Each representation is checked on its own: one refused entity does not hide the others.
      const settled = await Promise.allSettled(result as unknown[]);
      return Promise.all(
        settled.map(async (item, index) => {
          if (item.status === 'rejected') return item.reason instanceof Error ? item.reason : new Error(String(item.reason));
          try {
            const typename = (item.value as { __typename?: string } | null)?.__typename;
            if (typename) await check(typename, item.value, viewer, context, index);
            return item.value;
          } catch (error) {
            return error;
          }
        }),
      );
    }
    if (ownedType) {
      const values = Array.isArray(result) ? result : [result];
      const entity = entityIndexOf(info.path);
      await Promise.all(values.map((value) => check(ownedType, value, viewer, context, entity)));
      // A customer's lookup that finds nothing of theirs is refused like one that finds another's,
      // so lookups cannot probe who else is a customer.
      if (isRootLookup && viewer.role === 'customer' && (result === null || result === undefined)) {
        throw graphError(ErrorCode.FORBIDDEN, `A customer may read only their own records (${ownedType})`);
      }
    }
    return result;
  };
}

/** The `_entities` index a resolver's path lies under (`_entities.3.orders.0` → 3); undefined outside `_entities`. */
function entityIndexOf(path: GraphQLResolveInfo['path'] | undefined): number | undefined {
  let below: string | number | undefined;
  for (let at = path; at; at = at.prev) {
    if (!at.prev) return at.key === '_entities' && typeof below === 'number' ? below : undefined;
    below = at.key;
  }
  return undefined;
}

/** What a caller whose role a field does not allow is told: sign in, have the customer sign in, or no. */
export function roleRefusal(viewer: Pick<Viewer, 'role'>, roles: readonly string[], coordinate: string): GraphQLError {
  if (viewer.role === 'anonymous') return graphError(ErrorCode.UNAUTHENTICATED, `Sign in to use ${coordinate}`);
  // What a customer may do, a bot may do only for a signed-in customer it acts for.
  if (viewer.role === 'bot' && roles.includes('customer')) return customerSignInRequired(coordinate);
  return graphError(ErrorCode.FORBIDDEN, `The ${viewer.role} role may not use ${coordinate}`);
}

function requiredRoles(field: GraphQLField<unknown, unknown>): string[] | undefined {
  return rolesRequiredBy(field.astNode ?? undefined);
}

/** The roles a field's `@requiresRole(anyOf:)` allows; undefined when it has none (anyone may use it). */
export function rolesRequiredBy(field: FieldDefinitionNode | undefined): string[] | undefined {
  const directive = field?.directives?.find((d) => d.name.value === 'requiresRole');
  const arg = directive?.arguments?.find((a) => a.name.value === 'anyOf');
  if (!field || !arg) return undefined;
  if (arg.value.kind !== 'ListValue') throw new Error(`@requiresRole(anyOf:) on ${field.name.value} must be a list`);
  return arg.value.values.map((v) => (v.kind === 'StringValue' ? v.value : String((v as { value?: unknown }).value)));
}

function hasDirective(type: GraphQLObjectType, name: string): boolean {
  return [type.astNode, ...(type.extensionASTNodes ?? [])].some((node) => node?.directives?.some((d) => d.name.value === name));
}

function defaultOwner(typename: string): OwnerOf {
  return typename === 'Customer'
    ? (o) => (o.id as string | undefined) ?? null
    : (o) => (o.customerId as string | undefined) ?? null;
}
