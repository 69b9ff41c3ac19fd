import { readFileSync } from 'node:fs';
import { isSubgraphName, SUBGRAPH_NAMES, type SubgraphName } from '../../common/subgraphs';
import { UsageError } from './findings';

/** Fields of `type` that match the pattern or return one of the types may only come from `owner`. */
export interface FieldOwnerRule {
  type: string;
  /** How the message names the fields, e.g. "price and money-amount fields". */
  fields: string;
  owner: SubgraphName;
  fieldNamePattern?: RegExp;
  fieldTypes: string[];
  reason: string;
}

export interface SharedFieldAllowance {
  /** "Type" (every field of it) or "Type.field". */
  coordinate: string;
  reason: string;
}

export interface SchemaRules {
  /** "fail": a breaking change no catalogued operation uses still needs --allow-breaking; "warn": it is reported only. */
  unusedBreakingChanges: 'fail' | 'warn';
  fieldOwners: FieldOwnerRule[];
  sharedFields: SharedFieldAllowance[];
  descriptions: boolean;
  naming: boolean;
}

type Json = Record<string, unknown>;

/** Reads schema/schema-rules.json; every mistake in it is a usage error naming the file and the key. */
export function loadRules(path: string, displayPath: string = path): SchemaRules {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new UsageError(`${displayPath}: cannot read the rules file: ${(error as Error).message}`);
  }
  return parseRules(raw, displayPath);
}

export function parseRules(raw: unknown, file: string): SchemaRules {
  const fail = (key: string, problem: string): never => {
    throw new UsageError(`${file}: ${key} ${problem}`);
  };
  const root = object(raw, 'the top level', fail);
  allowKeys(root, ['$comment', 'breakingChanges', 'fieldOwners', 'sharedFields', 'conventions'], 'the top level', fail);

  const breaking = object(root.breakingChanges ?? {}, 'breakingChanges', fail);
  allowKeys(breaking, ['unusedByCatalogue'], 'breakingChanges', fail);
  const unused = breaking.unusedByCatalogue ?? 'fail';
  if (unused !== 'fail' && unused !== 'warn') fail('breakingChanges.unusedByCatalogue', 'must be "fail" or "warn"');

  const fieldOwners = array(root.fieldOwners ?? [], 'fieldOwners', fail).map((entry, i) => {
    const key = `fieldOwners[${i}]`;
    const rule = object(entry, key, fail);
    allowKeys(rule, ['type', 'fields', 'owner', 'fieldNamePattern', 'fieldTypes', 'reason'], key, fail);
    const owner = text(rule.owner, `${key}.owner`, fail);
    if (!isSubgraphName(owner)) fail(`${key}.owner`, `must be one of ${SUBGRAPH_NAMES.join(', ')}`);
    const fieldTypes = array(rule.fieldTypes ?? [], `${key}.fieldTypes`, fail).map((t, j) => text(t, `${key}.fieldTypes[${j}]`, fail));
    const pattern = rule.fieldNamePattern === undefined ? undefined : text(rule.fieldNamePattern, `${key}.fieldNamePattern`, fail);
    if (pattern === undefined && fieldTypes.length === 0) fail(key, 'needs fieldNamePattern or fieldTypes');
    return {
      type: text(rule.type, `${key}.type`, fail),
      fields: text(rule.fields, `${key}.fields`, fail),
      owner: owner as SubgraphName,
      fieldNamePattern: pattern === undefined ? undefined : regex(pattern, `${key}.fieldNamePattern`, fail),
      fieldTypes,
      reason: text(rule.reason, `${key}.reason`, fail),
    };
  });

  const shared = object(root.sharedFields ?? {}, 'sharedFields', fail);
  allowKeys(shared, ['allow'], 'sharedFields', fail);
  const sharedFields = array(shared.allow ?? [], 'sharedFields.allow', fail).map((entry, i) => {
    const key = `sharedFields.allow[${i}]`;
    const allowance = object(entry, key, fail);
    allowKeys(allowance, ['coordinate', 'reason'], key, fail);
    const coordinate = text(allowance.coordinate, `${key}.coordinate`, fail);
    if (!/^[A-Za-z_]\w*(\.[A-Za-z_]\w*)?$/.test(coordinate)) fail(`${key}.coordinate`, 'must be "Type" or "Type.field"');
    return { coordinate, reason: text(allowance.reason, `${key}.reason`, fail) };
  });

  const conventions = object(root.conventions ?? {}, 'conventions', fail);
  allowKeys(conventions, ['descriptions', 'naming'], 'conventions', fail);
  return {
    unusedBreakingChanges: unused as 'fail' | 'warn',
    fieldOwners,
    sharedFields,
    descriptions: flag(conventions.descriptions ?? true, 'conventions.descriptions', fail),
    naming: flag(conventions.naming ?? true, 'conventions.naming', fail),
  };
}

type Fail = (key: string, problem: string) => never;

function object(value: unknown, key: string, fail: Fail): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return fail(key, 'must be an object');
  return value as Json;
}

function array(value: unknown, key: string, fail: Fail): unknown[] {
  return Array.isArray(value) ? value : fail(key, 'must be an array');
}

/** Required, non-blank: a reason nobody wrote is no reason. */
function text(value: unknown, key: string, fail: Fail): string {
  return typeof value === 'string' && value.trim() !== '' ? value : fail(key, 'must be a non-empty string');
}

function flag(value: unknown, key: string, fail: Fail): boolean {
  return typeof value === 'boolean' ? value : fail(key, 'must be true or false');
}

function regex(pattern: string, key: string, fail: Fail): RegExp {
  try {
    return new RegExp(pattern, 'i');
  } catch (error) {
    return fail(key, `is not a valid regular expression: ${(error as Error).message}`);
  }
}

function allowKeys(value: Json, allowed: string[], key: string, fail: Fail): void {
  for (const name of Object.keys(value)) {
    if (!allowed.includes(name)) fail(key, `has an unknown key "${name}" (allowed: ${allowed.join(', ')})`);
  }
}
