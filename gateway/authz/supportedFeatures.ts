import { DEFAULT_SUPPORTED_SUPERGRAPH_FEATURES, Supergraph } from '@apollo/federation-internals';

/**
 * The linked features a supergraph may use for SECURITY or EXECUTION and still be served: those
 * every gateway understands (core, join, tag, inaccessible) and the authorization directives this
 * gateway enforces itself (gateway/authz/). Any other SECURITY or EXECUTION feature is refused at
 * load, as stock @apollo/gateway does: serving it while ignoring it could expose what it protects.
 * `cost` is listed for completeness (composition links it without a purpose): gateway/limits reads it.
 */
export const ENFORCED_SUPERGRAPH_FEATURES: ReadonlySet<string> = new Set([
  ...DEFAULT_SUPPORTED_SUPERGRAPH_FEATURES,
  'https://specs.apollo.dev/authenticated/v0.1',
  'https://specs.apollo.dev/requiresScopes/v0.1',
  'https://specs.apollo.dev/policy/v0.1',
  'https://specs.apollo.dev/cost/v0.1',
]);

/** The supergraph as the gateway serves it: a SECURITY or EXECUTION feature not enforced here throws (and so does a broken supergraph). */
export function buildServedSupergraph(supergraphSdl: string): Supergraph {
  return Supergraph.build(supergraphSdl, { supportedFeatures: new Set(ENFORCED_SUPERGRAPH_FEATURES) });
}
