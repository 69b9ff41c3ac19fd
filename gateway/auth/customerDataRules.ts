import {
  BREAK,
  Kind,
  TypeInfo,
  getNamedType,
  isAbstractType,
  parse,
  visit,
  visitWithTypeInfo,
  type DirectiveNode,
  type DocumentNode,
  type GraphQLError,
  type GraphQLSchema,
} from 'graphql';
import { roleRefusal, rolesRequiredBy } from '../../common/accessRules';
import { customerSignInRequired } from '../../common/errors';

/**
 * The subgraphs' own access rules (`@customerOwned` types, `@requiresRole` fields, declared in each
 * subgraph's SDL and not composed into the supergraph), read by the gateway so it can refuse a bot
 * acting for no customer before any subgraph is called. The subgraphs enforce the same rules again:
 * this is the early answer, not the only one.
 */
export interface CustomerDataRules {
  ownedTypes: ReadonlySet<string>;
  /** `Type.field` -> the roles `@requiresRole(anyOf:)` allows. */
  fieldRoles: ReadonlyMap<string, readonly string[]>;
}

export const NO_RULES: CustomerDataRules = { ownedTypes: new Set(), fieldRoles: new Map() };

export function customerDataRulesFrom(subgraphSdls: readonly string[]): CustomerDataRules {
  const ownedTypes = new Set<string>();
  const fieldRoles = new Map<string, string[]>();
  for (const sdl of subgraphSdls) {
    for (const definition of parse(sdl, { noLocation: true }).definitions) {
      if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.OBJECT_TYPE_EXTENSION) continue;
      const type = definition.name.value;
      if (has(definition.directives, 'customerOwned')) ownedTypes.add(type);
      for (const field of definition.fields ?? []) {
        const roles = rolesRequiredBy(field);
        if (roles) fieldRoles.set(`${type}.${field.name.value}`, roles);
      }
    }
  }
  return { ownedTypes, fieldRoles };
}

/**
 * Why a bot acting for no customer may not send `document`: the first field the subgraphs would
 * refuse it (one its role may not use, or one reaching a customer's record), by any alias or
 * fragment. Undefined when all of it is public (products, prices).
 */
export function refusalWithoutCustomer(schema: GraphQLSchema, document: DocumentNode, rules: CustomerDataRules): (() => GraphQLError) | undefined {
  const typeInfo = new TypeInfo(schema);
  let refusal: (() => GraphQLError) | undefined;
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        const parent = typeInfo.getParentType();
        const returned = typeInfo.getFieldDef()?.type;
        if (!parent || !returned) return undefined;
        const coordinate = `${parent.name}.${node.name.value}`;
        const roles = rules.fieldRoles.get(coordinate);
        if (roles && !roles.includes('bot')) refusal = () => roleRefusal({ role: 'bot' }, roles, coordinate);
        else if (reachesOwned(schema, getNamedType(returned).name, rules)) refusal = () => customerSignInRequired(getNamedType(returned).name);
        return refusal ? BREAK : undefined;
      },
    }),
  );
  return refusal;
}

function reachesOwned(schema: GraphQLSchema, typename: string, rules: CustomerDataRules): boolean {
  if (rules.ownedTypes.has(typename)) return true;
  const type = schema.getType(typename);
  return !!type && isAbstractType(type) && schema.getPossibleTypes(type).some((possible) => rules.ownedTypes.has(possible.name));
}

function has(directives: readonly DirectiveNode[] | undefined, name: string): boolean {
  return directives?.some((directive) => directive.name.value === name) ?? false;
}
