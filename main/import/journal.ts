import * as fs from 'node:fs';
import type { OperationKind } from './plan-types';
import { openPrivateAppendSync } from '../private-files';

/**
 * The run's journal: an append-only JSON Lines file with one record per event, each
 * flushed to the disk (fsync) before the runner goes on. An `intent` is written
 * before a write call is sent and `done` / `failed` / `unknown` after it, so a run
 * killed at any point knows, for every operation, whether it surely happened, surely
 * did not, or must be checked in OneFile before it is sent again.
 *
 * The journal never holds a token: records carry IDs, kinds and OneFile's messages
 * only (the client redacts secrets from messages before they reach us).
 */

/** OneFile IDs an operation produced or proved. */
export interface OperationResult {
  /** create-user: the new user's ID. */
  userId?: number;
  /** assign-standard: the learning aim; assign-template: the aims the template made. */
  learningAimIds?: number[];
  /** assign-unit: the unit summary; assign-template: the summaries the template made. */
  unitSummaryIds?: number[];
  /** True when the outcome was found in OneFile after an unknown answer, not from the answer itself. */
  verified?: boolean;
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
}

interface RecordBase {
  at: string;
  runId: string;
  /** The spreadsheet row (as Excel shows it). */
  row: number;
  operationId: string;
  kind: OperationKind;
}

export type JournalRecord =
  | (RecordBase & { type: 'intent'; attempt: number })
  | (RecordBase & { type: 'done'; result: OperationResult })
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
}

export interface JournalReplay {
  operations: Map<string, OperationRecordState>;
  /** The user each row's create-user made, by row number. */
  createdUserByRow: Map<number, number>;
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
      if (closed) throw new Error('The run journal is closed.');
      fs.writeSync(fd, `${JSON.stringify(record)}\n`);
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
  const tail = text.subarray(lastNewline + 1).toString('utf8');
  if (parseJournal(tail).records.length === 1) {
    // The record was written whole, only its newline was lost: keep it.
    fs.appendFileSync(path, '\n');
  } else {
    fs.truncateSync(path, lastNewline + 1);
  }
}

export interface ParsedJournal {
  records: JournalRecord[];
  /** Lines that could not be read (a torn last line, or damage): skipped, counted. */
  damagedLines: number;
}

const RECORD_TYPES: ReadonlySet<string> = new Set<JournalRecordType>(['intent', 'done', 'failed', 'unknown', 'withdrawn']);

/** Parses journal text, skipping a torn last line (and any other line that is not a record). */
export function parseJournal(text: string): ParsedJournal {
  const records: JournalRecord[] = [];
  let damagedLines = 0;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      const value = JSON.parse(line) as JournalRecord;
      if (value && typeof value === 'object' && RECORD_TYPES.has(value.type) && typeof value.operationId === 'string') {
        records.push(value);
      } else {
        damagedLines++;
      }
    } catch {
      damagedLines++;
    }
  }
  return { records, damagedLines };
}

/** Reads a journal file; a missing file is an empty journal. */
export function readJournal(path: string): ParsedJournal {
  let text: string;
  try {
    text = fs.readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { records: [], damagedLines: 0 };
    throw error;
  }
  return parseJournal(text);
}

/**
 * Folds the records into the latest state of every operation. A later record wins:
 * an `intent` written when a failed operation is tried again makes it `intent-only`
 * again, so a crash during that retry is checked like any other.
 */
export function replayJournal(records: Iterable<JournalRecord>): JournalReplay {
  const operations = new Map<string, OperationRecordState>();
  const createdUserByRow = new Map<number, number>();
  for (const record of records) {
    const base = { row: record.row, kind: record.kind };
    switch (record.type) {
      case 'intent':
        operations.set(record.operationId, { ...base, state: 'intent-only' });
        break;
      case 'done':
        operations.set(record.operationId, { ...base, state: 'done', result: record.result });
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
  return { operations, createdUserByRow };
}
