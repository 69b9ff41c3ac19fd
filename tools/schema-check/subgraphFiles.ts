import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { GraphQLError, Kind, parse, Source, type ASTNode, type DocumentNode } from 'graphql';
import { SUBGRAPH_NAMES, type SubgraphName } from '../../common/subgraphs';
import type { Finding, SourceLocation } from './findings';

/** One subgraph's checked-in SDL, parsed with its file name so every location points into the file. */
export interface SubgraphFile {
  name: SubgraphName;
  /** Path relative to the project root, e.g. schema/orders.graphql. */
  path: string;
  sdl: string;
  document: DocumentNode;
}

export const SUPERGRAPH_FILE = 'supergraph.graphql';

export function displayPath(rootDir: string, path: string): string {
  return relative(rootDir, path).split('\\').join('/');
}

/** Reads schema/<subgraph>.graphql for every subgraph; a missing or unparsable file is a finding, not a crash. */
export function readSubgraphFiles(schemaDir: string, rootDir: string): { files: SubgraphFile[]; findings: Finding[] } {
  const files: SubgraphFile[] = [];
  const findings: Finding[] = [];
  for (const name of SUBGRAPH_NAMES) {
    const absolute = join(schemaDir, `${name}.graphql`);
    const path = displayPath(rootDir, absolute);
    if (!existsSync(absolute)) {
      findings.push({
        step: 'compose',
        severity: 'error',
        code: 'SUBGRAPH_SDL_MISSING',
        message: `[${name}] ${path} is missing.`,
        subgraphs: [name],
        fix: `Restore ${path}: every subgraph in common/subgraphs.ts needs its SDL in the schema directory.`,
      });
      continue;
    }
    const sdl = readFileSync(absolute, 'utf8');
    try {
      files.push({ name, path, sdl, document: parse(new Source(sdl, path)) });
    } catch (error) {
      if (!(error instanceof GraphQLError)) throw error;
      const at = error.locations?.[0];
      findings.push({
        step: 'compose',
        severity: 'error',
        code: 'INVALID_GRAPHQL',
        message: `[${name}] ${path}: ${error.message}`,
        subgraphs: [name],
        fix: 'Correct the SDL at the reported line.',
        location: at ? { file: path, line: at.line, column: at.column } : undefined,
      });
    }
  }
  for (const entry of readdirSync(schemaDir)) {
    const base = entry.replace(/\.graphql$/, '');
    if (entry === base || entry === SUPERGRAPH_FILE || (SUBGRAPH_NAMES as readonly string[]).includes(base)) continue;
    findings.push({
      step: 'compose',
      severity: 'warning',
      code: 'UNKNOWN_SUBGRAPH_SDL',
      message: `${displayPath(rootDir, join(schemaDir, entry))} is not the SDL of a known subgraph and was not composed.`,
      fix: `Add "${base}" to SUBGRAPH_NAMES in common/subgraphs.ts, or move the file out of the schema directory.`,
    });
  }
  return { files, findings };
}

/** Where a schema coordinate (Type, Type.field, Type.field.arg, Enum.VALUE) is declared in a subgraph file. */
export function locateCoordinate(file: SubgraphFile, coordinate: string): SourceLocation | undefined {
  const [typeName, memberName, argumentName] = coordinate.split('.');
  for (const definition of file.document.definitions) {
    if (!('name' in definition) || definition.name?.value !== typeName) continue;
    if (!memberName) return at(file, definition.name);
    const members = memberList(definition);
    const member = members.find((m) => m.name.value === memberName);
    if (!member) continue;
    if (!argumentName) return at(file, member.name);
    const argument = ('arguments' in member ? member.arguments ?? [] : []).find((a) => a.name.value === argumentName);
    return at(file, argument?.name ?? member.name);
  }
  return undefined;
}

type Member = { name: { value: string; loc?: ASTNode['loc'] }; arguments?: readonly { name: { value: string; loc?: ASTNode['loc'] } }[] };

function memberList(definition: DocumentNode['definitions'][number]): readonly Member[] {
  switch (definition.kind) {
    case Kind.OBJECT_TYPE_DEFINITION:
    case Kind.OBJECT_TYPE_EXTENSION:
    case Kind.INTERFACE_TYPE_DEFINITION:
    case Kind.INTERFACE_TYPE_EXTENSION:
    case Kind.INPUT_OBJECT_TYPE_DEFINITION:
    case Kind.INPUT_OBJECT_TYPE_EXTENSION:
      return definition.fields ?? [];
    case Kind.ENUM_TYPE_DEFINITION:
    case Kind.ENUM_TYPE_EXTENSION:
      return definition.values ?? [];
    default:
      return [];
  }
}

function at(file: SubgraphFile, node: { loc?: ASTNode['loc'] } | undefined): SourceLocation | undefined {
  const token = node?.loc?.startToken;
  return token ? { file: file.path, line: token.line, column: token.column } : undefined;
}
