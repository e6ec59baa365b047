import { AppError } from '../../../shared/app-error';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import type { OperationKind } from '../plan/types';
import { openPrivateAppendSync } from '../../private-files';

/**
 * The run's journal: an append-only JSON Lines file with one record per event, each
 * flushed to the disk (fsync) before the runner goes on. An `intent` is written
 * before a write call is sent and `done` / `failed` / `unknown` after it, so a run
 * killed at any point knows, for every operation, whether it surely happened, surely
 * did not, or must be checked in OneFile before it is sent again.
 *
 * The journal never holds a token: records carry IDs, kinds and OneFile's messages
 * only (the client redacts secrets from messages before they reach us).
 *
 * Every record is sealed with a checksum of its own JSON (`sum`), so a line damaged on
 * the disk is told from a good one even when it still parses. Reading tells apart a
 * torn tail (the last line, with no newline: a write the kill interrupted, never
 * acknowledged, so nothing was sent after it) from damage anywhere else, which the
 * resume must not trust (see damage.ts). Journals written before checksums
 * are read as they always were.
 */

/** OneFile IDs an operation produced or proved. */
export interface OperationResult {
  /** create-user: the new user's ID. */
  userId?: number;
  /** assign-standard: the learning aim; assign-template: the aims the template made. */
  learningAimIds?: number[];
  /** assign-unit: the unit summary; assign-template: the summaries the template made. */
  unitSummaryIds?: number[];
  /** create-classroom, create-placement: the new class's or placement's ID. */
  placeId?: number;
  /** create-classroom, create-placement: OneFile answered with (or a check found) one it had before the run: not the run's to remove. */
  placeAlreadyThere?: boolean;
  /** assign-staff, -standard, -unit: OneFile refused it as one the learner already has (onefile/refusals.ts), in these words: there, nothing added. */
  alreadyAssigned?: string;
  /**
   * assign-template, looked at before sending in a run resumed long after its plan: the
   * learner had every standard of it, not made by it (given by hand meanwhile), so it was
   * not sent; its own units and dates may not be there.
   */
  givenOtherwise?: boolean;
  /** True when the outcome was found in OneFile after an unknown answer, not from the answer itself. */
  verified?: boolean;
  /** create-user, update-user: fields OneFile answered for but did not keep (run/kept-fields.ts). */
  notKept?: FieldNotKept[];
}

/** A user field sent and not kept: what was sent, and what OneFile holds instead (null: nothing). */
export interface FieldNotKept {
  field: string;
  sent: string | number | null;
  held: string | number | null;
}

/** Why an operation failed, in the terms the report shows. */
export interface OperationFailure {
  /** The client's error kind ('validation', 'server', ...) or 'internal'. */
  kind: string;
  message: string;
  status?: number;
  /** OneFile's negative validation code. */
  code?: number;
  oneFileMessage?: string;
  /** The file's field it is about, where the importer knows (a learner held back for having no email): the errors report marks its column. */
  field?: string;
}

interface RecordBase {
  /** The record's checksum (see sealRecord), added by the writer; absent in journals written before checksums. */
  sum?: string;
  at: string;
  runId: string;
  /** The spreadsheet row (as Excel shows it); 0 for a class or placement the whole run creates (plan's `creations`). */
  row: number;
  operationId: string;
  kind: OperationKind;
}

/**
 * The before-image of a change to a user (update-user): each field the change sets, as
 * OneFile had it when the run was planned (read afresh for every live run) and as the
 * change sets it. Written on the intent and on the done record, so undo knows what to
 * put back and can tell a field someone changed since. Absent in journals written
 * before it existed (undo then reads the run's plan, which holds the same).
 */
export interface ChangeImage {
  before: Record<string, string | number | boolean | null>;
  after: Record<string, string | number | boolean | null>;
}

export type JournalRecord =
  | (RecordBase & { type: 'intent'; attempt: number; image?: ChangeImage })
  | (RecordBase & { type: 'done'; result: OperationResult; image?: ChangeImage })
  | (RecordBase & { type: 'failed'; error: OperationFailure })
  | (RecordBase & { type: 'unknown'; error: OperationFailure })
  /** The intent's call was withdrawn before it was sent (the run paused or was cancelled): as if it had not been written. */
  | (RecordBase & { type: 'withdrawn' });

export type JournalRecordType = JournalRecord['type'];

/** What the journal knows about one operation after replay. */
export type OperationState = 'done' | 'failed' | 'unknown' | 'intent-only';

export interface OperationRecordState {
  state: OperationState;
  row: number;
  kind: OperationKind;
  result?: OperationResult;
  error?: OperationFailure;
  /** The latest record carried a checksum that matched: it is exactly what was written. */
  sealed?: boolean;
  /** When OneFile's answer said it was done (its `done` record's time). */
  doneAt?: string;
}

export interface JournalReplay {
  operations: Map<string, OperationRecordState>;
  /** The user each row's create-user made, by row number. */
  createdUserByRow: Map<number, number>;
  /**
   * Lines of the journal that were damaged (1-based), a torn tail apart. When there are
   * any, a lost line may have been any operation's intent or outcome: the runner checks
   * in OneFile every operation not proved done before sending it (see damage.ts).
   */
  damagedLines?: number[];
}

/** Where the runner appends records. The file journal is the real one; tests may wrap it. */
export interface JournalWriter {
  append(record: JournalRecord): void;
  close(): void;
}

/**
 * Opens (or creates) a journal for appending. A torn last line left by a kill in the
 * middle of a write is cut off first, so the next record starts on a line of its own.
 */
