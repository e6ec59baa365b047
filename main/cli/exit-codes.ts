import { errorReason } from '../../shared/app-error';
import { readDiskRefusal } from '../../shared/disk-refusal';

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
  const refusal = readDiskRefusal(error);
  if (!refusal) return undefined;
  const remedy = {
    full: 'Free some space on it',
    unavailable: 'Reconnect it, or give --data-dir a folder on this computer',
    locked: 'Close the program that has it open',
    'read-only': 'Give --data-dir a folder you can write to',
    'no-permission': 'Give --data-dir a folder you can write to',
  }[refusal.kind];
  return `${refusal.problem} ${remedy}, then run the command again. A run it stopped is listed by "onefile-import runs" and carries on with "onefile-import resume <runId>", creating nothing twice.`;
}
