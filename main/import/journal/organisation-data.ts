import * as fs from 'node:fs';
import { AppError } from '../../../shared/app-error';
import * as path from 'node:path';
import { assignmentLedgerPath } from './assignment-ledger';
import { directoryCachePath } from '../directory/cache';
import { directoryCacheFolder } from '../environment/connection';
import { listRuns, runPaths, type RunInfo } from './run-store';

/**
 * What the importer keeps on this machine about one organisation of one OneFile, and
 * how to forget it ("Forget this organisation's data", app and CLI): its cached
 * directories (learners' names, emails, ULNs), its runs' folders (plan, rows, journal,
 * reports), the uploaded copies those runs were made from, and the record of staff
 * assignments made there. Mapping profiles and the sandbox's own state are not the
 * organisation's (they belong to the columns of a file, and to the sandbox).
 *
 * An organisation ID means something only in its OneFile, so the environment is part
 * of the key, as the caches have it: `sandbox` for the built-in sandbox, otherwise the
 * API address.
 */

export interface OrganisationDataKey {
  dataDir: string;
  /** `sandbox`, or the OneFile API's base URL (what the directory cache is keyed by). */
  environmentKey: string;
  organisationId: number;
  /** The uploads folder: copies inside it that the organisation's runs were made from are its data too. */
  uploadsDir: string;
}

export interface OrganisationData {
  runs: RunInfo[];
  /** Files that exist: the cached directory, the ledger of assignments and users this importer made. */
  files: string[];
  /** Folders of uploaded copies the runs were made from (that still exist). */
  uploads: string[];
}

/** What a forget deleted, counted for the message. */
export interface ForgottenData {
  runs: number;
  files: number;
  uploads: number;
}

function sameEnvironment(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

/** The environment key a run was made in: `sandbox` for the built-in one, else its address. */
export function runEnvironmentKey(run: Pick<RunInfo, 'environment'>): string {
  return run.environment.name === 'sandbox' ? 'sandbox' : run.environment.baseUrl;
}

function uploadFolderOf(uploadsDir: string, filePath: string | undefined): string | null {
  if (!filePath) return null;
  const folder = path.dirname(path.resolve(filePath));
  return path.dirname(folder) === path.resolve(uploadsDir) ? folder : null;
}

/** Everything kept about the organisation, found without changing anything (what the confirmation lists). */
export function findOrganisationData(key: OrganisationDataKey): OrganisationData {
  const runs = listRuns(key.dataDir).filter(
    (run) => run.organisation.id === key.organisationId && sameEnvironment(runEnvironmentKey(run), key.environmentKey),
  );
  const candidates = [
    directoryCachePath({ folder: directoryCacheFolder(key.dataDir), environmentKey: key.environmentKey }, key.organisationId),
    assignmentLedgerPath(key.dataDir, key.environmentKey, key.organisationId),
  ];
  const uploads = new Set<string>();
  for (const run of runs) {
    const folder = uploadFolderOf(key.uploadsDir, run.file.path);
    if (folder && fs.existsSync(folder)) uploads.add(folder);
  }
  return { runs, files: candidates.filter((file) => fs.existsSync(file)), uploads: [...uploads] };
}

/** A run that may be sending right now (recorded running or paused, its process alive): its folder cannot go. */
export function activeRuns(data: OrganisationData): RunInfo[] {
  return data.runs.filter((run) => run.state === 'running' || run.state === 'paused');
}

/**
 * Deletes what `findOrganisationData` found. Refuses, deleting nothing, while one of
 * the organisation's runs is active (in this process or another): its journal is what
 * keeps it from creating anything twice.
 */
export function forgetOrganisationData(key: OrganisationDataKey): ForgottenData {
  const data = findOrganisationData(key);
  const active = activeRuns(data);
  if (active.length > 0) {
    throw new AppError('run-active', 
      `Run ${active[0].runId} of organisation ${key.organisationId} is ${active[0].state}. ` +
        'Let it finish, or cancel it, before forgetting the organisation\'s data.',
    );
  }
  for (const run of data.runs) fs.rmSync(runPaths(key.dataDir, run.runId).folder, { recursive: true, force: true });
  for (const file of data.files) fs.rmSync(file, { force: true });
  for (const folder of data.uploads) fs.rmSync(folder, { recursive: true, force: true });
  return { runs: data.runs.length, files: data.files.length, uploads: data.uploads.length };
}

/** "3 runs (their journals and reports), the cached directory, 1 uploaded spreadsheet": for a confirmation or its outcome. */
export function describeOrganisationData(data: { runs: number; files: number; uploads: number }): string {
  const parts: string[] = [];
  if (data.runs > 0) parts.push(`${data.runs} run${data.runs === 1 ? '' : 's'} (plans, rows, journals and reports)`);
  if (data.files > 0) parts.push(`${data.files} cached record${data.files === 1 ? '' : 's'} (the directory of learners and staff, the assignments and users this importer made)`);
  if (data.uploads > 0) parts.push(`${data.uploads} uploaded spreadsheet${data.uploads === 1 ? '' : 's'}`);
  return parts.length > 0 ? parts.join(', ') : 'nothing';
}
