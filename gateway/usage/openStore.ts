import { resolve } from 'node:path';
import { projectPath } from '../../common/paths';
import { FolderUsageStore } from './folderStore';
import { PostgresUsageStore } from './postgresStore';
import type { UsageStore } from './usageData';

/** Where usage goes when USAGE_STORE is unset: the project's data folder, beside the other local state. */
export const DEFAULT_USAGE_FOLDER = projectPath('.data', 'usage');

/** USAGE_STORE: a postgres:// or postgresql:// URL, else a folder (relative to `cwd`); unset: .data/usage. */
export function openUsageStore(location: string | undefined, cwd = process.cwd()): UsageStore {
  if (!location) return new FolderUsageStore(DEFAULT_USAGE_FOLDER);
  if (/^postgres(ql)?:\/\//i.test(location)) return new PostgresUsageStore(location);
  return new FolderUsageStore(resolve(cwd, location));
}
