import { GraphQLError, isUnionType, Kind, type GraphQLSchema } from 'graphql';
import { ErrorCode } from './errors';

/**
 * Guards a subgraph's `_entities` field: @apollo/subgraph throws a plain error (answered as
 * INTERNAL_SERVER_ERROR) for a representation that names no entity of this subgraph or lacks its
 * key, and a resolver handed a key of undefined fails deeper down. The gateway never sends such a
 * representation, so one that arrives is a caller's mistake (or probe): refused as BAD_USER_INPUT
 * before any resolver runs.
 */
export function guardEntityRepresentations(schema: GraphQLSchema): void {
  const field = schema.getQueryType()?.getFields()._entities;
  const entityUnion = schema.getType('_Entity');
  if (!field?.resolve || !isUnionType(entityUnion)) return;
  const keys = new Map(entityUnion.getTypes().map((type) => [type.name, keyFieldsOf(type)] as const).filter(([, sets]) => sets.length > 0));
  const resolve = field.resolve;
  field.resolve = (source, args: { representations: unknown[] }, context, info) => {
    args.representations.forEach((representation, index) => {
      const problem = problemWith(representation, keys);
      if (problem) {
        throw new GraphQLError(`Representation ${index}: ${problem}`, {
          extensions: { code: ErrorCode.BAD_USER_INPUT, argumentName: 'representations' },
        });
      }
    });
    return resolve(source, args, context, info);
  };
}

function problemWith(representation: unknown, keys: Map<string, string[][]>): string | undefined {
  if (!representation || typeof representation !== 'object' || Array.isArray(representation)) return 'not an object';
  const { __typename: typename } = representation as Record<string, unknown>;
  const keySets = typeof typename === 'string' ? keys.get(typename) : undefined;
  if (!keySets) return `${JSON.stringify(typename)} is not an entity of this subgraph`;
  const fields = representation as Record<string, unknown>;
  if (!keySets.some((set) => set.every((name) => fields[name] !== undefined && fields[name] !== null))) {
    return `a ${typename} representation needs its key (${keySets.map((set) => set.join(' ')).join(' or ')})`;
  }
  return undefined;
}

/** Top-level field names of each @key(fields: "...") on the type (nested selections are not checked). */
function keyFieldsOf(type: { astNode?: { directives?: readonly any[] } | null; extensionASTNodes?: readonly { directives?: readonly any[] }[] }): string[][] {
  const directives = [type.astNode, ...(type.extensionASTNodes ?? [])].flatMap((node) => node?.directives ?? []);
  return directives
    // A key with resolvable: false is a reference this subgraph makes, not one it resolves.
    .filter((d) => d.name.value === 'key' && !d.arguments?.some((a: any) => a.name.value === 'resolvable' && a.value.value === false))
    .map((d) => d.arguments?.find((a: any) => a.name.value === 'fields')?.value)
    .filter((value): value is { kind: Kind.STRING; value: string } => value?.kind === Kind.STRING)
    .map((value) => topLevelFields(value.value));
}

function topLevelFields(selection: string): string[] {
  let depth = 0;
  const names: string[] = [];
  for (const token of selection.match(/[_A-Za-z][_0-9A-Za-z]*|[{}]/g) ?? []) {
    if (token === '{') depth++;
    else if (token === '}') depth--;
    else if (depth === 0) names.push(token);
  }
  return names;
}

