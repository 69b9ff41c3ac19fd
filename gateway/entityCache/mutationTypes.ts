import type { FetchNode } from '@apollo/query-planner';
import { Kind, parse } from 'graphql';
import { MUTATION_EVENTS } from '../../common/entityCacheContract';
import { typesInvalidatedBy } from '../../common/invalidationsFor';

/** The types a mutation fetch may change, from its root fields and the contract's MUTATION_EVENTS. */
export function typesChangedBy(fetch: FetchNode): string[] | 'all' {
  const declared = MUTATION_EVENTS[fetch.serviceName as keyof typeof MUTATION_EVENTS];
  const types = new Set<string>();
  for (const definition of parse(fetch.operation, { noLocation: true }).definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
    for (const selection of definition.selectionSet.selections) {
      if (selection.kind !== Kind.FIELD) return 'all';
      if (selection.name.value === '__typename') continue;
      const mutation = declared && Object.hasOwn(declared, selection.name.value) ? declared[selection.name.value] : undefined;
      if (!mutation) return 'all';
      for (const event of mutation.emits) for (const type of typesInvalidatedBy(event)) types.add(type);
      for (const type of mutation.changes ?? []) types.add(type);
    }
  }
  return [...types];
}
