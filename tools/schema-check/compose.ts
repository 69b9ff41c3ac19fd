import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CompositionSuccess } from '@apollo/composition';
import type { ASTNode, GraphQLError, GraphQLSchema } from 'graphql';

type CompositionHint = CompositionSuccess['hints'][number];
import { compose } from '../../common/composition';
import { defaultSubgraphUrl, SUBGRAPH_NAMES } from '../../common/subgraphs';
import { fixFor } from './compositionFixes';
import { plural, type Finding, type Severity, type SourceLocation, type StepOutcome } from './findings';
import { displayPath, SUPERGRAPH_FILE, type SubgraphFile } from './subgraphFiles';

export interface Composed {
  supergraphSdl: string;
  apiSchema: GraphQLSchema;
}

/**
 * Step 1: composes the subgraph SDLs with @apollo/composition, exactly as `npm run compose` does, and checks
 * that the checked-in supergraph is that composition (it is the base the next build diffs against).
 */
export function composeStep(
  files: SubgraphFile[],
  schemaDir: string,
  rootDir: string,
): { outcome: StepOutcome; composed?: Composed } {
  const findings: Finding[] = [];
  const result = compose(files.map((f) => ({ name: f.name, url: defaultSubgraphUrl(f.name), sdl: f.sdl })));
  if (result.errors) {
    for (const error of result.errors) findings.push(compositionFinding(error, files));
    return { outcome: { findings, summary: `composition failed: ${plural(result.errors.length, 'error')}` } };
  }
  for (const hint of result.hints) findings.push(hintFinding(hint, files));

  const supergraphPath = join(schemaDir, SUPERGRAPH_FILE);
  const shown = displayPath(rootDir, supergraphPath);
  if (!existsSync(supergraphPath)) {
    findings.push({
      step: 'compose',
      severity: 'warning',
      code: 'SUPERGRAPH_MISSING',
      message: `${shown} does not exist, so the next build has no base to diff against.`,
      fix: `Run npm run compose and commit ${shown}.`,
    });
  } else if (readFileSync(supergraphPath, 'utf8') !== result.supergraphSdl) {
    findings.push({
      step: 'compose',
      severity: 'error',
      code: 'SUPERGRAPH_OUT_OF_DATE',
      message: `${shown} is not the composition of the subgraph SDLs.`,
      fix: `Run npm run compose and commit ${shown}.`,
      location: { file: shown, line: 1, column: 1 },
    });
  }
  const apiSchema = result.schema.toAPISchema().toGraphQLJSSchema();
  return {
    outcome: { findings, summary: `${plural(files.length, 'subgraph')} composed, ${plural(result.hints.length, 'hint')}` },
    composed: { supergraphSdl: result.supergraphSdl, apiSchema },
  };
}

function compositionFinding(error: GraphQLError, files: SubgraphFile[]): Finding {
  const code = String(error.extensions?.code ?? 'COMPOSITION_ERROR');
  return described('error', code, error.message, undefined, error.nodes ?? [], files);
}

function hintFinding(hint: CompositionHint, files: SubgraphFile[]): Finding {
  // Apollo's WARN hints point at something likely wrong; INFO and DEBUG ones only inform.
  const severity: Severity = hint.definition.level.name === 'WARN' ? 'warning' : 'info';
  return described(severity, hint.definition.code, hint.message, hint.coordinate, hint.nodes ?? [], files);
}

function described(
  severity: Severity,
  code: string,
  message: string,
  coordinate: string | undefined,
  nodes: readonly ASTNode[],
  files: SubgraphFile[],
): Finding {
  const located = nodes.map((node) => locateNode(node, files)).filter((n): n is NodeAt => n !== undefined);
  const subgraphs = unique([...located.map((n) => n.subgraph), ...subgraphsNamedIn(message)]);
  const at = coordinate ?? coordinateIn(message);
  return {
    step: 'compose',
    severity,
    code,
    message,
    subgraphs,
    coordinate: at,
    fix: fixFor(code, message, at),
    location: located[0]?.location,
  };
}

interface NodeAt {
  subgraph: string;
  location?: SourceLocation;
}

/** Composition nodes carry the subgraph's name, or at least the source text we handed it. */
function locateNode(node: ASTNode, files: SubgraphFile[]): NodeAt | undefined {
  const named = (node as { subgraph?: string }).subgraph;
  const file = files.find((f) => f.name === named) ?? files.find((f) => node.loc?.source.body === f.sdl);
  if (!file) return undefined;
  // Point at the element's name, not at the description above it.
  const token = ((node as { name?: ASTNode }).name ?? node).loc?.startToken;
  return { subgraph: file.name, location: token ? { file: file.path, line: token.line, column: token.column } : undefined };
}

/** Apollo names subgraphs as: subgraph "a", subgraphs "a" and "b", subgraphs "a", "b" and "c". */
function subgraphsNamedIn(message: string): string[] {
  const names: string[] = [];
  for (const match of message.matchAll(/subgraphs? ((?:"[^"]+"(?:, | and )?)+)/g)) {
    for (const quoted of match[1].matchAll(/"([^"]+)"/g)) {
      if ((SUBGRAPH_NAMES as readonly string[]).includes(quoted[1])) names.push(quoted[1]);
    }
  }
  return names;
}

/** The first quoted "Type.field" in the message, else the first quoted "Type". */
function coordinateIn(message: string): string | undefined {
  return /"([A-Za-z_]\w*\.[A-Za-z_]\w*(?:\([A-Za-z_]\w*:\))?)"/.exec(message)?.[1] ?? /"([A-Z]\w*)"/.exec(message)?.[1];
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
