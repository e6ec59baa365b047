import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import type { Writable } from 'node:stream';

/**
 * Files that may hold learners' personal data (names, dates of birth, ULNs, emails)
 * or a token: readable by the user only, and never left half-written.
 *
 * - Folders are created 0700, files 0600. An existing data folder (or one of its
 *   own folders) with looser modes is tightened, so data left by an older version or
 *   another umask is not readable by other users of the machine.
 * - A file written whole goes to a 0600 temporary file in the same folder, is
 *   fsynced and renamed over the old one: a crash leaves the old file or the new one,
 *   never half of either, and never a moment where the file is readable by others.
 * - An appended file (a journal, a log) is opened 0600, and tightened if it existed.
 *
 * On Windows the modes mean nothing: there the data folder lives in the user's
 * profile, which only the user (and administrators) can read.
 */

export const PRIVATE_FILE_MODE = 0o600;
export const PRIVATE_FOLDER_MODE = 0o700;

function modesApply(): boolean {
  return process.platform !== 'win32';
}

export interface PrivateFolderOptions {
  /**
   * Make an existing folder 0700 too (the default). Off for a folder the user chose
   * that may be shared on purpose (a `--report-dir`): created 0700 when missing, left
   * as it is when it exists.
   */
  tighten?: boolean;
}

/** Creates a folder (and any missing parents) readable by the user only. */
export function ensurePrivateFolder(folder: string, options: PrivateFolderOptions = {}): void {
  fs.mkdirSync(folder, { recursive: true, mode: PRIVATE_FOLDER_MODE });
  if (options.tighten === false || !modesApply()) return;
  if ((fs.statSync(folder).mode & 0o777) !== PRIVATE_FOLDER_MODE) fs.chmodSync(folder, PRIVATE_FOLDER_MODE);
}

/**
 * Why `folder` cannot be a folder to write in, as the end of a sentence, or undefined when it
 * can (it need not exist yet: its nearest existing parent is asked). Creates nothing.
 */
export function folderUnusableReason(folder: string): string | undefined {
  const whole = path.resolve(folder);
  let at = whole;
  while (!fs.existsSync(at) && path.dirname(at) !== at) at = path.dirname(at);
  let isFolder: boolean;
  try {
    isFolder = fs.statSync(at).isDirectory();
  } catch {
    return undefined;
  }
  if (!isFolder) return at === whole ? 'it is a file, not a folder.' : `${at} is a file, not a folder.`;
  try {
    fs.accessSync(at, fs.constants.W_OK);
  } catch {
    return at === whole ? 'you do not have permission to write there.' : `you do not have permission to write in ${at}.`;
  }
  return undefined;
}

function temporaryPath(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

/** After a rename, the folder's entry is made durable too (not possible on every platform; the rename is atomic anyway). */
function syncFolder(folder: string): void {
  if (!modesApply()) return;
  try {
    const fd = fs.openSync(folder, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    // Some file systems cannot fsync a folder.
  }
}

/** Writes a whole file atomically, 0600 (see the module's description). The folder must exist. */
export function writePrivateFileSync(file: string, data: string | Uint8Array): void {
  const temporary = temporaryPath(file);
  const fd = fs.openSync(temporary, 'wx', PRIVATE_FILE_MODE);
  try {
    fs.writeFileSync(fd, data);
    fs.fsyncSync(fd);
  } catch (error) {
    fs.closeSync(fd);
    fs.rmSync(temporary, { force: true });
    throw error;
  }
  fs.closeSync(fd);
  try {
    fs.renameSync(temporary, file);
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    throw error;
  }
  syncFolder(path.dirname(file));
}

/** The same as `writePrivateFileSync`, without blocking the event loop. */
export async function writePrivateFile(file: string, data: string | Uint8Array): Promise<void> {
  const temporary = temporaryPath(file);
  const handle = await fsp.open(temporary, 'wx', PRIVATE_FILE_MODE);
  try {
    await handle.writeFile(data);
    await handle.sync();
    await handle.close();
    await fsp.rename(temporary, file);
  } catch (error) {
    await handle.close().catch(() => undefined);
    await fsp.rm(temporary, { force: true });
    throw error;
  }
  syncFolder(path.dirname(file));
}

/**
 * Writes a whole file atomically, 0600, through a stream: for what is too big to hold
 * in memory (an upload, an XLSX report). `write` writes to the stream and resolves
 * when it has ended it (or when the stream has finished). On failure the temporary
 * file is removed and the old file (if any) is untouched.
 */
export async function writePrivateFileStreamed(file: string, write: (out: Writable) => Promise<void>): Promise<void> {
  const temporary = temporaryPath(file);
  const fd = fs.openSync(temporary, 'wx', PRIVATE_FILE_MODE);
  // The stream owns the descriptor from here: destroying it closes it (whatever
  // autoClose says), so it is closed only that way, never twice.
  const out = fs.createWriteStream('', { fd, autoClose: false });
  let failure: unknown = null;
  try {
    await write(out);
    if (!out.writableFinished) {
      await new Promise<void>((resolve, reject) => {
        out.once('finish', resolve);
        out.once('error', reject);
        if (!out.writableEnded) out.end();
      });
    }
    fs.fsyncSync(fd);
  } catch (error) {
    failure = error;
  }
  await new Promise<void>((resolve) => {
    if (out.closed) resolve();
    else {
      out.once('close', () => resolve());
      out.destroy();
    }
  });
  try {
    if (failure) throw failure;
    fs.renameSync(temporary, file);
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    throw error;
  }
  syncFolder(path.dirname(file));
}

/**
 * Opens a file to append to (`a`) or to read and append (`a+`), created 0600; one
 * that existed with looser modes is tightened. Returns the descriptor.
 */
export function openPrivateAppendSync(file: string, flags: 'a' | 'a+' = 'a'): number {
  const fd = fs.openSync(file, flags, PRIVATE_FILE_MODE);
  if (modesApply()) {
    try {
      if ((fs.fstatSync(fd).mode & 0o777) !== PRIVATE_FILE_MODE) fs.fchmodSync(fd, PRIVATE_FILE_MODE);
    } catch (error) {
      fs.closeSync(fd);
      throw error;
    }
  }
  return fd;
}
