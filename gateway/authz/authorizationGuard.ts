import { GraphQLError, getOperationAST, type ExecutionResult } from 'graphql';
import type { EngineSchemas } from '../engine/compile';
import type { GuardedRequest, RequestGuard } from '../engine/engine';
import type { EngineRequest } from '../engine/request';
import { callerGrants } from './caller';
import { filterOperation } from './filterOperation';
import type { Policies } from './policies';
import { readAuthzDirectives } from './requirements';
import { restoreRemoved } from './restoreRemoved';

export const UNAUTHORIZED_FIELD_OR_TYPE = 'UNAUTHORIZED_FIELD_OR_TYPE';

export interface AuthorizationSettings {
  /** AUTHZ_SCOPE_CLAIM, default `scope`: the claim @requiresScopes reads (space-separated, or a list). */
  scopeClaim: string;
  /** authorization.policies: the rules @policy names. */
  policies: Policies;
}

/**
 * The engine's guard for the supergraph's @authenticated, @requiresScopes and @policy: built once
 * per supergraph, it runs on each request before it is planned, so a subgraph is never asked for
 * what the caller may not see. Removed fields come back null with an UNAUTHORIZED_FIELD_OR_TYPE
 * error at their path, the rest of the answer as usual. A supergraph without these directives
 * gets no guard at all. Policies the supergraph names and the configuration lacks are reported
 * (they are never met).
 */
export function authorizationGuard(settings: AuthorizationSettings, log?: { warn(details: object, message: string): void }) {
  return (schemas: EngineSchemas): RequestGuard | undefined => {
    const directives = readAuthzDirectives(schemas.supergraph);
    if (directives.byCoordinate.size === 0) return undefined;
    const undefinedPolicies = [...directives.policyNames].filter((name) => !Object.hasOwn(settings.policies, name));
    if (undefinedPolicies.length) log?.warn({ policies: undefinedPolicies }, 'the supergraph names policies the configuration does not define: they are never met');
    const requirementOf = (coordinate: string) => directives.byCoordinate.get(coordinate);
    const schema = schemas.apiGraphQLSchema;
    return (request: EngineRequest): GuardedRequest | undefined => {
      const operation = getOperationAST(request.document, request.operationName);
      if (!operation) return undefined;
      const grants = callerGrants(request.context?.claims, settings.scopeClaim, settings.policies);
      const filtered = filterOperation(schema, request.document, operation, requirementOf, grants);
      if (!filtered) return undefined;
      const narrowed = getOperationAST(filtered.document, request.operationName)!;
      const errors = filtered.paths.map(
        (path) => new GraphQLError('Unauthorized field or type', { path, extensions: { code: UNAUTHORIZED_FIELD_OR_TYPE } }),
      );
      return {
        errors,
        request: {
          ...request,
          document: filtered.document,
          planKey: request.planKey === undefined ? undefined : `${request.planKey}\0authz\0${filtered.removals}`,
          // The markers are put back on the whole answer: deferred parts come with the rest.
          incremental: false,
        },
        finish: (result: ExecutionResult): ExecutionResult => ({
          ...result,
          data: restoreRemoved(schema, filtered.document, narrowed, filtered.markers, result.data as Record<string, unknown> | null | undefined),
          errors: [...errors, ...(result.errors ?? [])],
        }),
      };
    };
  };
}
