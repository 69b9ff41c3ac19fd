import type { NamedType, Supergraph } from '@apollo/federation-internals';
import type { GraphQLSchema } from 'graphql';

/** A field's @listSize, as the demand-control spec defines it. */
export interface ListSize {
  assumedSize?: number;
  slicingArguments?: string[];
  sizedFields?: string[];
  requireOneSlicingArgument: boolean;
}

/**
 * The supergraph's @cost and @listSize by schema coordinate: `Type` (a type's weight: fields returning
 * it weigh that), `Type.field` (the field's weight, its list size) and `Type.field(arg:)` (what giving
 * that argument adds).
 */
export interface CostDirectives {
  weights: ReadonlyMap<string, number>;
  listSizes: ReadonlyMap<string, ListSize>;
}

const COST_SPEC = 'https://specs.apollo.dev/cost';

/** Reads @cost and @listSize from the supergraph (under the names its @link gives them); undefined when it declares none. */
export function readCostDirectives(supergraph: Supergraph): CostDirectives | undefined {
  const feature = supergraph.schema.coreFeatures?.getByIdentity(COST_SPEC);
  if (!feature) return undefined;
  const costName = feature.directiveNameInSchema('cost');
  const listSizeName = feature.directiveNameInSchema('listSize');
  const weights = new Map<string, number>();
  const listSizes = new Map<string, ListSize>();
  type Element = { appliedDirectivesOf(name: string): ReadonlyArray<{ arguments(): Record<string, any> }> };
  const weigh = (coordinate: string, element: Element) => {
    const cost = element.appliedDirectivesOf(costName)[0];
    if (cost && Number.isInteger(cost.arguments().weight)) weights.set(coordinate, cost.arguments().weight);
  };
  for (const type of supergraph.schema.types() as NamedType[]) {
    if (type.isBuiltIn) continue;
    weigh(type.name, type);
    if (type.kind !== 'ObjectType' && type.kind !== 'InterfaceType') continue;
    for (const field of type.fields()) {
      const coordinate = `${type.name}.${field.name}`;
      weigh(coordinate, field);
      for (const argument of field.arguments()) weigh(`${coordinate}(${argument.name}:)`, argument);
      const listSize = field.appliedDirectivesOf(listSizeName)[0]?.arguments();
      if (listSize) {
        listSizes.set(coordinate, {
          assumedSize: listSize.assumedSize ?? undefined,
          slicingArguments: listSize.slicingArguments ?? undefined,
          sizedFields: listSize.sizedFields ?? undefined,
          requireOneSlicingArgument: listSize.requireOneSlicingArgument ?? true,
        });
      }
    }
  }
  return weights.size || listSizes.size ? { weights, listSizes } : undefined;
}

/**
 * The cost directives of the supergraph whose API schema an operation is measured against: the
 * engine registers them when it takes a supergraph up (gateway/start/core.ts), and
 * measureOperation.ts looks them up by the schema it is given, on every entry point alike.
 */
const bySchema = new WeakMap<GraphQLSchema, CostDirectives>();

export function registerCostDirectives(apiSchema: GraphQLSchema, directives: CostDirectives | undefined): void {
  if (directives) bySchema.set(apiSchema, directives);
  else bySchema.delete(apiSchema);
}

export function costDirectivesOf(schema: GraphQLSchema): CostDirectives | undefined {
  return bySchema.get(schema);
}
