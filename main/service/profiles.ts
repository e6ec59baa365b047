import { AppError } from '../../shared/app-error';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type { ProfileView } from '../../shared/contract-types';
import { headerFingerprint, profileFromMapping, type MappingProfile } from '../../shared/profile';
import { loadProfile, saveProfile } from '../mapping-store/profile-store';
import { profileName, profilesDir, type Workbook } from './workbook';

/**
 * Mapping profiles by name, over the engine's profile store (one file per set of
 * headers, found again by their fingerprint). The name is the profile's
 * `description`; a file of other columns can still borrow a profile by name.
 */

interface NamedProfile {
  name: string;
  file: string;
  value: MappingProfile;
  savedAt: string;
}

async function readAll(dataDir: string): Promise<NamedProfile[]> {
  const dir = profilesDir(dataDir);
  let files: string[];
  try {
    files = (await fs.readdir(dir)).filter((f) => f.endsWith('.json'));
  } catch {
    return [];
  }
  const profiles: NamedProfile[] = [];
  for (const file of files) {
    try {
      const full = path.join(dir, file);
      const value = await loadProfile(full);
      const stat = await fs.stat(full);
      profiles.push({ name: profileName(value, `Columns ${path.basename(file, '.json')}`), file, value, savedAt: stat.mtime.toISOString() });
    } catch {
      // A profile someone broke by hand is skipped here; the CLI names its problems.
    }
  }
  return profiles.sort((a, b) => b.savedAt.localeCompare(a.savedAt));
}

export async function listProfiles(dataDir: string, headers: readonly string[] | null): Promise<ProfileView[]> {
  const own = headers ? `${headerFingerprint(headers)}.json` : null;
  return (await readAll(dataDir)).map((p) => ({ name: p.name, matchesFile: p.file === own, savedAt: p.savedAt }));
}

/** Saves the open file's mapping (and value maps) under a name, as the profile for its headers. */
export async function saveNamedProfile(dataDir: string, workbook: Workbook, name: string): Promise<ProfileView> {
  const value = profileFromMapping(workbook.mapping, name);
  await saveProfile(profilesDir(dataDir), workbook.table.headers, value);
  workbook.profile = { name, value, automatic: false };
  return { name, matchesFile: true, savedAt: new Date().toISOString() };
}

export async function findNamedProfile(dataDir: string, name: string): Promise<{ name: string; value: MappingProfile }> {
  const found = (await readAll(dataDir)).find((p) => p.name.toLowerCase() === name.trim().toLowerCase());
  if (!found) throw new AppError('bad-choice', `There is no saved profile called "${name}". Save one on the mapping screen first.`);
  return { name: found.name, value: found.value };
}
