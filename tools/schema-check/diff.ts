import { Supergraph } from '@apollo/federation-internals';
import { CriticalityLevel, diff, type Change } from '@graphql-inspector/core';
import { buildSchema, isEnumType, isInputObjectType, type GraphQLSchema } from 'graphql';
import type { SchemaRules } from './config';
import { plural, type ChangeLevel, type ClassifiedChange, type Finding, type OperationUse, type StepOutcome } from './findings';
import { readOwnership, subgraphsOf, type Ownership } from './ownership';
import { describeClientUse, type ClientUse, type TrafficUsage } from './usage/traffic';

/** The schema the working tree is compared with. */
export type Base = { kind: 'sdl'; label: string; sdl: string } | { kind: 'none'; label: string; reason: string };

export interface BaseSchema {
  api: GraphQLSchema;
  /** Only a supergraph says which subgraph owns what; a plain API schema does not. */
  ownership?: Ownership;
}

/** A supergraph SDL (join__ annotations) or a plain API schema SDL. */
export function readBaseSchema(sdl: string): BaseSchema {
  if (sdl.includes('specs.apollo.dev/join/')) {
    return { api: Supergraph.build(sdl).apiSchema().toGraphQLJSSchema(), ownership: readOwnership(sdl) };
  }
  return { api: buildSchema(sdl) };
}

export interface DiffInput {
  baseLabel: string;
  base: BaseSchema;
  api: GraphQLSchema;
  ownership: Ownership;
  usage: Map<string, OperationUse[]>;
  /** Real traffic (--usage): a change to a coordinate a client used in the window is judged as used. */
  traffic?: TrafficUsage;
  rules: SchemaRules;
  allowBreaking?: string;
}

export interface DiffResult {
  outcome: StepOutcome;
  changes: ClassifiedChange[];
  acknowledgement?: { reason: string; covers: string[] };
}

const LEVELS: Record<CriticalityLevel, ChangeLevel> = {
  [CriticalityLevel.Breaking]: 'breaking',
  [CriticalityLevel.Dangerous]: 'dangerous',
  [CriticalityLevel.NonBreaking]: 'safe',
};

/** Step 3: every change from the base API schema to the new one, classified by @graphql-inspector/core. */
export async function diffStep(input: DiffInput): Promise<DiffResult> {
  const baseCoordinates = coordinatesOf(input.base.api);
  const changes = (await diff(input.base.api, input.api)).map((change) => classify(change, input, baseCoordinates));
  const findings = changes.flatMap((change) => changeFinding(change, input));
  const breaking = changes.filter((c) => c.level === 'breaking');
  const acknowledgement =
    input.allowBreaking === undefined ? undefined : { reason: input.allowBreaking, covers: breaking.map((c) => c.path ?? c.message) };
  if (acknowledgement && breaking.length === 0) {
    findings.push({ step: 'diff', severity: 'info', code: 'NOTHING_TO_ACKNOWLEDGE', message: '--allow-breaking was given, but there is no breaking change to acknowledge.' });
  }
  const count = (level: ChangeLevel) => changes.filter((c) => c.level === level).length;
  const summary = `${count('breaking')} breaking, ${count('dangerous')} dangerous, ${plural(count('safe'), 'safe change')} against ${input.baseLabel}`;
  return { outcome: { findings, summary }, changes, acknowledgement };
}

function classify(change: Change, input: DiffInput, baseCoordinates: Set<string>): ClassifiedChange {
  const subgraphs = subgraphsOf(input.ownership, change.path);
  return {
    level: LEVELS[change.criticality.level],
    type: change.type,
    path: change.path,
    message: change.message,
    reason: change.criticality.reason,
    subgraphs: subgraphs.length > 0 ? subgraphs : subgraphsOf(input.base.ownership ?? input.ownership, change.path),
    usedBy: usesOf(change.path, input.usage, input, baseCoordinates),
    ...(input.traffic ? { clients: usesOf(change.path, input.traffic.byCoordinate, input, baseCoordinates) } : {}),
  };
}

