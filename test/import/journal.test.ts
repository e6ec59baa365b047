import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openJournal, readJournal, replayJournal, type JournalRecord } from '../../main/import/journal';

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
    expect(readJournal(file)).toMatchObject({ damagedLines: 1, records: [{ type: 'intent' }] });

    const resumed = openJournal(file);
    resumed.append(intent(3, '3:create-user:learner'));
    resumed.close();
    const read = readJournal(file);
    expect(read.damagedLines).toBe(0);
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
    expect(readJournal(path.join(dir, 'none.jsonl'))).toEqual({ records: [], damagedLines: 0 });
  });

  it('forgets an intent whose call was withdrawn before it was sent, and reads the record back from disk', () => {
    const journal = openJournal(file);
    const op = '3:assign-template:801';
    journal.append(intent(3, op, 'assign-template'));
    journal.append({ type: 'withdrawn', at, runId: RUN, row: 3, operationId: op, kind: 'assign-template' });
    journal.append(intent(4, '4:create-user:learner'));
    journal.close();
    const { records, damagedLines } = readJournal(file);
    expect(damagedLines).toBe(0);
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
