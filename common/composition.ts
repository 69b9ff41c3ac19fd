import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { composeServices, type CompositionResult } from '@apollo/composition';
import { parse } from 'graphql';
import { SUBGRAPH_NAMES, defaultSubgraphUrl } from './subgraphs';
import { projectPath } from './paths';

export const SCHEMA_DIR = projectPath('schema');
export const SUPERGRAPH_PATH = join(SCHEMA_DIR, 'supergraph.graphql');

export interface SubgraphSdl {
  name: string;
  url: string;
  sdl: string;
}

/** Every subgraph's SDL as checked in under schema/, with its default URL. */
export function readSubgraphSdls(schemaDir: string = SCHEMA_DIR): SubgraphSdl[] {
  return SUBGRAPH_NAMES.map((name) => ({
    name,
    url: defaultSubgraphUrl(name),
    sdl: readFileSync(join(schemaDir, `${name}.graphql`), 'utf8'),
  }));
}

/** Composes subgraph SDLs into a supergraph with Apollo's own composition. */
export function compose(subgraphs: SubgraphSdl[]): CompositionResult {
  return composeServices(subgraphs.map((s) => ({ name: s.name, url: s.url, typeDefs: parse(s.sdl) })));
}
