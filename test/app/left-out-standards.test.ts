import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunStateEvent } from '../../shared/contract-types';
import { createAppService, type AppService } from '../../main/service/app-service';
import { createSessionTokenStore } from '../../main/service/token-store';
import { sandboxStatePath } from '../../main/import/environment/connection';
import { startSandbox } from '../../main/sandbox';

/**
 * An MIS report of learning aims in the app: beside each learner's standards it names
 * the programme aim, "ZPROG001", which is no OneFile standard. Review offers to leave
 * it out; the rows are then imported with their other standards, each saying what was
 * left out; the choice is remembered for next week's file and can be taken back.
 */

let dataDir: string;
let service: AppService;

const HEADERS = 'Learner Ref,Forename,Surname,Date of Birth,Email,Assessor,Class,Employer,Standard';
const ZARA = 'OUT1,Zara,Quinn,01/02/2003,zara.out@example.com,James Fayre,Business Admin L2,BT - Manchester';
const YUSUF = 'OUT2,Yusuf,Reid,05/06/2004,yusuf.out@example.com,James Fayre,Business Admin L2,BT - Manchester';

function aimsReport(): { fileName: string; contentBase64: string } {
  const text = [HEADERS, `${ZARA},Business Administrator Level 3`, `${ZARA},ZPROG001`, `${YUSUF},"ZPROG001; Functional Skills Maths Level 2"`].join('\r\n');
  const file = path.join(dataDir, 'aims.csv');
  writeFileSync(file, `${text}\r\n`);
  return { fileName: 'aims.csv', contentBase64: readFileSync(file).toString('base64') };
}

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'onefile-left-out-'));
  service = await createAppService({ dataDir, face: 'browser', tokenStore: createSessionTokenStore('session only'), budgetPerMinute: 100, windowMs: 500 });
  await service.handlers.connect({ environment: 'sandbox', rememberToken: false });
  await service.handlers.chooseOrganisation({ organisationId: 5740 });
  await service.handlers.openFile(aimsReport());
  await service.handlers.checkReferences({ refresh: false });
});

afterAll(async () => {
  await service?.close();
});

describe('a programme aim left out of an aims report', () => {
  it('is a name to resolve, and only a standard or unit can be left out', async () => {
    expect(await service.handlers.listUnresolved({})).toEqual([expect.objectContaining({ field: 'Standards', value: 'ZPROG001', kind: 'unmatched', rows: 2 })]);
    await expect(service.handlers.resolveValue({ field: 'Classroom', value: 'Business Admin L2', id: '', leaveOut: true, remember: true })).rejects.toThrow(
      /Only a standard or unit can be left out of a row: every row needs its class/,
    );
  });

  it('once left out, its rows have nothing to resolve, each row says so, and the grid shows the choice', async () => {
    const { resolvedRows, counts } = await service.handlers.resolveValue({ field: 'Standards', value: 'ZPROG001', id: '', leaveOut: true, remember: true });
    expect(resolvedRows).toBe(2);
    expect(counts).toMatchObject({ unresolvedValues: 0, withErrors: 0 });
    const rows = (await service.handlers.getRows({ offset: 0, limit: 3, filter: 'all' })).rows;
    for (const row of [rows[1], rows[2]]) {
      expect(row.issues).toEqual(expect.arrayContaining([expect.objectContaining({ code: 'left-out', severity: 'warning', column: 8 })]));
      expect(row.chosen).toEqual([{ column: 8, field: 'Standards', value: 'ZPROG001', name: 'left out (no OneFile standard)' }]);
    }
    expect(rows[0].issues).toEqual([]);
    expect(await service.handlers.listChoices({})).toEqual([
      { field: 'Standards', fieldLabel: 'Standards', value: 'ZPROG001', name: 'left out (no OneFile standard)', id: '', leftOut: true, rows: 2 },
    ]);
    // Saved for these columns, as the profile's JSON says it: an empty target.
    const [saved] = readdirSync(path.join(dataDir, 'profiles'));
    expect(JSON.parse(readFileSync(path.join(dataDir, 'profiles', saved), 'utf8')).values).toEqual({ Standards: { ZPROG001: '' } });
  });

  it('can be taken back: the name is to resolve again', async () => {
    const { counts } = await service.handlers.undoChoice({ field: 'Standards', value: 'ZPROG001' });
    expect(counts.unresolvedValues).toBe(1);
    expect((await service.handlers.getRows({ offset: 1, limit: 1, filter: 'all' })).rows[0].issues.map((issue) => issue.code)).toContain('reference-unmatched');
    await service.handlers.resolveValue({ field: 'Standards', value: 'ZPROG001', id: '', leaveOut: true, remember: true });
  });

  it('imports each learner once with the standards OneFile has, nothing for the programme aim', async () => {
    const plan = await service.handlers.planImport({ skipInvalid: false });
    expect(plan).toMatchObject({ create: 2, joined: 1, blocked: 0 });
    const ended = new Promise<RunStateEvent>((resolve) => {
      service.on('run-state', (event) => {
        if (['completed', 'failed', 'cancelled'].includes(event.state)) resolve(event);
      });
    });
    await service.handlers.startRun({});
    expect((await ended).totals).toMatchObject({ done: 3, failed: 0 });
    await service.close();
    const sandbox = await startSandbox({ statePath: sandboxStatePath(dataDir) });
    try {
      const learners = sandbox.store.usersOf(5740, 1).filter((user) => ['OUT1', 'OUT2'].includes(String(user.MISID)));
      expect(learners.map((user) => user.MISID).sort()).toEqual(['OUT1', 'OUT2']);
      const aims = (misid: string) => sandbox.store.learningAimsOf(learners.find((user) => user.MISID === misid)!.ID).map((aim) => aim.StandardID);
      expect(aims('OUT1')).toEqual([4001]);
      expect(aims('OUT2')).toEqual([4006]);
    } finally {
      await sandbox.close();
    }
  });
});
