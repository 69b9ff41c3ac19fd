import { writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { SCHEMA_DIR } from '../common/composition';
import { MANIFEST_FILE, buildManifest } from '../gateway/persisted/manifest';

/**
 * `npm run operations:manifest`: every schema/operations/**\/*.graphql → schema/operations/manifest.json,
 * sha256 of each normalised document → the document. A gateway with TRUSTED_DOCUMENTS=true runs
 * only these. (Whether the operations are valid against the schema is the schema check's job.)
 */
const dir = process.argv[2] ?? join(SCHEMA_DIR, 'operations');
const out = join(dir, MANIFEST_FILE);
try {
  const manifest = buildManifest(dir);
  writeFileSync(out, `${JSON.stringify(manifest, null, 2)}\n`);
  console.log(`wrote ${relative(process.cwd(), out)}: ${Object.keys(manifest).length} operations`);
} catch (error) {
  console.error(`operations manifest: ${(error as Error).message}`);
  process.exit(1);
}
