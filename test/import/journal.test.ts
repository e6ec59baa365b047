import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openJournal, readJournal, replayJournal, sealRecord, type JournalRecord } from '../../main/import/journal/journal';
import { describeLines, journalDamageWarning, priorState } from '../../main/import/journal/damage';

const RUN = '20250102T030405678Z-a1b2c3';
const at = '2025-01-02T03:04:05.678Z';

function intent(row: number, operationId: string, kind: JournalRecord['kind'] = 'create-user'): JournalRecord {
  return { type: 'intent', at, runId: RUN, row, operationId, kind, attempt: 1 };
}

describe('the run journal', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'journal-'));
    file = path.join(dir, 'journal.jsonl');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('keeps every record on its own line, in order, after the writer is closed', () => {
    const journal = openJournal(file);
    journal.append(intent(2, '2:create-user:learner'));
    journal.append({ type: 'done', at, runId: RUN, row: 2, operationId: '2:create-user:learner', kind: 'create-user', result: { userId: 901 } });
    journal.close();
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe('');
    expect(readJournal(file).records.map((r) => r.type)).toEqual(['intent', 'done']);
  });

  it('reads a journal whose last line was torn by a kill, and appends after it cleanly', () => {
    const journal = openJournal(file);
    journal.append(intent(2, '2:create-user:learner'));
    journal.close();
    fs.appendFileSync(file, '{"type":"done","at":"2025-01-02T03:04:05.678Z","runId":"2025'); // killed mid-write
    // A torn tail is a write the kill cut short: skipped, and not damage.
    expect(readJournal(file)).toMatchObject({ damagedLines: [], tornTail: true, records: [{ type: 'intent' }] });

    const resumed = openJournal(file);
    resumed.append(intent(3, '3:create-user:learner'));
    resumed.close();
    const read = readJournal(file);
    expect(read.damagedLines).toEqual([]);
    expect(read.tornTail).toBe(false);
    expect(read.records.map((r) => r.operationId)).toEqual(['2:create-user:learner', '3:create-user:learner']);
  });

  it('keeps a whole last record that only lost its newline', () => {
    fs.writeFileSync(file, JSON.stringify(intent(4, '4:create-user:learner')));
    const journal = openJournal(file);
    journal.append(intent(5, '5:create-user:learner'));
    journal.close();
    expect(readJournal(file).records.map((r) => r.row)).toEqual([4, 5]);
  });

  it('treats a missing journal as a run with nothing done yet', () => {
    expect(readJournal(path.join(dir, 'none.jsonl'))).toEqual({ records: [], damagedLines: [], tornTail: false });
  });

  it('forgets an intent whose call was withdrawn before it was sent, and reads the record back from disk', () => {
    const journal = openJournal(file);
    const op = '3:assign-template:801';
    journal.append(intent(3, op, 'assign-template'));
    journal.append({ type: 'withdrawn', at, runId: RUN, row: 3, operationId: op, kind: 'assign-template' });
    journal.append(intent(4, '4:create-user:learner'));
    journal.close();
    const { records, damagedLines } = readJournal(file);
    expect(damagedLines).toEqual([]);
    expect(records.map((r) => r.type)).toEqual(['intent', 'withdrawn', 'intent']);
    const replay = replayJournal(records);
    // Nothing was sent: the operation is simply still to do, with no check in OneFile first.
    expect(replay.operations.has(op)).toBe(false);
    expect(replay.operations.get('4:create-user:learner')?.state).toBe('intent-only');
  });

  it('replays each operation to its latest state, and remembers the learner each row created', () => {
    const records: JournalRecord[] = [
      intent(2, '2:create-user:learner'),
      { type: 'done', at, runId: RUN, row: 2, operationId: '2:create-user:learner', kind: 'create-user', result: { userId: 901 } },
      intent(2, '2:assign-standard:77', 'assign-standard'),
      { type: 'done', at, runId: RUN, row: 2, operationId: '2:assign-standard:77', kind: 'assign-standard', result: { learningAimIds: [5001] } },
      intent(3, '3:create-user:learner'),
      { type: 'unknown', at, runId: RUN, row: 3, operationId: '3:create-user:learner', kind: 'create-user', error: { kind: 'outcome-unknown', message: 'no answer' } },
      intent(4, '4:create-user:learner'),
      { type: 'failed', at, runId: RUN, row: 4, operationId: '4:create-user:learner', kind: 'create-user', error: { kind: 'validation', code: -57, message: 'Placement not found' } },
      intent(5, '5:create-user:learner'),
      { type: 'failed', at, runId: RUN, row: 6, operationId: '6:create-user:learner', kind: 'create-user', error: { kind: 'server', message: '500' } },
      intent(6, '6:create-user:learner'), // tried again after the failure: in doubt once more
    ];
    const replay = replayJournal(records);
    expect(Object.fromEntries([...replay.operations].map(([id, s]) => [id, s.state]))).toEqual({
      '2:create-user:learner': 'done',
      '2:assign-standard:77': 'done',
      '3:create-user:learner': 'unknown',
      '4:create-user:learner': 'failed',
      '5:create-user:learner': 'intent-only',
      '6:create-user:learner': 'intent-only',
    });
    expect(replay.operations.get('2:assign-standard:77')?.result).toEqual({ learningAimIds: [5001] });
    expect(replay.operations.get('4:create-user:learner')?.error?.code).toBe(-57);
    expect([...replay.createdUserByRow]).toEqual([[2, 901]]);
  });
});

