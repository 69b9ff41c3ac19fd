import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { projectPath } from './paths';

/**
 * A fresh PGlite runs initdb, which takes seconds; loading a dump of an empty, initialised
 * cluster takes a fraction of that. The dump is made once per PGlite version and kept in
 * node_modules/.cache, so every later start (and every test file) skips initdb. Where the project
 * is read-only for the process (the container image runs as `node`, the files belong to root; the
 * image makes the dump while it is built), a dump made at run time goes to the system's temporary
 * folder instead, and if nothing can be written it is kept in memory: a cache that cannot be
 * written never stops a database from opening.
 */
const CACHE_DIRS = [projectPath('node_modules', '.cache', 'customer-graph'), join(tmpdir(), `customer-graph-${process.getuid?.() ?? 'user'}`)];

let pending: Promise<Blob> | undefined;

export function emptyClusterTemplate(): Promise<Blob> {
  pending ??= loadOrCreate().catch((error: unknown) => {
    // Not remembered: the next database to open tries again.
    pending = undefined;
    throw error;
  });
  return pending;
}

async function loadOrCreate(): Promise<Blob> {
  const name = `pglite-${pgliteVersion()}-template.tar`;
  for (const dir of CACHE_DIRS) {
    try {
      return new Blob([readFileSync(join(dir, name))]);
    } catch {
      // Not cached there.
    }
  }
  const db = await PGlite.create();
  try {
    const blob = await db.dumpDataDir('none');
    const bytes = Buffer.from(await blob.arrayBuffer());
    CACHE_DIRS.some((dir) => tryWrite(dir, name, bytes));
    return blob;
  } finally {
    await db.close();
  }
}

/** Written whole or not at all (a temporary file renamed): a reader never sees half a dump. */
function tryWrite(dir: string, name: string, bytes: Buffer): boolean {
  const temp = join(dir, `${name}.${process.pid}.tmp`);
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(temp, bytes);
    renameSync(temp, join(dir, name));
    return true;
  } catch {
    return false;
  }
}

function pgliteVersion(): string {
  // The package does not export its package.json; read it beside node_modules.
  const path = projectPath('node_modules', '@electric-sql', 'pglite', 'package.json');
  const manifest = JSON.parse(readFileSync(path, 'utf8')) as { version: string };
  return manifest.version;
}
