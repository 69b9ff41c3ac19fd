import { SETTINGS, type Setting } from './keys';

/** Where the generated table is published, from the project root. */
export const SETTINGS_PAGE = ['docs', 'configuration.md'] as const;

/** docs/configuration.md's settings table sits between these markers; `npm run config:table` rewrites it. */
export const TABLE_START = '<!-- settings table: generated from gateway/config/keys.ts by `npm run config:table` -->';
export const TABLE_END = '<!-- end of settings table -->';

function shownDefault(row: Setting): string {
  if (row.shown !== undefined) return row.shown;
  if (row.default === undefined) return 'unset';
  if (typeof row.default === 'function') throw new Error(`${row.env}: a computed default needs \`shown\` in keys.ts`);
  return `\`${Array.isArray(row.default) ? row.default.join(',') : String(row.default)}\``;
}

const cell = (text: string) => text.replace(/\|/g, '\\|');

/** Every row of keys.ts as a Markdown table: variable, config-file key, default, meaning. */
export function renderSettingsTable(): string {
  const lines = ['| variable | config file | default | meaning |', '| --- | --- | --- | --- |'];
  for (const row of SETTINGS) {
    const file = row.file ? `\`${row.file}\`` : row.scope === 'subgraphs' ? 'subgraphs: environment only' : 'environment only';
    lines.push(`| \`${row.env}\` | ${file} | ${cell(shownDefault(row))} | ${cell(row.description)} |`);
  }
  return lines.join('\n');
}

/** The settings page with its table replaced by the generated one; throws when the markers are missing. */
export function withSettingsTable(page: string): string {
  const start = page.indexOf(TABLE_START);
  const end = page.indexOf(TABLE_END);
  if (start < 0 || end < start) throw new Error(`docs/configuration.md lacks the settings table markers:\n${TABLE_START}\n${TABLE_END}`);
  return `${page.slice(0, start + TABLE_START.length)}\n${renderSettingsTable()}\n${page.slice(end)}`;
}
