import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Base } from './diff';
import { UsageError } from './findings';
import { SUPERGRAPH_FILE } from './subgraphFiles';

/** The committed supergraph at a git ref: `git show <ref>:schema/supergraph.graphql`. */
export function baseFromGit(schemaDir: string, ref: string): Base {
  if (ref.startsWith('-') || ref.trim() === '') throw new UsageError(`--base "${ref}" is not a git revision.`);
  const git = (...args: string[]) => execFileSync('git', args, { cwd: schemaDir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  let prefix: string;
  try {
    prefix = git('rev-parse', '--show-prefix').trim();
  } catch {
    throw new UsageError(`${schemaDir} is not inside a git repository: pass the base with --base-file <supergraph.graphql>.`);
  }
  const path = `${prefix}${SUPERGRAPH_FILE}`;
  const label = `${ref}:${path}`;
  try {
    git('rev-parse', '--verify', '--quiet', `${ref}^{commit}`);
  } catch {
    throw new UsageError(
      `--base ${ref}: no such git revision. In a shallow clone fetch more history (git fetch --deepen=1), or pass --base-file.`,
    );
  }
  try {
    git('cat-file', '-e', label);
  } catch {
    return { kind: 'none', label, reason: `${path} does not exist at ${ref}, so there is nothing to diff against` };
  }
  return { kind: 'sdl', label, sdl: git('show', label) };
}

export function baseFromFile(path: string, shownAs: string): Base {
  try {
    return { kind: 'sdl', label: shownAs, sdl: readFileSync(path, 'utf8') };
  } catch (error) {
    throw new UsageError(`--base-file ${shownAs}: ${(error as Error).message}`);
  }
}
