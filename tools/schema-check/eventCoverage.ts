import { CACHEABLE_ENTITIES, MUTATION_EVENTS, type CacheableEntity, type MutationEvents } from '../../common/entityCacheContract';
import { EVENT_INVALIDATIONS } from '../../common/eventContracts';
import type { SubgraphName } from '../../common/subgraphs';
import { namedType, declares, fieldsOf, keysOf, resolvesEntity } from './eventSdl';
import { plural, type Finding, type StepOutcome } from './findings';
import { locateCoordinate, type SubgraphFile } from './subgraphFiles';

/**
 * The `events` step: a cacheable entity may be changed only by a mutation whose events invalidate it, so a cache
 * invalidated by the owners' events is never stale. Concretely, for the subgraph SDLs and the contract:
 *  - every Mutation field of every subgraph is listed in MUTATION_EVENTS with the events it records;
 *  - each cacheable type the mutation changes is invalidated by one of those events: the type it returns when that
 *    is cacheable, else the cacheable entities its returned object holds and the subgraph owns (a Return's
 *    Order), plus the types it declares under `changes` (a case opened changes its customer's list of cases);
 *  - an event is recorded only by its owner, and invalidates cacheable types by their exact @key.
 */

export interface EventContract {
  cacheable: Readonly<Record<string, CacheableEntity>>;
  mutations: Readonly<Partial<Record<SubgraphName, Readonly<Record<string, MutationEvents>>>>>;
  events: Readonly<Record<string, { owner: SubgraphName; invalidates: readonly { typename: string; key: Readonly<Record<string, string>> }[] }>>;
}

/** The project's own contract (common/entityCacheContract.ts and common/eventContracts.ts). */
export const PROJECT_EVENT_CONTRACT: EventContract = { cacheable: CACHEABLE_ENTITIES, mutations: MUTATION_EVENTS, events: EVENT_INVALIDATIONS };

const CONTRACT_FILES = 'common/entityCacheContract.ts (MUTATION_EVENTS) and common/eventContracts.ts (EVENT_INVALIDATIONS)';

export function eventsStep(files: readonly SubgraphFile[], contract: EventContract = PROJECT_EVENT_CONTRACT): StepOutcome {
  const findings: Finding[] = [...cacheableKeyFindings(files, contract), ...invalidationKeyFindings(contract)];
  let mutations = 0;
  for (const file of files) {
    const listed = contract.mutations[file.name] ?? {};
    const declared = fieldsOf(file, 'Mutation');
    mutations += declared.length;
    for (const field of declared) {
      const coordinate = `Mutation.${field.name.value}`;
      const entry = Object.hasOwn(listed, field.name.value) ? listed[field.name.value] : undefined;
      if (!entry) {
        findings.push(finding(file, coordinate, 'MUTATION_WITHOUT_EVENTS',
          `[${file.name}] ${coordinate} is not in the events contract: it could change a cached entity and no cache would hear of it.`,
          `Record a domain event in the mutation's transaction (common/outbox/recordEvent.ts) and list it under MUTATION_EVENTS.${file.name}.${field.name.value} in ${CONTRACT_FILES}, with the entities it invalidates.`));
        continue;
      }
      findings.push(...coverageFindings(file, coordinate, touchedTypes(file, namedType(field.type), entry, contract), entry, contract));
    }
    for (const name of Object.keys(listed)) {
      if (declared.some((f) => f.name.value === name)) continue;
      findings.push({ step: 'events', severity: 'warning', code: 'EVENTS_FOR_UNKNOWN_MUTATION', subgraphs: [file.name], coordinate: `Mutation.${name}`,
        message: `[${file.name}] MUTATION_EVENTS lists Mutation.${name}, which ${file.path} does not declare.`, fix: `Remove the entry from ${CONTRACT_FILES}.` });
    }
  }
  const summary = `${plural(Object.keys(contract.cacheable).length, 'cacheable type')}, ${plural(mutations, 'mutation')} checked for invalidating events`;
  return { findings, summary };
}

/** The cacheable types a mutation changes, with why: derived from what it returns, and what the contract says. */
function touchedTypes(file: SubgraphFile, returned: string, entry: MutationEvents, contract: EventContract): Map<string, string> {
  const touched = new Map<string, string>();
  if (Object.hasOwn(contract.cacheable, returned)) {
    // A reference to another owner's entity (`resolvable: false`) is only a key: this mutation did not change it.
    if (resolvesEntity(file, returned)) touched.set(returned, `it returns ${returned}`);
  } else {
    // Only entities this subgraph owns: a Return's Product is Pricing's, and a return does not change it.
    for (const field of fieldsOf(file, returned)) {
      const held = namedType(field.type);
      if (Object.hasOwn(contract.cacheable, held) && contract.cacheable[held].owner === file.name) touched.set(held, `it returns ${returned}, whose field ${field.name.value} holds ${held}`);
    }
  }
  for (const changed of entry.changes ?? []) touched.set(changed, `the contract says it changes ${changed}`);
  return touched;
}

