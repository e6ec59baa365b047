import { AppError } from '../../shared/app-error';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ensurePrivateFolder, writePrivateFile, writePrivateFileStreamed } from '../private-files';

/**
 * Spreadsheets handed to the app as bytes (dropped on the desktop window, or uploaded
 * in browser mode) are copied into the data folder, so the session can read them
 * again with other options and a run can record where its rows came from. Those
 * copies hold learners' personal data, so:
 *
 * - each lives in a folder of its own under `<data>/uploads/`, 0700, the file 0600;
 * - the bytes stream to disk, never whole into memory, and stop at the size limit;
 * - one is received at a time per session;
 * - the copy is deleted when the run that imports it finishes, when it cannot be read
 *   at all, and at the latest after the retention period (swept at start-up), until
 *   when it can be opened again from the recent files.
 *
 * The file's own name (accents, spaces and all) is what the user sees; only the name
 * on disk is made safe.
 */

/** The largest spreadsheet accepted as bytes. Bigger files go through the Open dialog or the CLI. */
export const DEFAULT_MAX_UPLOAD_BYTES = 100 * 1024 * 1024;

/** How long an uploaded copy that no run needed is kept, in days (the `uploadRetentionDays` setting). */
export const DEFAULT_UPLOAD_RETENTION_DAYS = 7;

const DAY_MS = 24 * 60 * 60 * 1000;

export type UploadProblem = 'too-large' | 'busy' | 'bad-name' | 'empty';

/** An upload refused for a reason the user can act on; `problem` lets a face pick its answer (HTTP 413, 409, 400). */
export class UploadError extends AppError {
  constructor(
    readonly problem: UploadProblem,
    message: string,
  ) {
    super('upload-refused', message);
    this.name = 'UploadError';
  }
}

export function uploadsDir(dataDir: string): string {
  return path.join(dataDir, 'uploads');
}

/** True for a file this module saved (a path inside the uploads folder). */
export function isUploadedCopy(dataDir: string, filePath: string): boolean {
  const relative = path.relative(uploadsDir(dataDir), path.resolve(filePath));
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative) && relative.split(path.sep).length === 2;
}

function megabytes(bytes: number): string {
  return `${Math.round(bytes / (1024 * 1024))} MB`;
}

/** The message for a file over the limit: what happened and what to do. */
export function tooLargeMessage(displayName: string, maxBytes: number, size?: number): string {
  const actual = size === undefined ? 'larger than' : `${megabytes(size)}, more than`;
  return (
    `${displayName} is ${actual} the ${megabytes(maxBytes)} the app accepts by upload. ` +
    'Import it with the command line (onefile-import import), or split it into smaller files.'
  );
}

/**
 * The name to show for a file the user handed over: its own name without any folder,
 * accents and spaces kept. `.`, `..` and empty names are refused: they name no file.
 */
export function uploadDisplayName(fileName: string): string {
  const name = fileName.normalize('NFC').split(/[\\/]/).pop()!.trim();
  if (name === '' || name === '.' || name === '..') {
    throw new UploadError('bad-name', `"${fileName.slice(0, 80)}" is not a file name. Choose the spreadsheet itself (a .xlsx, .csv, .tsv or .txt file).`);
  }
  if (/[\u0000-\u001f]/.test(name)) {
    throw new UploadError('bad-name', 'The file name has control characters in it. Rename the file and upload it again.');
  }
  return name;
}

/** The name on disk: letters (any alphabet), digits and a few safe marks; the extension kept; never hidden, never too long. */
export function onDiskName(displayName: string): string {
  const extension = (/\.[A-Za-z0-9]{1,8}$/.exec(displayName)?.[0] ?? '').toLowerCase();
  const stem = displayName
    .slice(0, displayName.length - extension.length)
    .replace(/[^\p{L}\p{N} ()+_-]+/gu, '_')
    .replace(/^[ _]+|[ ]+$/g, '')
    .slice(0, 100);
  return `${stem || 'spreadsheet'}${extension}`;
}

