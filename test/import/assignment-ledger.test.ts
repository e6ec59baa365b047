import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runImport } from '../../main/cli/import-command';
import { assignmentKey, readAssignmentLedger, recordAssignments } from '../../main/import/journal/assignment-ledger';
import { sandboxStatePath } from '../../main/import/environment/connection';
import { startSandbox } from '../../main/sandbox';
import { capturedIo, filesUnder, lastJson } from './cli-fixtures';
import { tempDir } from './run-fixtures';

const FAST = { rateWindowMs: 500 };

async function staffOf(dataDir: string) {
  const sandbox = await startSandbox({ statePath: sandboxStatePath(dataDir) });
  try {
    const iqa = sandbox.store.usersOf(5740, 10)[0];
    const observer = sandbox.store.usersOf(5740, 45)[0];
    const learners = sandbox.store.usersOf(5740, 1).filter((u) => String(u.MISID ?? '').startsWith('LEDG'));
    return {
      iqa: `${iqa.FirstName} ${iqa.LastName}`,
      observer: `${observer.FirstName} ${observer.LastName}`,
      assignments: learners.flatMap((l) => sandbox.store.assignmentsOf(l.ID)),
    };
  } finally {
    await sandbox.close();
  }
}

function writeLearners(dir: string, iqa: string, observer: string): string {
  const file = path.join(dir, 'learners.csv');
  const lines = ['Learner Ref,Forename,Surname,Email Address,Assessor,Class,Employer,Standard,IQA,Observer'];
  for (const n of [1, 2, 3]) {
    lines.push(`LEDG00${n},Learner${n},Ledger,ledg00${n}@learners.example.com,Kate Anderson,Business Admin L2,BT - Manchester,Business Administrator Level 3,${iqa},${observer}`);
  }
  fs.writeFileSync(file, `${lines.join('\r\n')}\r\n`);
  return file;
}

describe('staff assignments made by earlier runs', () => {
  it('are not sent again next week, so the same file changes nothing and spends no calls', async () => {
    const dir = tempDir('ledger-');
    const { iqa, observer } = await staffOf(dir);
    const file = writeLearners(dir, iqa, observer);

    const first = capturedIo();
    expect(await runImport(file, { env: 'sandbox', org: 5740, dataDir: dir, json: true, ...FAST }, first)).toBe(0);
    // Per learner: create, standard, IQA on that learning aim, observer as additional.
    expect(lastJson(first.stdout)).toMatchObject({ created: 3, failed: 0, calls: 12 });
    expect((await staffOf(dir)).assignments).toHaveLength(6);

    const again = capturedIo();
    expect(await runImport(file, { env: 'sandbox', org: 5740, dataDir: dir, json: true, ...FAST }, again)).toBe(0);
    expect(lastJson(again.stdout)).toMatchObject({ created: 0, updated: 0, unchanged: 3, calls: 0 });

    // Told that someone may have removed them in OneFile, it sends them again; OneFile keeps one of each.
    const reassigned = capturedIo();
    expect(await runImport(file, { env: 'sandbox', org: 5740, dataDir: dir, json: true, reassignStaff: true, ...FAST }, reassigned)).toBe(0);
    expect(lastJson(reassigned.stdout)).toMatchObject({ created: 0, updated: 3, calls: 6 });
    expect((await staffOf(dir)).assignments).toHaveLength(6);

    // The ledger names learners and staff by OneFile ID, and the keys learners were created with by hash only: no token, no address, no learner's details.
    const ledgers = filesUnder(path.join(dir, 'assignments'));
    expect(ledgers).toHaveLength(1);
    const ledger = fs.readFileSync(ledgers[0], 'utf8');
    expect(ledger).toMatch(/^((\d+:\d+:\d+:\d*|made:\d+:[0-9a-f]{16}|aim:\d+:\d+@\d+);\n)+$/);
    expect(ledger.match(/^made:/gm)).toHaveLength(6);
  });

  it('survive a kill mid-write: a torn last line is dropped, so that assignment is only sent again', () => {
    const file = path.join(tempDir('ledger-'), 'ledger.txt');
    recordAssignments(file, [assignmentKey({ learnerId: 1, staffUserId: 9, level: 3, standardId: 4001 }), assignmentKey({ learnerId: 2, staffUserId: 9, level: 1 })]);
    fs.appendFileSync(file, '3:9:3:40');
    expect([...readAssignmentLedger(file)]).toEqual(['1:9:3:4001', '2:9:1:']);
    recordAssignments(file, ['1:9:3:4001', '4:9:1:']);
    expect(fs.readFileSync(file, 'utf8').split('\n').filter((line) => line === '1:9:3:4001;')).toHaveLength(1);
    expect([...readAssignmentLedger(file)]).toEqual(['1:9:3:4001', '2:9:1:', '4:9:1:']);
  });
});
