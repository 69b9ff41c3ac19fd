import { readFileSync, writeFileSync } from 'node:fs';
import { projectPath } from '../common/paths';
import { SETTINGS_PAGE, withSettingsTable } from '../gateway/config/settingsTable';

/** `npm run config:table`: rewrites docs/configuration.md's settings table from gateway/config/keys.ts. */
const path = projectPath(...SETTINGS_PAGE);
const before = readFileSync(path, 'utf8');
const after = withSettingsTable(before);
if (after === before) console.log('docs/configuration.md settings table is up to date');
else {
  writeFileSync(path, after);
  console.log('docs/configuration.md settings table rewritten from gateway/config/keys.ts');
}
