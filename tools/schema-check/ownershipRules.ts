import type { SchemaRules } from './config';
import type { Finding, SourceLocation } from './findings';
import type { Ownership } from './ownership';
import { locateCoordinate, type SubgraphFile } from './subgraphFiles';

export interface RuleContext {
  ownership: Ownership;
  rules: SchemaRules;
  files: SubgraphFile[];
  /** The rules file as shown in messages, e.g. schema/schema-rules.json. */
  rulesPath: string;
}

/** Fields that only one subgraph may serve, e.g. Product prices only from pricing. */
export function fieldOwnerViolations({ ownership, rules, files }: RuleContext): Finding[] {
  const findings: Finding[] = [];
  for (const rule of rules.fieldOwners) {
    const type = ownership.types.get(rule.type);
    if (!type) continue;
    for (const [fieldName, field] of type.fields) {
      const matches = rule.fieldNamePattern?.test(fieldName) || rule.fieldTypes.includes(field.returnType);
      if (!matches) continue;
      for (const subgraph of field.owners.filter((o) => o !== rule.owner)) {
        const coordinate = `${rule.type}.${fieldName}`;
        const file = fileOf(files, subgraph);
        findings.push({
          step: 'rules',
          severity: 'error',
          code: 'FIELD_OWNER',
          message: `[${subgraph}] ${coordinate} is served by ${subgraph}, but ${rule.fields} of ${rule.type} come only from ${rule.owner}.`,
          subgraphs: [subgraph],
          coordinate,
          fix: `Remove ${fieldName} from ${rule.type} in ${file?.path ?? subgraph} and let ${rule.owner} serve it; ${subgraph} may read a ${rule.owner} field with @external and @requires.`,
          location: locate(file, coordinate),
        });
      }
    }
  }
  return findings;
}

/** Each field has exactly one owning subgraph, unless the rules file allow-lists the copy with a reason. */
export function sharedFieldViolations({ ownership, rules, files, rulesPath }: RuleContext): Finding[] {
  const findings: Finding[] = [];
  const usedAllowances = new Set<string>();
  for (const type of ownership.types.values()) {
    for (const [fieldName, field] of type.fields) {
      if (field.owners.length < 2) continue;
      const coordinate = `${type.name}.${fieldName}`;
      const allowance = rules.sharedFields.find((a) => a.coordinate === coordinate || a.coordinate === type.name);
      if (allowance) {
        usedAllowances.add(allowance.coordinate);
        continue;
      }
      findings.push({
        step: 'rules',
        severity: 'error',
        code: 'SHARED_FIELD',
        message: `[${field.owners.join(', ')}] ${coordinate} is resolved by ${field.owners.length} subgraphs (${field.owners.join(', ')}); each field has exactly one owning subgraph.`,
        subgraphs: field.owners,
        coordinate,
        fix: `Keep ${coordinate} in one subgraph (move it with @override(from: "<old subgraph>")), or allow-list "${coordinate}" or "${type.name}" with a reason under sharedFields.allow in ${rulesPath}.`,
        location: locate(fileOf(files, field.owners[0]), coordinate),
      });
    }
  }
  for (const allowance of rules.sharedFields) {
    if (usedAllowances.has(allowance.coordinate)) continue;
    findings.push({
      step: 'rules',
      severity: 'warning',
      code: 'UNUSED_SHARED_FIELD_ALLOWANCE',
      message: `${rulesPath}: sharedFields.allow "${allowance.coordinate}" matches no field resolved by several subgraphs.`,
      coordinate: allowance.coordinate,
      fix: `Remove the entry from ${rulesPath}: an exception nobody needs hides the next real copy.`,
    });
  }
  return findings;
}

/**
 * A field of an entity or root type whose owner changed since the base must arrive with @override(from:),
 * so one composition moves its traffic instead of a race between two deploys.
 */
export function movedWithoutOverride(base: Ownership, { ownership, files }: RuleContext): Finding[] {
  const findings: Finding[] = [];
  for (const type of ownership.types.values()) {
    const before = base.types.get(type.name);
    if (!before || !(type.isEntity || ownership.rootTypes.has(type.name))) continue;
    for (const [fieldName, field] of type.fields) {
      const previous = before.fields.get(fieldName)?.owners ?? [];
      if (previous.length === 0) continue;
      for (const owner of field.owners.filter((o) => !previous.includes(o))) {
        const from = field.overrides.get(owner);
        if (from && previous.includes(from)) continue;
        const coordinate = `${type.name}.${fieldName}`;
        const file = fileOf(files, owner);
        findings.push({
          step: 'rules',
          severity: 'error',
          code: 'MOVED_WITHOUT_OVERRIDE',
          message: `[${owner}] ${coordinate} moved from ${previous.join(', ')} to ${owner} without @override.`,
          subgraphs: [owner, ...previous],
          coordinate,
          fix: `In ${file?.path ?? owner} declare ${coordinate} with @override(from: "${previous[0]}") (import "@override" in its @link), compose and deploy ${owner}, then remove the field from ${previous.join(', ')}.`,
          location: locate(file, coordinate),
        });
      }
    }
  }
  return findings;
}

function fileOf(files: SubgraphFile[], subgraph: string): SubgraphFile | undefined {
  return files.find((f) => f.name === subgraph);
}

function locate(file: SubgraphFile | undefined, coordinate: string): SourceLocation | undefined {
  return file ? locateCoordinate(file, coordinate) : undefined;
}
