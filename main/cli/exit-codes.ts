import { errorReason } from '../../shared/app-error';

/**
 * The command line's exit codes, decided by what kind of error stopped a command
 * (its code, `shared/app-error.ts`), never by the words of its message:
 * 0 every row in (or a clean check), 1 some rows not, 2 could not start or go on.
 */
export const EXIT = { ok: 0, someRowsNot: 1, couldNotStart: 2 } as const;

/**
 * The message to print and the exit code for an error a command knows how to explain:
 * the file, the profile, OneFile, or a refusal of the engine's. Null for anything else,
 * which is a bug and is thrown on (shown with its stack).
 */
export function knownFailure(error: unknown): { message: string; exitCode: number } | null {
  if (errorReason(error) === undefined || !(error instanceof Error)) return null;
  return { message: error.message, exitCode: EXIT.couldNotStart };
}

/**
 * A refusal of the disk's that reached the top of a command (the disk full while a run
 * wrote its journal, its run record or its reports; a folder that became read-only): what
 * happened and what to do, in words, instead of a stack trace and the exit code a crash
 * gives (1, which says rows failed). Undefined for anything else.
 */
export function diskRefusal(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, path } = error as { code?: unknown; path?: unknown };
  const what = typeof path === 'string' ? path : 'a file in the data folder';
  const after = 'then run the command again. A run it stopped is listed by "onefile-import runs" and carries on with "onefile-import resume <runId>", creating nothing twice.';
  switch (code) {
    case 'ENOSPC':
    case 'EDQUOT':
      return `The disk is full: ${what} could not be written. Free some space on it, ${after}`;
    case 'EROFS':
      return `The disk is read-only: ${what} could not be written. Give --data-dir a folder on a disk you can write to, ${after}`;
    case 'EACCES':
    case 'EPERM':
      return `You do not have permission to write ${what}. Give --data-dir a folder you can write to, ${after}`;
    default:
      return undefined;
  }
}
