import { readFileSync } from 'node:fs';
import { Supergraph } from '@apollo/federation-internals';
import type { GraphQLSchema } from 'graphql';
import { projectPath } from '../common/paths';

export const SUPERGRAPH_PATH = projectPath('schema', 'supergraph.graphql');

/**
 * The schema clients see (join__/link machinery removed), built from the composed supergraph the
 * gateway serves: the tools are checked against exactly what a front-end may ask.
 */
export function loadApiSchema(supergraphPath: string = SUPERGRAPH_PATH): GraphQLSchema {
  return apiSchemaOf(readFileSync(supergraphPath, 'utf8'));
}

export function apiSchemaOf(supergraphSdl: string): GraphQLSchema {
  return Supergraph.build(supergraphSdl).apiSchema().toGraphQLJSSchema();
}