function coverageFindings(file: SubgraphFile, coordinate: string, touched: Map<string, string>, entry: MutationEvents, contract: EventContract): Finding[] {
  const findings: Finding[] = [];
  const invalidated = new Set<string>();
  for (const type of entry.emits) {
    const event = Object.hasOwn(contract.events, type) ? contract.events[type] : undefined;
    if (!event) {
      findings.push(finding(file, coordinate, 'EVENT_NOT_IN_CONTRACT', `[${file.name}] ${coordinate} records ${type}, which EVENT_INVALIDATIONS does not declare.`,
        `Declare ${type} in common/eventContracts.ts with the entities it invalidates.`));
      continue;
    }
    if (event.owner !== file.name) {
      findings.push(finding(file, coordinate, 'EVENT_OF_ANOTHER_OWNER', `[${file.name}] ${coordinate} records ${type}, an event owned by ${event.owner}: a subgraph records only its own events, in its own outbox.`,
        `Give ${file.name} an event of its own for this change.`));
      continue;
    }
    for (const rule of event.invalidates) invalidated.add(rule.typename);
  }
  for (const [type, why] of touched) {
    if (!Object.hasOwn(contract.cacheable, type)) {
      findings.push(finding(file, coordinate, 'UNKNOWN_CACHEABLE_TYPE', `[${file.name}] MUTATION_EVENTS says ${coordinate} changes ${type}, which is not a cacheable type.`,
        `Name a type of CACHEABLE_ENTITIES in common/entityCacheContract.ts, or drop it from changes.`));
    } else if (!invalidated.has(type)) {
      const but = entry.emits.length > 0 ? `${entry.emits.join(', ')} invalidates no ${type}` : 'it records no event';
      findings.push(finding(file, coordinate, 'MUTATION_NOT_INVALIDATING',
        `[${file.name}] ${coordinate} changes the cacheable ${type} (${why}), but ${but}: a cached ${type} would stay stale.`,
        `Add { typename: '${type}', key: … } to the invalidations of one of its events in common/eventContracts.ts, or record an event that invalidates ${type}.`));
    }
  }
  return findings;
}

/** Every cacheable type is an entity its owner resolves by exactly the contract's key. */
function cacheableKeyFindings(files: readonly SubgraphFile[], contract: EventContract): Finding[] {
  const findings: Finding[] = [];
  for (const [type, entity] of Object.entries(contract.cacheable)) {
    const owner = files.find((f) => f.name === entity.owner);
    if (!owner) continue; // its SDL is missing: the compose step already fails on that
    const wanted = [...entity.key].sort().join(' ');
    if (keysOf(owner, type).some((key) => key.resolvable && [...key.fields].sort().join(' ') === wanted)) continue;
    const has = declares(owner, type) ? 'has no resolvable @key on exactly these fields' : 'does not declare it';
    findings.push(finding(owner, type, 'CACHEABLE_TYPE_WITHOUT_KEY', `[${owner.name}] ${type} is cacheable by (${entity.key.join(', ')}), but its owner ${owner.name} ${has}.`,
      `Make CACHEABLE_ENTITIES.${type} in common/entityCacheContract.ts name the owner and the fields of its @key.`));
  }
  return findings;
}

/** Every invalidation names a cacheable type and fills exactly its key: otherwise a cache could not find the entry. */
function invalidationKeyFindings(contract: EventContract): Finding[] {
  const findings: Finding[] = [];
  for (const [type, event] of Object.entries(contract.events)) {
    for (const rule of event.invalidates) {
      const entity = Object.hasOwn(contract.cacheable, rule.typename) ? contract.cacheable[rule.typename] : undefined;
      const given = Object.keys(rule.key).sort().join(' ');
      if (entity && [...entity.key].sort().join(' ') === given) continue;
      findings.push({ step: 'events', severity: 'error', code: 'INVALIDATION_KEY_MISMATCH', subgraphs: [event.owner], coordinate: rule.typename,
        message: entity
          ? `${type} invalidates ${rule.typename} by (${given}), but ${rule.typename} is cached by (${entity.key.join(', ')}).`
          : `${type} invalidates ${rule.typename}, which is not a cacheable type.`,
        fix: `Correct EVENT_INVALIDATIONS.${type} in common/eventContracts.ts.` });
    }
  }
  return findings;
}

function finding(file: SubgraphFile, coordinate: string, code: string, message: string, fix: string): Finding {
  return { step: 'events', severity: 'error', code, message, subgraphs: [file.name], coordinate, fix, location: locateCoordinate(file, coordinate) };
}