/**
 * Operations touching the changed coordinate. A coordinate the base lacks touches the users of its parent
 * only where existing calls feel it: a new argument (a required one breaks every call), a new input field,
 * a new enum value. A new field of an object type touches nobody.
 */
function usesOf<Use>(path: string | undefined, usage: Map<string, Use[]>, input: DiffInput, baseCoordinates: Set<string>): Use[] {
  if (!path) return [];
  const direct = usage.get(path);
  if (direct || baseCoordinates.has(path)) return direct ?? [];
  const parts = path.split('.');
  const parent = parts.slice(0, -1).join('.');
  const parentType = parts.length === 2 ? input.base.api.getType(parts[0]) : undefined;
  const felt = parts.length === 3 || (parentType !== undefined && (isInputObjectType(parentType) || isEnumType(parentType)));
  return felt ? usage.get(parent) ?? [] : [];
}

function changeFinding(change: ClassifiedChange, input: DiffInput): Finding[] {
  if (change.level === 'safe') return [];
  const catalogued = change.usedBy.length > 0;
  const clients = change.clients ?? [];
  const used = catalogued || clients.length > 0;
  const usage = [
    catalogued ? `used by ${change.usedBy.map((u) => `${u.operation} (${u.file}:${u.line})`).join(', ')}.` : 'no catalogued operation uses it.',
    input.traffic ? trafficSentence(clients, input.traffic) : undefined,
  ]
    .filter(Boolean)
    .join(' ');
  const prefix = change.subgraphs.length > 0 ? `[${change.subgraphs.join(', ')}] ` : '';
  const base: Finding = {
    step: 'diff',
    severity: 'warning',
    code: change.type,
    message: `${prefix}${change.message} (${change.level}); ${usage}`,
    subgraphs: change.subgraphs,
    coordinate: change.path,
    location: catalogued ? { file: change.usedBy[0].file, line: change.usedBy[0].line, column: 1 } : undefined,
  };
  if (change.level === 'dangerous') {
    return [{ ...base, fix: 'Make sure the clients that use it cope with the change; dangerous changes do not fail the check.' }];
  }
  const fix = used
    ? 'Keep the old shape working (add the new one, deprecate the old) until the listed clients have moved, or acknowledge the break with --allow-breaking "<reason>".'
    : 'Deprecate it first and remove it once no client sends it, or acknowledge the break with --allow-breaking "<reason>".';
  if (input.allowBreaking !== undefined) {
    return [{ ...base, fix, message: `${base.message} Acknowledged: ${input.allowBreaking}` }];
  }
  // Real traffic is the evidence the rule asks for: with --usage, what nobody used in the window may change.
  const severity = !used && (input.traffic !== undefined || input.rules.unusedBreakingChanges === 'warn') ? 'warning' : 'error';
  return [{ ...base, severity, fix }];
}

function trafficSentence(clients: ClientUse[], traffic: TrafficUsage): string {
  if (clients.length === 0) return `No client sent it in ${traffic.label}.`;
  return `Sent in ${traffic.label} by ${clients.map(describeClientUse).join('; ')}.`;
}

/** Every coordinate of a schema: Type, Type.field, Type.field.argument, Input.field, Enum.VALUE. */
function coordinatesOf(schema: GraphQLSchema): Set<string> {
  const coordinates = new Set<string>();
  for (const type of Object.values(schema.getTypeMap())) {
    coordinates.add(type.name);
    if ('getFields' in type) {
      for (const field of Object.values(type.getFields())) {
        coordinates.add(`${type.name}.${field.name}`);
        for (const argument of 'args' in field ? field.args : []) coordinates.add(`${type.name}.${field.name}.${argument.name}`);
      }
    }
    if ('getValues' in type) for (const value of type.getValues()) coordinates.add(`${type.name}.${value.name}`);
  }
  return coordinates;
}
