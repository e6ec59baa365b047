import { spreadsheetErrors, type SpreadsheetError } from './errors';

/**
 * What the operating system's refusal to open or read a file means to the user: missing,
 * no permission, locked by another program (Windows answers EBUSY while Excel holds a file),
 * a folder, or the drive or network folder holding it gone quiet mid-read. Undefined for
 * any other error.
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
    case 'EIO':
    case 'ESTALE':
    case 'ETIMEDOUT':
    case 'ECONNRESET':
    case 'ECONNABORTED':
    case 'ENOTCONN':
    case 'EHOSTDOWN':
    case 'EHOSTUNREACH':
    case 'ENETDOWN':
    case 'ENETUNREACH':
    case 'ENXIO':
      return spreadsheetErrors.readInterrupted(file, error);
    case 'UNKNOWN':
      // Windows' errors libuv has no name for (a cloud file that cannot be fetched, a share gone): only from the system's own read.
      return typeof (error as { syscall?: unknown }).syscall === 'string' ? spreadsheetErrors.readInterrupted(file, error) : undefined;
    default:
      return undefined;
  }
}
