import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import {
  headerFingerprint,
  parseProfile,
  parseProfileText,
  ProfileError,
  type MappingProfile,
} from '../../shared/profile';
import { ensurePrivateFolder, writePrivateFile } from '../private-files';

/**
 * Mapping profiles on disk: one JSON file per set of headers, named by the headers'
 * fingerprint (`<fingerprint>.json`), so a weekly export with the same columns (in any
 * order) finds last week's mapping without the user choosing a file.
 */

/** Where a profile for these headers lives in `dir`. */
export function profilePath(dir: string, headers: readonly string[]): string {
  return join(dir, `${headerFingerprint(headers)}.json`);
}

/**
 * Saves the profile for these headers, replacing any earlier one. Written 0600 to a
 * temporary file and renamed, so a crash never leaves half a profile (its value maps
 * may name learners' classes and employers). Returns its path.
 */
export async function saveProfile(dir: string, headers: readonly string[], profile: MappingProfile): Promise<string> {
  const checked = parseProfile(profile);
  ensurePrivateFolder(dir);
  const path = profilePath(dir, headers);
  await writePrivateFile(path, `${JSON.stringify(checked, null, 2)}\n`);
  return path;
}

/**
 * The profile saved for these headers, as `findProfile`; one that is damaged (not JSON, not a
 * profile: the disk filled as it was written, say) is reported, not thrown. It is the
 * importer's own file, not one the user chose: it must not stop the file from opening.
 */
export async function findSavedProfile(dir: string, headers: readonly string[]): Promise<{ profile: MappingProfile | null; damaged?: string }> {
  try {
    return { profile: await findProfile(dir, headers) };
  } catch (error) {
    if (error instanceof ProfileError) return { profile: null, damaged: error.message };
    throw error;
  }
}

/** What is said of a saved profile that could not be used (`findSavedProfile`), after "Mapping profile: ". */
export function damagedProfileWarning(damaged: string): string {
  return `the one saved for these columns is damaged and was not used (${damaged.replace(/\.$/, '')}), so they were mapped automatically. Saving the mapping again replaces it.`;
}

function parseNamed(path: string, text: string): MappingProfile {
  try {
    return parseProfileText(text);
  } catch (error) {
    if (error instanceof ProfileError) throw new ProfileError(`${basename(path)}: ${error.message}`);
    throw error;
  }
}

/** Reads and checks a profile file. Errors name the file and every problem in it. */
export async function loadProfile(path: string): Promise<MappingProfile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT' ? 'there is no such file' : code === 'EISDIR' ? 'it is a folder, not a file' : code === 'EACCES' || code === 'EPERM' ? 'you do not have permission to read it' : (cause as Error).message;
    throw new ProfileError(`Cannot read the mapping profile ${basename(path)}: ${reason}.`);
  }
  return parseNamed(path, text);
}

/** The saved profile for these headers, or null when none was saved. */
export async function findProfile(dir: string, headers: readonly string[]): Promise<MappingProfile | null> {
  const path = profilePath(dir, headers);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw cause;
  }
  return parseNamed(path, text);
}
