import type { DefinitionNode, DocumentNode } from 'graphql';

/**
 * @apollo/gateway's executeQueryPlan turns the operation's syntax tree into a federation
 * `Operation` on every request (`operationFromDocument(apiSchema, …, { validate: false })`), plan
 * cached or not, although Apollo Server hands it the very same parsed document for the same query
 * text. In the gateway's CPU profile that rebuild is about 4 % of its busy time. This remembers the
 * result per API schema and per syntax-tree definitions (the same objects request after request);
 * execution and result shaping only read the `Operation`.
 *
 * The call is reached through the module that defines it (@apollo/federation-internals re-exports
 * it through a live binding), so this is installed only on the gateway version it was read against
 * (GATEWAY_VERSION); any other version runs unchanged, and a test fails to say so.
 */
export const GATEWAY_VERSION = '2.14.4';

type OperationFromDocument = (schema: object, document: DocumentNode, options?: { operationName?: string; validate?: boolean }) => unknown;
interface OperationsModule {
  operationFromDocument: OperationFromDocument & { memoised?: true };
}

/** The definitions a cached Operation was built from, and the Operation. */
interface Entry {
  definitions: readonly DefinitionNode[];
  operation: unknown;
}

export function installOperationCache(): boolean {
  const version = (require('@apollo/gateway/package.json') as { version: string }).version;
  if (version !== GATEWAY_VERSION) return false;
  const operations = require('@apollo/federation-internals/dist/operations') as OperationsModule;
  if (operations.operationFromDocument.memoised) return true;
  operations.operationFromDocument = memoise(operations.operationFromDocument);
  return true;
}

/** Only executeQueryPlan's call shape (validate: false, no operation name) is remembered. */
export function memoise(build: OperationFromDocument): OperationFromDocument & { memoised: true } {
  // Weak on both keys: a replaced supergraph, or a document Apollo Server's cache let go, frees its entries.
  const bySchema = new WeakMap<object, WeakMap<DefinitionNode, Entry[]>>();
  const memoised = (schema: object, document: DocumentNode, options?: { operationName?: string; validate?: boolean }) => {
    const definitions = document.definitions;
    if (options?.validate !== false || options.operationName !== undefined || definitions.length === 0) return build(schema, document, options);
    let byDefinition = bySchema.get(schema);
    if (!byDefinition) bySchema.set(schema, (byDefinition = new WeakMap()));
    const entries = byDefinition.get(definitions[0]);
    const hit = entries?.find((entry) => sameDefinitions(entry.definitions, definitions));
    if (hit) return hit.operation;
    const operation = build(schema, document, options);
    const entry = { definitions: [...definitions], operation };
    if (entries) entries.push(entry);
    else byDefinition.set(definitions[0], [entry]);
    return operation;
  };
  return Object.assign(memoised, { memoised: true as const });
}

function sameDefinitions(a: readonly DefinitionNode[], b: readonly DefinitionNode[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
