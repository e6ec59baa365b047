import { createHash } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type { EnvironmentId } from '../../shared/contract-types';
import type { EnvironmentImportSettings } from '../../shared/import-settings';
import { ensurePrivateFolder, writePrivateFile } from '../private-files';

/**
 * What the app remembers between starts that is not a secret: the environment last
 * used (so a returning user is not sent back to the sandbox), a custom address, and
 * the recent files. Tokens are never here (see ./token-store).
 */

export interface RecentFile {
  id: string;
  path: string;
  name: string;
  /** Shown to tell two files of one name apart. */
  folder: string;
  openedAt: string;
}

export interface AppSettings {
  lastEnvironment?: EnvironmentId;
  lastCustomBaseUrl?: string;
  recentFiles: RecentFile[];
  /** Days an uploaded copy no run needed is kept (default 7, see ./uploads); set by editing the file. */
  uploadRetentionDays?: number;
  /** How imports into each environment are made (budget, rows in flight, matching...), by the token store's key (see ./import-settings). */
  importSettings?: Record<string, Partial<EnvironmentImportSettings>>;
}

const MAX_RECENT = 10;

export function settingsPath(dataDir: string): string {
  return path.join(dataDir, 'app-settings.json');
}

export async function readSettings(dataDir: string): Promise<AppSettings> {
  try {
    const data = JSON.parse(await fs.readFile(settingsPath(dataDir), 'utf8')) as Partial<AppSettings>;
    return {
      lastEnvironment: data.lastEnvironment,
      lastCustomBaseUrl: typeof data.lastCustomBaseUrl === 'string' ? data.lastCustomBaseUrl : undefined,
      recentFiles: Array.isArray(data.recentFiles) ? data.recentFiles.filter((f) => f && typeof f.path === 'string') : [],
      ...(typeof data.uploadRetentionDays === 'number' && data.uploadRetentionDays >= 0 ? { uploadRetentionDays: data.uploadRetentionDays } : {}),
      ...(data.importSettings && typeof data.importSettings === 'object' && !Array.isArray(data.importSettings) ? { importSettings: data.importSettings } : {}),
    };
  } catch {
    return { recentFiles: [] };
  }
}

/** Written 0600 to a temporary file and renamed: a crash never leaves half the settings (recent files name paths). */
export async function writeSettings(dataDir: string, settings: AppSettings): Promise<void> {
  ensurePrivateFolder(dataDir);
  await writePrivateFile(settingsPath(dataDir), JSON.stringify(settings, null, 2));
}

/** A short, stable key for a file, so the view can ask for a recent file without ever seeing its path. */
export function recentFileId(filePath: string): string {
  return createHash('sha256').update(filePath).digest('hex').slice(0, 16);
}

export function withRecentFile(settings: AppSettings, filePath: string, folderLabel: string, now: Date, displayName = path.basename(filePath)): AppSettings {
  const entry: RecentFile = {
    id: recentFileId(filePath),
    path: filePath,
    name: displayName,
    folder: folderLabel,
    openedAt: now.toISOString(),
  };
  return { ...settings, recentFiles: [entry, ...settings.recentFiles.filter((f) => f.path !== filePath)].slice(0, MAX_RECENT) };
}
