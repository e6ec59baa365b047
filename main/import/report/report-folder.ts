import * as fs from 'node:fs';
import * as path from 'node:path';
import { readDiskRefusal, type DiskRefusal } from '../../../shared/disk-refusal';
import { folderUnusableReason } from '../../private-files';
import { writeReports, type ReportFiles, type WriteReportsOptions } from './report';

/**
 * A folder the user named for the reports (`--report-dir`): checked before a run starts, so
 * that a path to a file or a folder that cannot be written is said at once, not after the
 * import, and said in words rather than as the system's error.
 */

/** What keeps the reports out of `dir`, as the end of a sentence; `error` is the system's refusal. */
export function reportFolderProblem(dir: string, error: unknown): string {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  if (code === 'EEXIST' || code === 'ENOTDIR') return isFile(dir) ? 'it is a file, not a folder.' : 'part of that path is a file, not a folder.';
  const refusal = readDiskRefusal(error)?.kind;
  if (refusal) return REFUSED_HERE[refusal];
  return `${error instanceof Error ? error.message : String(error)}.`;
}

/** A disk's refusal (shared/disk-refusal) said of the folder named before it. */
const REFUSED_HERE: Record<DiskRefusal, string> = {
  full: 'the disk is full.',
  'read-only': 'that disk is read-only.',
  'no-permission': 'you do not have permission to write there.',
  unavailable: 'the disk or network folder it is on stopped answering.',
  locked: 'another program holds it open.',
};

/**
 * Undefined when `dir` is a folder the reports can be written to (created when missing, as the
 * run would create it; `create: false` for a dry run, which writes nothing); otherwise what is
 * wrong and what to do.
 */
export function checkReportFolder(dir: string, options: { create?: boolean } = {}): string | undefined {
  const unusable = folderUnusableReason(dir);
  if (unusable) return `The reports cannot be written to ${dir}: ${unusable} Give --report-dir a folder you can write to (it is created when missing).`;
  if (options.create === false) return undefined;
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    fs.accessSync(dir, fs.constants.W_OK);
    return undefined;
  } catch (error) {
    return `The reports cannot be written to ${dir}: ${reportFolderProblem(dir, error)} Give --report-dir a folder you can write to (it is created when missing).`;
  }
}

function isFile(dir: string): boolean {
  try {
    return fs.statSync(dir).isFile();
  } catch {
    return false;
  }
}

/**
 * The reports again in the folder the user named, as `<baseName>-results.xlsx`...: the copies,
 * or why they could not be written (the run's own reports, `ownReports`, stand either way).
 */
export async function copyReports(
  dir: string,
  baseName: string,
  ownReports: ReportFiles,
  content: Omit<WriteReportsOptions, 'dir' | 'baseName'>,
): Promise<{ copies?: ReportFiles; copyProblem?: string }> {
  try {
    return { copies: await writeReports({ dir, baseName: baseName.replace(/[^\w.-]+/g, '_'), ...content }) };
  } catch (error) {
    return { copyProblem: `The reports could not be written to ${dir}: ${reportFolderProblem(dir, error)} They are in ${path.dirname(ownReports.results.xlsx)}.` };
  }
}
