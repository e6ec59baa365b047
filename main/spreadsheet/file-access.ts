import { spreadsheetErrors, type SpreadsheetError } from './errors';

/**
 * What the operating system's refusal to open or read a file means to the user: missing,
 * no permission, locked by another program (Windows answers EBUSY while Excel holds a file),
 * a folder. Undefined for any other error.
 */
export function fileAccessError(file: string, error: unknown): SpreadsheetError | undefined {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  switch (code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return spreadsheetErrors.notFound(file, error);
    case 'EACCES':
    case 'EPERM':
      return spreadsheetErrors.noPermission(file, error);
    case 'EBUSY':
    case 'ETXTBSY':
      return spreadsheetErrors.lockedByAnotherProgram(file, error);
    case 'EISDIR':
      return spreadsheetErrors.folder(file, error);
    default:
      return undefined;
  }
}
