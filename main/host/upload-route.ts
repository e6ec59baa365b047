import type { IncomingMessage } from 'node:http';
import { PassThrough } from 'node:stream';
import type { Envelope } from '../../shared/contract-envelope';
import type { ServiceRuntime } from '../service/service-types';
import { tooLargeMessage, UploadError, uploadDisplayName, type UploadProblem } from '../service/uploads';
import { readDiskRefusal } from '../../shared/disk-refusal';

/**
 * Browser mode's upload: `POST /api/upload` with the spreadsheet's bytes as the body
 * (not base64 in JSON) and its name, percent-encoded, in `x-file-name`. The answer is
 * `openFile`'s envelope, so the page handles both alike.
 *
 * - The declared length is checked before a byte is read: over the limit, 413.
 * - The body streams to a 0600 file in the data folder (the service's uploads), never
 *   whole into memory; a body with no length, or more bytes than it declared, is
 *   stopped at the limit.
 * - One upload at a time per session: a second one meanwhile gets 409.
 * - A refused body is read to its end and thrown away before the answer is sent, so
 *   the browser, still sending, receives the answer rather than a reset connection.
 */

export const UPLOAD_PATH = '/api/upload';
export const FILE_NAME_HEADER = 'x-file-name';

/** A body past this much is not read to its end: the connection is closed after the answer. */
const MOST_TO_DRAIN = 1024 * 1024 * 1024;

const STATUS: Record<UploadProblem, number> = { 'too-large': 413, busy: 409, 'bad-name': 400, empty: 400 };

export interface UploadAnswer {
  status: number;
  envelope: Envelope;
  /** Close the connection after answering (a body too big to read to its end). */
  close: boolean;
}

/** Reads what is left of a body and throws it away, up to `MOST_TO_DRAIN`; resolves false if it stopped short. */
function drain(request: IncomingMessage): Promise<boolean> {
  return new Promise((resolve) => {
    if (request.readableEnded || request.destroyed) return resolve(true);
    let read = 0;
    const onData = (chunk: Buffer) => {
      read += chunk.length;
      if (read > MOST_TO_DRAIN) {
        request.off('data', onData);
        request.pause();
        resolve(false);
      }
    };
    request.on('data', onData);
    request.once('end', () => resolve(true));
    request.once('close', () => resolve(true));
    request.once('error', () => resolve(false));
    request.resume();
  });
}

function failure(status: number, message: string): Omit<UploadAnswer, 'close'> {
  return { status, envelope: { ok: false, error: { method: 'openFile', code: status === 422 ? 'failed' : 'invalid-input', message } } };
}

function declaredLength(request: IncomingMessage): number | null {
  const header = request.headers['content-length'];
  return header !== undefined && /^\d+$/.test(header) ? Number(header) : null;
}

function fileNameOf(request: IncomingMessage): string {
  const header = request.headers[FILE_NAME_HEADER];
  if (typeof header !== 'string') return '';
  try {
    return decodeURIComponent(header);
  } catch {
    return header;
  }
}

async function receive(request: IncomingMessage, uploads: NonNullable<ServiceRuntime['uploads']>, redact: (text: string) => string): Promise<Omit<UploadAnswer, 'close'>> {
  if (!(request.headers['content-type'] ?? '').startsWith('application/octet-stream')) {
    return failure(415, 'openFile: send the file as application/octet-stream.');
  }
  let displayName: string;
  try {
    displayName = uploadDisplayName(fileNameOf(request));
  } catch (error) {
    return failure(400, (error as Error).message);
  }
  const declared = declaredLength(request);
  if (declared !== null && declared > uploads.maxBytes) return failure(413, tooLargeMessage(displayName, uploads.maxBytes, declared));
  const body = new PassThrough();
  // A browser that gives up (tab closed, network gone) must not leave the upload waiting forever.
  request.once('close', () => {
    if (!request.complete) body.destroy(new Error(`${displayName} stopped arriving before its end. Upload it again.`));
  });
  request.pipe(body);
  try {
    const view = await uploads.open(displayName, body);
    return { status: 200, envelope: { ok: true, value: view } };
  } catch (error) {
    request.unpipe(body);
    body.destroy();
    if (error instanceof UploadError) return failure(STATUS[error.problem], error.message);
    // The copy kept while the file is imported could not be written (the disk full, say): said in words.
    const disk = readDiskRefusal(error, 'the copy of the file kept while it is imported');
    if (disk) {
      const remedy = {
        full: "Free some space on the disk that holds the importer's data",
        unavailable: 'Reconnect it, or start the importer with a data folder on this computer',
        locked: 'Close the program that has it open',
        'read-only': 'Start the importer with a data folder you can write to',
        'no-permission': 'Start the importer with a data folder you can write to',
      }[disk.kind];
      return failure(422, `${disk.problem} ${remedy}, then drop the file again.`);
    }
    return failure(422, redact(error instanceof Error ? error.message : String(error)));
  }
}

/** Receives an upload and says how to answer; whatever of the body was not used has been read and dropped. */
export async function handleUpload(request: IncomingMessage, runtime: ServiceRuntime): Promise<UploadAnswer> {
  const uploads = runtime.uploads;
  const answer = uploads
    ? await receive(request, uploads, runtime.redact)
    : failure(404, 'This app does not take uploads: drop the file on the window instead.');
  const drained = await drain(request);
  return { ...answer, close: !drained };
}