describe('a journal damaged on the disk', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'journal-damage-'));
    file = path.join(dir, 'journal.jsonl');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** Writes `count` intents through the real writer and returns the file's lines. */
  function writeIntents(count: number): string[] {
    const journal = openJournal(file);
    for (let row = 2; row < 2 + count; row++) journal.append(intent(row, `${row}:create-user:learner`));
    journal.close();
    return fs.readFileSync(file, 'utf8').split('\n');
  }

  it('seals every record with a checksum of the rest of it', () => {
    const [line] = writeIntents(1);
    const written = JSON.parse(line);
    expect(written.sum).toMatch(/^[0-9a-f]{16}$/);
    expect(line).toBe(sealRecord(intent(2, '2:create-user:learner')));
    expect(readJournal(file)).toMatchObject({ damagedLines: [], tornTail: false, records: [{ row: 2 }] });
  });

  it('names an interior line that no longer parses, and reads the others', () => {
    const lines = writeIntents(4);
    lines[1] = lines[1].slice(0, 20) + '\u0000\u0000' + lines[1].slice(22);
    fs.writeFileSync(file, lines.join('\n'));
    const read = readJournal(file);
    expect(read.damagedLines).toEqual([2]);
    expect(read.records.map((r) => r.row)).toEqual([2, 4, 5]);
  });

  it('names a line that still parses but whose checksum does not match (a changed digit)', () => {
    const lines = writeIntents(3);
    lines[2] = lines[2].replace('"row":4', '"row":7');
    fs.writeFileSync(file, lines.join('\n'));
    expect(readJournal(file).damagedLines).toEqual([3]);
  });

  it('counts a garbled last line that ends in a newline as damage, not as a torn tail', () => {
    const lines = writeIntents(3);
    lines[2] = `${lines[2].slice(0, 30)}#####${lines[2].slice(35)}`;
    fs.writeFileSync(file, lines.join('\n'));
    expect(fs.readFileSync(file, 'utf8').endsWith('\n')).toBe(true);
    expect(readJournal(file)).toMatchObject({ damagedLines: [3], tornTail: false });
  });

  it('counts a record without its checksum after sealed ones as damage (its "sum" was damaged away)', () => {
    const lines = writeIntents(2);
    lines.splice(2, 0, JSON.stringify(intent(9, '9:create-user:learner')));
    fs.writeFileSync(file, lines.join('\n'));
    expect(readJournal(file).damagedLines).toEqual([3]);
  });

  it('reads a journal written before checksums as it always did: no damage, every record', () => {
    const old = [intent(2, '2:create-user:learner'), intent(3, '3:create-user:learner')].map((r) => JSON.stringify(r)).join('\n');
    fs.writeFileSync(file, `${old}\n`);
    const read = readJournal(file);
    expect(read).toMatchObject({ damagedLines: [], tornTail: false });
    expect(read.records).toHaveLength(2);
    // A resume appends sealed records after the old ones: still no alarm.
    const journal = openJournal(file);
    journal.append(intent(4, '4:create-user:learner'));
    journal.close();
    expect(readJournal(file)).toMatchObject({ damagedLines: [], records: [{ row: 2 }, { row: 3 }, { row: 4 }] });
  });

  it('cuts a torn tail before appending, and keeps a sealed last record that only lost its newline', () => {
    writeIntents(2);
    fs.appendFileSync(file, sealRecord(intent(4, '4:create-user:learner')));
    const journal = openJournal(file);
    journal.append(intent(5, '5:create-user:learner'));
    journal.close();
    expect(readJournal(file)).toMatchObject({ damagedLines: [], records: [{ row: 2 }, { row: 3 }, { row: 4 }, { row: 5 }] });
  });

  it('replays with the damage known: only a sealed done stands, every other operation is to be checked', () => {
    const journal = openJournal(file);
    journal.append(intent(2, '2:create-user:learner'));
    journal.append({ type: 'done', at, runId: RUN, row: 2, operationId: '2:create-user:learner', kind: 'create-user', result: { userId: 901 } });
    journal.append(intent(2, '2:assign-standard:77', 'assign-standard'));
    journal.append({ type: 'failed', at, runId: RUN, row: 3, operationId: '3:create-user:learner', kind: 'create-user', error: { kind: 'validation', message: 'no' } });
    journal.close();
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    lines[2] = 'not a record';
    fs.writeFileSync(file, lines.join('\n'));
    const read = readJournal(file);
    const replay = replayJournal(read.records, read.damagedLines);
    expect(replay.damagedLines).toEqual([3]);
    const state = (id: string, row: number, kind: JournalRecord['kind'] = 'create-user') => priorState(replay, { id, kind }, row)?.state;
    expect(state('2:create-user:learner', 2)).toBe('done');
    expect(state('2:assign-standard:77', 2, 'assign-standard')).toBe('unknown');
    expect(state('3:create-user:learner', 3)).toBe('unknown');
    // No record at all: the damaged line may have been its intent.
    expect(state('4:create-user:learner', 4)).toBe('unknown');
    expect(journalDamageWarning(replay.damagedLines!, 3)).toMatch(/1 damaged line \(line 3\).*checks in OneFile each of the 3 operations.*Nothing is created twice/);

    // Without damage the same records are taken as they are.
    const clean = replayJournal(read.records);
    expect(priorState(clean, { id: '4:create-user:learner', kind: 'create-user' }, 4)).toBeUndefined();
    expect(priorState(clean, { id: '3:create-user:learner', kind: 'create-user' }, 3)?.state).toBe('failed');
  });

  it('names the damaged lines in words', () => {
    expect(describeLines([7])).toBe('line 7');
    expect(describeLines([7, 12])).toBe('lines 7 and 12');
    expect(describeLines([1, 2, 3], 2)).toBe('lines 1, 2 and 1 more');
  });
});