export interface UploadGate {
  hold<T>(receive: () => Promise<T>): Promise<T>;
}

/** One upload at a time per session: a second one while the first is received (and opened) is refused, not queued. */
export function createUploadGate(): UploadGate {
  let busy = false;
  return {
    async hold(receive) {
      if (busy) throw new UploadError('busy', 'Another file is being uploaded. Wait for it to finish, then try again.');
      busy = true;
      try {
        return await receive();
      } finally {
        busy = false;
      }
    },
  };
}

function newUploadFile(dataDir: string, displayName: string): string {
  ensurePrivateFolder(uploadsDir(dataDir));
  const folder = path.join(uploadsDir(dataDir), randomBytes(8).toString('hex'));
  ensurePrivateFolder(folder);
  return path.join(folder, onDiskName(displayName));
}

export interface ReceivedUpload {
  /** Where the copy is, in the data folder. */
  path: string;
  displayName: string;
  bytes: number;
}

/** Saves bytes already in memory (the desktop window's dropped file). */
export async function saveUploadedBytes(dataDir: string, fileName: string, bytes: Uint8Array, maxBytes = DEFAULT_MAX_UPLOAD_BYTES): Promise<ReceivedUpload> {
  const displayName = uploadDisplayName(fileName);
  if (bytes.length === 0) throw new UploadError('empty', `${displayName} is empty: there is nothing to import.`);
  if (bytes.length > maxBytes) throw new UploadError('too-large', tooLargeMessage(displayName, maxBytes, bytes.length));
  const file = newUploadFile(dataDir, displayName);
  await writePrivateFile(file, bytes);
  return { path: file, displayName, bytes: bytes.length };
}

/**
 * Streams an upload to disk, counting as it goes: past `maxBytes` it stops, deletes
 * what it wrote and throws `too-large` (a body with no declared length, or one that
 * lied about it). Memory stays at a chunk or two whatever the size.
 */
export async function saveUploadedStream(dataDir: string, fileName: string, body: Readable, maxBytes = DEFAULT_MAX_UPLOAD_BYTES): Promise<ReceivedUpload> {
  const displayName = uploadDisplayName(fileName);
  const file = newUploadFile(dataDir, displayName);
  let bytes = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      if (bytes > maxBytes) done(new UploadError('too-large', tooLargeMessage(displayName, maxBytes)));
      else done(null, chunk);
    },
  });
  try {
    await writePrivateFileStreamed(file, (out) => pipeline(body, counter, out));
    if (bytes === 0) throw new UploadError('empty', `${displayName} is empty: there is nothing to import.`);
  } catch (error) {
    discardUploadedCopy(dataDir, file);
    throw error;
  }
  return { path: file, displayName, bytes };
}

/** Deletes an uploaded copy (its whole folder). Anything that is not one is left alone. */
export function discardUploadedCopy(dataDir: string, filePath: string): boolean {
  if (!isUploadedCopy(dataDir, filePath)) return false;
  fs.rmSync(path.dirname(path.resolve(filePath)), { recursive: true, force: true });
  return true;
}

/**
 * Deletes the uploaded copies older than the retention period (by when they were
 * saved), and anything in the uploads folder that is not a copy (a half-received one
 * left by a crash). Returns how many were deleted.
 */
export function sweepUploadedCopies(dataDir: string, retentionDays: number, now: Date): number {
  let names: string[];
  try {
    names = fs.readdirSync(uploadsDir(dataDir));
  } catch {
    return 0;
  }
  let deleted = 0;
  for (const name of names) {
    const entry = path.join(uploadsDir(dataDir), name);
    try {
      const stat = fs.statSync(entry);
      if (stat.isDirectory() && now.getTime() - stat.mtimeMs <= retentionDays * DAY_MS) continue;
      fs.rmSync(entry, { recursive: true, force: true });
      deleted++;
    } catch {
      // Gone already, or not ours to remove: the next start tries again.
    }
  }
  return deleted;
}
