/**
 * The errors the engine, the run store and the service throw on purpose, each with a
 * code that says what kind of thing went wrong. The faces branch on the code, never on
 * the text: the CLI turns it into an exit code, the contract carries it (and a hint) to
 * the window. The text is for people: what happened and what to do.
 */

export const APP_ERROR_CODES = [
  /** Not connected to OneFile, or no organisation chosen. */
  'not-connected',
  'no-organisation',
  /** No spreadsheet open, or the one asked for is gone. */
  'no-file',
  /** An import is running (or paused) and the call would disturb it. */
  'run-active',
  /** No run with that ID, or not a run ID at all. */
  'run-not-found',
  /** The run is being carried on by another process. */
  'run-locked',
  /** The run cannot start or go on as it is (blocked rows, nothing to resume, another environment). */
  'run-refused',
  /** The plan no longer matches the file, or there is none yet. */
  'plan-stale',
  /** A live import not confirmed. */
  'not-confirmed',
  /** A token is needed and none was given or remembered. */
  'token-needed',
  /** A value the user chose or typed does not fit (a column, a row, a record, a profile name, an address). */
  'bad-choice',
  /** This face cannot do that (no native dialogs in browser mode). */
  'not-available',
  /** An upload refused (too large, one already running, a bad name). */
  'upload-refused',
  /** The person stopped a task (an export, a template, an undo's plan or an import's plan waiting for a OneFile that does not answer). */
  'stopped',
  /** A state the program should never reach. */
  'internal',
] as const;

export type AppErrorCode = (typeof APP_ERROR_CODES)[number];

export class AppError extends Error {
  readonly code: AppErrorCode;
  /** What to do, when the message does not already say it. */
  readonly hint?: string;

  constructor(code: AppErrorCode, message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.hint = options.hint;
  }
}

/**
 * The code of any error the program knows, for the contract and the CLI: an AppError's
 * code, a file error's (`file-…`), a profile's, or OneFile's kind (`onefile-…`).
 * Undefined for anything else (a bug: shown as it is, and reported).
 */
export function errorReason(error: unknown): string | undefined {
  if (error instanceof AppError) return error.code;
  if (!(error instanceof Error)) return undefined;
  const named = error as Error & { code?: unknown; kind?: unknown };
  if (error.name === 'OneFileError' && typeof named.kind === 'string') return `onefile-${named.kind}`;
  if (error.name === 'SpreadsheetError' && typeof named.code === 'string') return `file-${named.code}`;
  if (error.name === 'ProfileError') return 'profile-invalid';
  return undefined;
}
