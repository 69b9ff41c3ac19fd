import { Kind, parse, type ConstDirectiveNode } from 'graphql';

export interface SupergraphSubgraph {
  name: string;
  /** The URL the supergraph names; a config file or environment variable may override it. */
  url?: string;
}

/** The subgraphs a supergraph is composed of: the values of its join__Graph enum and their @join__graph. */
export function supergraphSubgraphs(supergraphSdl: string): SupergraphSubgraph[] {
  const subgraphs: SupergraphSubgraph[] = [];
  for (const definition of parse(supergraphSdl, { noLocation: true }).definitions) {
    if (definition.kind !== Kind.ENUM_TYPE_DEFINITION || definition.name.value !== 'join__Graph') continue;
    for (const value of definition.values ?? []) {
      const graph = value.directives?.find((directive) => directive.name.value === 'join__graph');
      subgraphs.push({ name: argument(graph, 'name') ?? value.name.value.toLowerCase(), url: argument(graph, 'url') || undefined });
    }
  }
  return subgraphs;
}

function argument(directive: ConstDirectiveNode | undefined, name: string): string | undefined {
  const value = directive?.arguments?.find((arg) => arg.name.value === name)?.value;
  return value?.kind === Kind.STRING ? value.value : undefined;
}
