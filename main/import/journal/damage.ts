import type { JournalReplay, OperationRecordState } from './journal';
import type { Operation, RowPlan } from '../plan/types';

/**
 * What a resume does with a damaged journal. A torn tail (the last line, cut short by
 * a kill before it was acknowledged) is expected and harmless. Damage anywhere else (a
 * line that does not parse, a checksum that does not match, a whole last line that is
 * garbled) means a record is lost, and it may have been the intent or the outcome of
 * any operation: one sent whose `done` is gone, or one sent whose `intent` is gone
 * and that crashed before its outcome. Trusting the rest of the journal as usual could
 * send such an operation again and create a learning aim, unit summary or learner
 * twice (issue 10).
 *
 * So in a damaged journal only a sealed `done` (its checksum proves it is exactly what
 * was written) is taken as it stands; every other operation, recorded or not, is
 * outcome-unknown and checked in OneFile (run/verify.ts) before it is sent.
 */

/**
 * The state the runner should act on for one operation of a row. Without damage it is
 * the journal's; with damage, anything but a sealed `done` becomes `unknown` (a `done`
 * read from an old, unsealed journal included: nothing proves it intact).
 */
export function priorState(replay: JournalReplay, op: Pick<Operation, 'id' | 'kind'>, row: number): OperationRecordState | undefined {
  const recorded = replay.operations.get(op.id);
  if (!replay.damagedLines?.length) return recorded;
  if (recorded?.state === 'done' && recorded.sealed) return recorded;
  return { row, kind: op.kind, state: 'unknown' };
}

/** "line 7", "lines 7 and 12", "lines 3, 7, 12 and 40 more". */
export function describeLines(lines: readonly number[], shown = 8): string {
  if (lines.length === 1) return `line ${lines[0]}`;
  const listed = lines.slice(0, shown);
  const more = lines.length - listed.length;
  if (more > 0) return `lines ${listed.join(', ')} and ${more} more`;
  return `lines ${listed.slice(0, -1).join(', ')} and ${listed.at(-1)}`;
}

/**
 * What the user is told before a resume of a damaged journal: which lines, and what the
 * resume will do about them. `toCheck` is the operations the resume will check first.
 */
export function journalDamageWarning(damagedLines: readonly number[], toCheck: number): string {
  const count = damagedLines.length;
  return (
    `The run's journal (journal.jsonl) has ${count} damaged line${count === 1 ? '' : 's'} (${describeLines(damagedLines)}): ` +
    `${count === 1 ? 'it' : 'they'} could not be read or did not match ${count === 1 ? 'its' : 'their'} checksum, so the journal cannot say for sure what was sent. ` +
    `Before anything is sent again, this resume checks in OneFile ${toCheck === 1 ? 'the one operation' : `each of the ${toCheck} operations`} the journal does not prove done ` +
    `(up to ${toCheck} extra call${toCheck === 1 ? '' : 's'}): what OneFile already has is kept, the rest is sent once. Nothing is created twice.`
  );
}

/** The operations of a plan a resume of this journal will check in OneFile before sending (0 without damage). */
export function operationsToCheck(replay: JournalReplay, rows: ReadonlyArray<Pick<RowPlan, 'row' | 'action' | 'operations'>>): number {
  if (!replay.damagedLines?.length) return 0;
  let count = 0;
  for (const row of rows) {
    if (row.action === 'blocked' || row.action === 'skipped') continue;
    for (const op of row.operations) if (priorState(replay, op, row.row)?.state !== 'done') count++;
  }
  return count;
}
