import {
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isSpecifiedScalarType,
  type GraphQLSchema,
} from 'graphql';
import type { Finding } from './findings';
import { subgraphsOf } from './ownership';
import type { RuleContext } from './ownershipRules';
import { locateCoordinate } from './subgraphFiles';

type Convention = 'camelCase' | 'PascalCase' | 'SCREAMING_CASE';

const PATTERNS: Record<Convention, RegExp> = {
  camelCase: /^[a-z][a-zA-Z0-9]*$/,
  PascalCase: /^[A-Z][a-zA-Z0-9]*$/,
  SCREAMING_CASE: /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/,
};

/** One public element of the API schema: a type, field, argument, input field or enum value. */
interface Element {
  /** Type, Type.field, Type.field.argument or Enum.VALUE. */
  coordinate: string;
  /** How a person reads it: Query.customer(email:) for an argument. */
  shown: string;
  name: string;
  convention: Convention;
  description: string | null | undefined;
  needsDescription: boolean;
}

/** Every public type and field is described, and names follow the GraphQL conventions. */
export function conventionViolations(api: GraphQLSchema, context: RuleContext): Finding[] {
  const findings: Finding[] = [];
  for (const element of publicElements(api)) {
    const subgraphs = subgraphsOf(context.ownership, element.coordinate);
    const file = context.files.find((f) => f.name === subgraphs[0]);
    const where = file?.path ?? 'its subgraph SDL';
    const base = {
      step: 'rules' as const,
      severity: 'error' as const,
      subgraphs,
      coordinate: element.coordinate,
      location: file ? locateCoordinate(file, element.coordinate) : undefined,
    };
    const prefix = `[${subgraphs.join(', ')}] ${element.shown}`;
    if (context.rules.descriptions && element.needsDescription && !element.description?.trim()) {
      findings.push({
        ...base,
        code: 'MISSING_DESCRIPTION',
        message: `${prefix} has no description.`,
        fix: `Add a description string above ${element.shown} in ${where}: it is the documentation every client reads.`,
      });
    }
    if (context.rules.naming && !PATTERNS[element.convention].test(element.name)) {
      findings.push({
        ...base,
        code: 'NAMING_CONVENTION',
        message: `${prefix} is not ${element.convention}.`,
        fix: `Rename it to ${convert(element.name, element.convention)} in ${where} (if clients already use the old name, add the new one and deprecate the old).`,
      });
    }
  }
  return findings;
}

function* publicElements(api: GraphQLSchema): Generator<Element> {
  for (const type of Object.values(api.getTypeMap())) {
    if (type.name.startsWith('__') || isSpecifiedScalarType(type)) continue;
    yield element(type.name, type.name, type.name, 'PascalCase', type.description, true);
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields())) {
        const coordinate = `${type.name}.${field.name}`;
        yield element(coordinate, coordinate, field.name, 'camelCase', field.description, true);
        for (const argument of field.args) {
          yield element(`${coordinate}.${argument.name}`, `${coordinate}(${argument.name}:)`, argument.name, 'camelCase', argument.description, false);
        }
      }
    }
    if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) {
        const coordinate = `${type.name}.${field.name}`;
        yield element(coordinate, coordinate, field.name, 'camelCase', field.description, true);
      }
    }
    if (isEnumType(type)) {
      for (const value of type.getValues()) {
        const coordinate = `${type.name}.${value.name}`;
        yield element(coordinate, coordinate, value.name, 'SCREAMING_CASE', value.description, true);
      }
    }
  }
}

function element(
  coordinate: string,
  shown: string,
  name: string,
  convention: Convention,
  description: string | null | undefined,
  needsDescription: boolean,
): Element {
  return { coordinate, shown, name, convention, description, needsDescription };
}

/** loyalty_points → loyaltyPoints, order_line → OrderLine, inReview → IN_REVIEW. */
export function convert(name: string, convention: Convention): string {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
  const capitalized = words.map((w) => w.charAt(0).toUpperCase() + w.slice(1));
  switch (convention) {
    case 'camelCase':
      return words.length === 0 ? name : words[0] + capitalized.slice(1).join('');
    case 'PascalCase':
      return capitalized.join('');
    case 'SCREAMING_CASE':
      return words.map((w) => w.toUpperCase()).join('_');
  }
}
