import type { NamedType, Supergraph } from '@apollo/federation-internals';

/**
 * What the caller needs to see one field or type, as the supergraph's authorization directives say.
 * Each of `scopes` and `policies` is a list of directive applications, every one of which must be
 * met; one application is met when every name of one of its inner lists is (OR of ANDs, as the
 * directives' `[[String!]!]!` arguments mean).
 */
export interface Requirement {
  authenticated: boolean;
  scopes: string[][][];
  policies: string[][][];
}

/** The supergraph's authorization directives by schema coordinate (`Type` and `Type.field`). */
export interface AuthzDirectives {
  byCoordinate: ReadonlyMap<string, Requirement>;
  /** Every policy some directive names: each must be defined in the configuration (or it is never met). */
  policyNames: ReadonlySet<string>;
}

const SPECS = {
  authenticated: 'https://specs.apollo.dev/authenticated',
  requiresScopes: 'https://specs.apollo.dev/requiresScopes',
  policy: 'https://specs.apollo.dev/policy',
} as const;

/**
 * Reads @authenticated, @requiresScopes and @policy from the supergraph (composition keeps their
 * applications on the supergraph's fields and types, under the names its @link gives them).
 */
export function readAuthzDirectives(supergraph: Supergraph): AuthzDirectives {
  const schema = supergraph.schema;
  const features = schema.coreFeatures;
  const nameOf = (identity: string, directive: string) => features?.getByIdentity(identity)?.directiveNameInSchema(directive);
  const names = {
    authenticated: nameOf(SPECS.authenticated, 'authenticated'),
    requiresScopes: nameOf(SPECS.requiresScopes, 'requiresScopes'),
    policy: nameOf(SPECS.policy, 'policy'),
  };
  const byCoordinate = new Map<string, Requirement>();
  const policyNames = new Set<string>();
  if (!names.authenticated && !names.requiresScopes && !names.policy) return { byCoordinate, policyNames };

  const read = (coordinate: string, element: { appliedDirectivesOf(name: string): ReadonlyArray<{ arguments(): Record<string, any> }> }) => {
    const authenticated = names.authenticated ? element.appliedDirectivesOf(names.authenticated).length > 0 : false;
    const scopes = names.requiresScopes ? element.appliedDirectivesOf(names.requiresScopes).map((d) => d.arguments().scopes as string[][]) : [];
    const policies = names.policy ? element.appliedDirectivesOf(names.policy).map((d) => d.arguments().policies as string[][]) : [];
    for (const group of policies) for (const all of group) for (const name of all) policyNames.add(name);
    if (authenticated || scopes.length || policies.length) byCoordinate.set(coordinate, { authenticated, scopes, policies });
  };
  for (const type of schema.types() as NamedType[]) {
    if (type.isBuiltIn) continue;
    read(type.name, type);
    if (type.kind === 'ObjectType' || type.kind === 'InterfaceType') {
      for (const field of type.fields()) read(`${type.name}.${field.name}`, field);
    }
  }
  return { byCoordinate, policyNames };
}
