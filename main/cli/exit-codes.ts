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
