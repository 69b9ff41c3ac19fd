import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compose, readSubgraphSdls } from '../../../../common/composition';
import type { Base } from '../../check';
import type { CheckReport, Finding } from '../../findings';

export const FIXTURES = join(__dirname, '..', 'fixtures');
export const BASE_DIR = join(FIXTURES, 'base');

/** The base every fixture is diffed against: the supergraph of the unchanged fixture schema. */
export function fixtureBase(): Base {
  return { kind: 'sdl', label: 'base/supergraph.graphql', sdl: readFileSync(join(BASE_DIR, 'supergraph.graphql'), 'utf8') };
}

export interface FixtureSchema {
  /** <tmp>/schema: the base schema with the fixture's files laid over it. */
  schemaDir: string;
  cleanup(): void;
}

/**
 * A schema directory as a developer leaves it: the base schema, the fixture's edited subgraph files laid
 * over it, and (unless told not to) `npm run compose` run, so only the fixture's one mistake remains.
 */
export function fixtureSchema(fixture?: string, options: { compose?: boolean } = {}): FixtureSchema {
  const root = mkdtempSync(join(tmpdir(), 'schema-check-'));
  const schemaDir = join(root, 'schema');
  cpSync(BASE_DIR, schemaDir, { recursive: true });
  if (fixture) cpSync(join(FIXTURES, fixture), schemaDir, { recursive: true });
  if (options.compose !== false) {
    const result = compose(readSubgraphSdls(schemaDir));
    if (result.supergraphSdl) writeFileSync(join(schemaDir, 'supergraph.graphql'), result.supergraphSdl);
  }
  return { schemaDir, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

/** The findings of one step with one code, for exact assertions. */
export function findingsOf(report: CheckReport, code: string): Finding[] {
  return report.findings.filter((f) => f.code === code);
}

export function errorsOf(report: CheckReport): Finding[] {
  return report.findings.filter((f) => f.severity === 'error');
}
