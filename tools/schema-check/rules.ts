import type { GraphQLSchema } from 'graphql';
import { conventionViolations } from './conventions';
import type { StepOutcome } from './findings';
import type { Ownership } from './ownership';
import { fieldOwnerViolations, movedWithoutOverride, sharedFieldViolations, type RuleContext } from './ownershipRules';

/** Step 5: the ownership rules and conventions configured in schema/schema-rules.json. */
export function rulesStep(api: GraphQLSchema, context: RuleContext, baseOwnership: Ownership | undefined): StepOutcome {
  const findings = [
    ...fieldOwnerViolations(context),
    ...sharedFieldViolations(context),
    ...(baseOwnership ? movedWithoutOverride(baseOwnership, context) : []),
    ...conventionViolations(api, context),
  ];
  const checked = [
    `${context.rules.fieldOwners.length} field-owner rule(s)`,
    'single owner per field',
    baseOwnership ? 'moves need @override' : 'moves need @override: skipped (no base supergraph)',
    context.rules.descriptions ? 'descriptions' : undefined,
    context.rules.naming ? 'naming' : undefined,
  ].filter(Boolean);
  return { findings, summary: checked.join(', ') };
}
