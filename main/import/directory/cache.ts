import { createHash } from 'node:crypto';
import * as fs from 'node:fs/promises';
import { join } from 'node:path';
import { confirmListedMisses, downloadDirectory, type DirectoryClient, type DirectoryProgress } from './download';
import { DIRECTORY_VERSION, type Directory } from './types';
import { coversNeeds, WHOLE_DIRECTORY, type DirectoryNeeds } from './needs';
import { ensurePrivateFolder, writePrivateFile } from '../../private-files';

/**
 * The directory kept on disk between a dry run and the live run (and between two
 * dry runs), so checking a file twice does not spend the directory's calls twice.
 *
 * One JSON file per environment and organisation. The file holds OneFile records
 * only: no customer token or session token ever reaches it (the environment key is
 * stored only as a hash in the file's name). Those records are learners' names,
 * emails and ULNs, so the folder is 0700 and the file 0600 (see ../private-files).
 *
 * A cached directory goes stale as soon as anyone (including this importer) creates a
 * learner, and a stale learner list could make a re-run create a learner again. So
 * the default age is short, and after a live run writes anything the caller must
 * `forgetCachedDirectory` (or load with `refresh: true`).
 */

/** Ten minutes: long enough to go from a dry run to the live run, short enough to stay true. */
export const DEFAULT_MAX_AGE_MS = 10 * 60_000;

export interface DirectoryCacheOptions {
  /** The folder the cache files live in (created when needed). */
  folder: string;
  /** Which OneFile this is: an environment name or base URL, never a token. */
  environmentKey: string;
  /** Reuse a cached directory younger than this. Default 10 minutes. */
  maxAgeMs?: number;
  clock?: () => number;
}

interface CacheFile {
  format: 'onefile-importer/directory';
  directory: Directory;
}

/** The cache file's path for an environment and organisation. */
export function directoryCachePath(options: Pick<DirectoryCacheOptions, 'folder' | 'environmentKey'>, organisationId: number): string {
  const environment = createHash('sha256').update(options.environmentKey.trim().toLowerCase()).digest('hex').slice(0, 16);
  return join(options.folder, `directory-${environment}-${organisationId}.json`);
}

/** How old a directory is, in ms, by its `fetchedAt`. */
export function directoryAgeMs(directory: Directory, now: number): number {
  return Math.max(0, now - Date.parse(directory.fetchedAt));
}

/**
 * The cached directory and its age, or null when there is none, it is older than the
 * maximum age, or it cannot be read (a damaged cache is ignored, not an error).
 */
export async function readCachedDirectory(options: DirectoryCacheOptions, organisationId: number): Promise<{ directory: Directory; ageMs: number } | null> {
  const now = (options.clock ?? Date.now)();
  let file: CacheFile;
  try {
    file = JSON.parse(await fs.readFile(directoryCachePath(options, organisationId), 'utf8')) as CacheFile;
  } catch {
    return null;
  }
  const directory = file?.directory;
  if (file?.format !== 'onefile-importer/directory' || directory?.version !== DIRECTORY_VERSION || directory.organisationId !== organisationId) return null;
  const ageMs = directoryAgeMs(directory, now);
  if (Number.isNaN(ageMs) || ageMs > (options.maxAgeMs ?? DEFAULT_MAX_AGE_MS)) return null;
  return { directory, ageMs };
}

/** Saves a directory, 0600 (written to a temporary file, then renamed: a crash never leaves half a file). */
export async function writeCachedDirectory(options: DirectoryCacheOptions, directory: Directory): Promise<string> {
  const path = directoryCachePath(options, directory.organisationId);
  ensurePrivateFolder(options.folder);
  const file: CacheFile = { format: 'onefile-importer/directory', directory };
  await writePrivateFile(path, JSON.stringify(file));
  return path;
}

/** Drops the cached directory (after a live run changed OneFile). */
export async function forgetCachedDirectory(options: DirectoryCacheOptions, organisationId: number): Promise<void> {
  await fs.rm(directoryCachePath(options, organisationId), { force: true });
}

export interface LoadDirectoryOptions {
  client: DirectoryClient;
  organisationId: number;
  /** Without a cache, the directory is always downloaded. */
  cache?: DirectoryCacheOptions;
  /** Download even when a young enough cached copy exists. */
  refresh?: boolean;
  /** The kinds the file needs (directoryNeeds); default the whole directory. A cached copy read for less is not used. */
  needs?: DirectoryNeeds;
  onProgress?: (progress: DirectoryProgress) => void;
  /**
   * The reference fields (Classroom, Assessor, Standards...) of the file's names this
   * directory does not resolve. Given, a kind an unpaged search brought is read again page
   * by page before those names are called missing (`confirmListedMisses`).
   */
  unresolvedFields?: (directory: Directory) => Iterable<string>;
  /** Every kind page by page (an export, which must be whole whatever OneFile's unpaged searches do). */
  pagedOnly?: boolean;
}

export interface LoadedDirectory {
  directory: Directory;
  fromCache: boolean;
  ageMs: number;
  /** Calls this load spent: 0 from the cache. */
  callsSpent: number;
}

/** The directory for a run: the cached one when young enough, otherwise downloaded (and cached). */
export async function loadDirectory(options: LoadDirectoryOptions): Promise<LoadedDirectory> {
  const { cache, organisationId } = options;
  const clock = cache?.clock;
  const at = clock ? () => new Date(clock()) : undefined;
  let loaded: LoadedDirectory | undefined;
  if (cache && !options.refresh) {
    const cached = await readCachedDirectory(cache, organisationId);
    if (cached && coversNeeds(cached.directory.read, options.needs ?? WHOLE_DIRECTORY)) loaded = { ...cached, fromCache: true, callsSpent: 0 };
  }
  if (!loaded) {
    const directory = await downloadDirectory(options.client, organisationId, { onProgress: options.onProgress, needs: options.needs, clock: at, pagedOnly: options.pagedOnly });
    loaded = { directory, fromCache: false, ageMs: 0, callsSpent: directory.calls };
    if (cache) await writeCachedDirectory(cache, directory);
  }
  return confirmed(loaded, options);
}

/** `loadDirectory`'s check of missing names, when the caller gave the fields to check. */
async function confirmed(loaded: LoadedDirectory, options: LoadDirectoryOptions): Promise<LoadedDirectory> {
  if (!options.unresolvedFields || !loaded.directory.listed?.length) return loaded;
  return confirmLoadedDirectory(loaded, options, options.unresolvedFields(loaded.directory));
}

/**
 * A loaded directory with the kinds read again page by page where the file's names
 * (their reference fields given) were missing from an unpaged answer, cached again; the
 * same object when nothing was read (`confirmListedMisses`). For a caller that resolves
 * the file's names itself first (the app's Review check, which does so in turns).
 */
export async function confirmLoadedDirectory(
  loaded: LoadedDirectory,
  options: Pick<LoadDirectoryOptions, 'client' | 'cache'>,
  unresolvedFields: Iterable<string>,
): Promise<LoadedDirectory> {
  if (!loaded.directory.listed?.length) return loaded;
  const again = await confirmListedMisses(options.client, loaded.directory, unresolvedFields);
  if (again.calls === 0) return loaded;
  if (options.cache) await writeCachedDirectory(options.cache, again.directory);
  return { ...loaded, directory: again.directory, callsSpent: loaded.callsSpent + again.calls };
}