export function openJournal(path: string): JournalWriter {
  cutTornTail(path);
  const fd = openPrivateAppendSync(path);
  let closed = false;
  return {
    append(record) {
      if (closed) throw new AppError('internal', 'The run journal is closed.');
      fs.writeSync(fd, `${sealRecord(record)}\n`);
      fs.fsyncSync(fd);
    },
    close() {
      if (closed) return;
      closed = true;
      fs.closeSync(fd);
    },
  };
}

function cutTornTail(path: string): void {
  let text: Buffer;
  try {
    text = fs.readFileSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  if (text.length === 0 || text[text.length - 1] === 0x0a) return;
  const lastNewline = text.lastIndexOf(0x0a);
  if (!parseJournal(text.toString('utf8')).tornTail) {
    // The record was written whole, only its newline was lost: keep it.
    fs.appendFileSync(path, '\n');
  } else {
    fs.truncateSync(path, lastNewline + 1);
  }
}

export interface ParsedJournal {
  /** The records that could be read (and, when sealed, whose checksum matched), in order. */
  records: JournalRecord[];
  /**
   * Damaged lines (1-based): not JSON, not a record, a checksum that does not match, or
   * a record without a checksum after sealed ones. A torn tail is not among them.
   */
  damagedLines: number[];
  /** The last line had no newline and was not a whole record: a write cut short by a kill (skipped). */
  tornTail: boolean;
}

const RECORD_TYPES: ReadonlySet<string> = new Set<JournalRecordType>(['intent', 'done', 'failed', 'unknown', 'withdrawn']);

/** The checksum of a record's JSON: the first 16 hex digits of its SHA-256. */
function checksumOf(json: string): string {
  return createHash('sha256').update(json).digest('hex').slice(0, 16);
}

/**
 * A record as the journal writes it: its JSON with `sum`, the checksum of that JSON
 * without `sum`, added last. Reading takes `sum` off and checks it against the rest
 * written out again: JSON.parse keeps the keys' order, so the text is the same.
 */
export function sealRecord(record: JournalRecord): string {
  const { sum: _ignored, ...rest } = record;
  return JSON.stringify({ ...rest, sum: checksumOf(JSON.stringify(rest)) });
}

type LineReading = { kind: 'record'; record: JournalRecord; sealed: boolean } | { kind: 'damaged' };

function readLine(line: string): LineReading {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { kind: 'damaged' };
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return { kind: 'damaged' };
  const record = value as JournalRecord;
  if (!RECORD_TYPES.has(record.type) || typeof record.operationId !== 'string') return { kind: 'damaged' };
  if (record.sum === undefined) return { kind: 'record', record, sealed: false };
  const { sum, ...rest } = record;
  return typeof sum === 'string' && sum === checksumOf(JSON.stringify(rest)) ? { kind: 'record', record, sealed: true } : { kind: 'damaged' };
}

/**
 * Parses journal text. A last line without its newline is a torn tail: kept if it is a
 * whole record (only the newline was lost), skipped otherwise, and never counted as
 * damage. Any other line that cannot be trusted is skipped and its number reported.
 * Blank lines are ignored (the writer never writes one, and they hold nothing).
 */
export function parseJournal(text: string): ParsedJournal {
  const records: JournalRecord[] = [];
  const damagedLines: number[] = [];
  let tornTail = false;
  let sealedSeen = false;
  const lines = text.split('\n');
  // After the last newline: '' for a whole journal, else a line the kill cut short.
  const last = lines.length - 1;
  for (const [index, line] of lines.entries()) {
    if (line.trim() === '') continue;
    const reading = readLine(line);
    // A record without a checksum after sealed ones: its `sum` was damaged away.
    const trusted = reading.kind === 'record' && (reading.sealed || !sealedSeen);
    if (reading.kind === 'record' && trusted) {
      sealedSeen ||= reading.sealed;
      records.push(reading.record);
    } else if (index === last) {
      tornTail = true;
    } else {
      damagedLines.push(index + 1);
    }
  }
  return { records, damagedLines, tornTail };
}

/** Reads a journal file; a missing file is an empty journal. */
export function readJournal(path: string): ParsedJournal {
  let text: string;
  try {
    text = fs.readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { records: [], damagedLines: [], tornTail: false };
    throw error;
  }
  return parseJournal(text);
}

/**
 * Folds the records into the latest state of every operation. A later record wins:
 * an `intent` written when a failed operation is tried again makes it `intent-only`
 * again, so a crash during that retry is checked like any other.
 */
export function replayJournal(records: Iterable<JournalRecord>, damagedLines: readonly number[] = []): JournalReplay {
  const operations = new Map<string, OperationRecordState>();
  const createdUserByRow = new Map<number, number>();
  for (const record of records) {
    const base = { row: record.row, kind: record.kind, sealed: typeof record.sum === 'string' };
    switch (record.type) {
      case 'intent':
        operations.set(record.operationId, { ...base, state: 'intent-only' });
        break;
      case 'done':
        operations.set(record.operationId, { ...base, state: 'done', result: record.result, doneAt: record.at });
        if (record.kind === 'create-user' && typeof record.result?.userId === 'number') {
          createdUserByRow.set(record.row, record.result.userId);
        }
        break;
      case 'failed':
        operations.set(record.operationId, { ...base, state: 'failed', error: record.error });
        break;
      case 'unknown':
        operations.set(record.operationId, { ...base, state: 'unknown', error: record.error });
        break;
      case 'withdrawn':
        // Written only after an intent whose call never left: nothing happened since the
        // state before it (pending, or checked and found not done).
        operations.delete(record.operationId);
        break;
    }
  }
  return { operations, createdUserByRow, ...(damagedLines.length > 0 ? { damagedLines: [...damagedLines] } : {}) };
}
