import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { projectPath } from './paths';

/**
 * A fresh PGlite runs initdb, which takes seconds; loading a dump of an empty, initialised
 * cluster takes a fraction of that. The dump is made once per PGlite version and kept in
 * node_modules/.cache, so every later start (and every test file) skips initdb.
 */
const CACHE_DIR = projectPath('node_modules', '.cache', 'customer-graph');

let pending: Promise<Blob> | undefined;

export function emptyClusterTemplate(): Promise<Blob> {
  pending ??= loadOrCreate();
  return pending;
}

async function loadOrCreate(): Promise<Blob> {
  const file = join(CACHE_DIR, `pglite-${pgliteVersion()}-template.tar`);
  try {
    return new Blob([readFileSync(file)]);
  } catch {
    // No cached template yet: make one below.
  }
  const db = await PGlite.create();
  try {
    const blob = await db.dumpDataDir('none');
    mkdirSync(CACHE_DIR, { recursive: true });
    const temp = `${file}.${process.pid}.tmp`;
    writeFileSync(temp, Buffer.from(await blob.arrayBuffer()));
    renameSync(temp, file);
    return blob;
  } finally {
    await db.close();
  }
}

function pgliteVersion(): string {
  // The package does not export its package.json; read it beside node_modules.
  const path = projectPath('node_modules', '@electric-sql', 'pglite', 'package.json');
  const manifest = JSON.parse(readFileSync(path, 'utf8')) as { version: string };
  return manifest.version;
}
