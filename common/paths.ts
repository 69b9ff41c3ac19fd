import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The project's root: the nearest folder above this file that holds package.json. Files the code
 * reads at run time (schema/, migrations, the PGlite template cache) are found from here, so the
 * same code works run from source by tsx and compiled into dist/ by `npm run build`.
 */
export const PROJECT_ROOT = findRoot(__dirname);

function findRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json above ${start}`);
  }
}

/** A path inside the project, e.g. projectPath('schema', 'supergraph.graphql'). */
export function projectPath(...parts: string[]): string {
  return join(PROJECT_ROOT, ...parts);
}
