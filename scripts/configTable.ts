import { readFileSync, writeFileSync } from 'node:fs';
import { projectPath } from '../common/paths';
import { withSettingsTable } from '../gateway/config/readmeTable';

/** `npm run config:table`: rewrites the README's settings table from gateway/config/keys.ts. */
const path = projectPath('README.md');
const before = readFileSync(path, 'utf8');
const after = withSettingsTable(before);
if (after === before) console.log('README settings table is up to date');
else {
  writeFileSync(path, after);
  console.log('README settings table rewritten from gateway/config/keys.ts');
}
