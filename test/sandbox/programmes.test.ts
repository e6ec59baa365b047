import { afterEach, describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../../main/sandbox';
import { sandboxWithCaller, type SandboxCaller } from './sandbox-client';

let sandbox: RunningSandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

async function start(): Promise<SandboxCaller> {
  const started = await sandboxWithCaller();
  sandbox = started.sandbox;
  return started.caller;
}

const GEMMA = 137945; // a guide learner with no learning aims

describe('assigning standards and units', () => {
  it('answers a standard assignment with the new learning aim ID as a bare integer', async () => {
    const caller = await start();
    const answer = await caller.post(`Standard/4001/Assign/${GEMMA}`);
    expect(answer.status).toBe(200);
    expect(answer.text).toMatch(/^\d+$/);
    const aims = (await caller.post('LearningAim/Search/1/10', { UserID: GEMMA })).json;
    expect(aims).toEqual([expect.objectContaining({ ID: Number(answer.text), StandardID: 4001, UserID: GEMMA })]);
  });

  it('creates a second learning aim when the same standard is assigned twice', async () => {
    const caller = await start();
    const first = (await caller.post(`Standard/4001/Assign/${GEMMA}`)).json;
    const second = (await caller.post(`Standard/4001/Assign/${GEMMA}`)).json;
    expect(second).not.toBe(first);
    expect(sandbox!.store.learningAimsOf(GEMMA).map((a) => a.StandardID)).toEqual([4001, 4001]);
  });

  it('answers a unit assignment with the new unit summary ID, for integer and text unit IDs', async () => {
    const caller = await start();
    const aimId = (await caller.post(`Standard/4001/Assign/${GEMMA}`)).json;
    const textUnit = await caller.post(`Unit/KS_COMM1/Assign/${GEMMA}/4001`);
    const numberUnit = await caller.post(`Unit/60001/Assign/${GEMMA}/4001`);
    expect([textUnit.status, numberUnit.status]).toEqual([200, 200]);
    const summaries = (await caller.post('UnitSummary/Search/1/10', { UserID: GEMMA })).json;
    expect(summaries).toEqual([
      expect.objectContaining({ ID: textUnit.json, UnitID: 'KS_COMM1', StandardID: 4001, LearningAimID: aimId }),
      expect.objectContaining({ ID: numberUnit.json, UnitID: 60001, StandardID: 4001, LearningAimID: aimId }),
    ]);
  });

  it('refuses a unit before its standard is assigned, or under another standard', async () => {
    const caller = await start();
    expect((await caller.post(`Unit/KS_COMM1/Assign/${GEMMA}/4001`)).json.code).toBe(-104);
    await caller.post(`Standard/4002/Assign/${GEMMA}`);
    expect((await caller.post(`Unit/KS_COMM1/Assign/${GEMMA}/4002`)).json.code).toBe(-105);
    expect(sandbox!.store.unitSummariesOf(GEMMA)).toEqual([]);
  });

  it('refuses unknown standards, units and learners, and standards of another organisation', async () => {
    const caller = await start();
    expect((await caller.post(`Standard/9999/Assign/${GEMMA}`)).json.code).toBe(-109);
    expect((await caller.post(`Standard/4101/Assign/${GEMMA}`)).json.code).toBe(-109);
    expect((await caller.post('Standard/4001/Assign/999')).json.code).toBe(-103);
    expect((await caller.post('Standard/4001/Assign/122762')).json.code).toBe(-111);
    expect((await caller.post(`Unit/NOPE/Assign/${GEMMA}/4001`)).json.code).toBe(-110);
    expect((await caller.post(`Unit/KS_COMM1/Assign/${GEMMA}/9999`)).json.code).toBe(-109);
  });
});

describe('assigning a framework template', () => {
  it("creates the template's learning aims and unit summaries with its default dates", async () => {
    const caller = await start();
    const answer = await caller.post(`FrameworkTemplate/802/Assign/${GEMMA}/false`);
    expect(answer.status).toBe(204);
    const aims = (await caller.post('LearningAim/Search', { UserID: GEMMA })).json;
    expect(aims.map((a: any) => [a.StandardID, a.StartOn, a.PlannedEndDate, a.FrameworkTemplateID])).toEqual([
      [4002, '2025-09-01T00:00:00.000Z', '2026-09-01T00:00:00.000Z', 802],
      [4005, '2025-09-01T00:00:00.000Z', '2026-09-01T00:00:00.000Z', 802],
    ]);
    const summaries = (await caller.post('UnitSummary/Search', { UserID: GEMMA })).json;
    const template = (await caller.get('FrameworkTemplate/802')).json;
    const expected = template.Standards.flatMap((s: any) => s.Units.map((u: any) => [u.UnitID, s.StandardID, u.StartOn, u.PlannedEndDate]));
    expect(summaries.map((s: any) => [s.UnitID, s.StandardID, s.StartOn, s.PlannedEndDate])).toEqual(expected);
    // English's three units follow one another across the 12 months.
    expect(summaries.find((s: any) => s.UnitID === 'FS_ENG2_SLC')).toMatchObject({ StartOn: '2025-09-01T00:00:00.000Z', PlannedEndDate: '2026-01-01T00:00:00.000Z' });
    expect(summaries.find((s: any) => s.UnitID === 'FS_ENG2_W')).toMatchObject({ StartOn: '2026-05-01T00:00:00.000Z', PlannedEndDate: '2026-09-01T00:00:00.000Z' });
  });

  it('applies the whole template to a learner with no aims even when onlyChangeAssigned is true', async () => {
    const caller = await start();
    expect((await caller.post(`FrameworkTemplate/801/Assign/${GEMMA}/true`)).status).toBe(204);
    expect(sandbox!.store.learningAimsOf(GEMMA).map((a) => a.StandardID)).toEqual([4001]);
    expect(sandbox!.store.unitSummariesOf(GEMMA)).toHaveLength(6);
  });

  it('with onlyChangeAssigned=true touches only the aims the learner already has', async () => {
    const caller = await start();
    const aimId = (await caller.post(`Standard/4002/Assign/${GEMMA}`)).json;
    await caller.post(`Unit/KS_COMM2/Assign/${GEMMA}/4002`);
    expect((await caller.post(`FrameworkTemplate/802/Assign/${GEMMA}/TRUE`)).status).toBe(204);
    const aims = sandbox!.store.learningAimsOf(GEMMA);
    expect(aims).toEqual([expect.objectContaining({ ID: aimId, StandardID: 4002, StartOn: '2025-09-01T00:00:00.000Z', FrameworkTemplateID: 802 })]);
    const summaries = sandbox!.store.unitSummariesOf(GEMMA);
    expect(summaries).toHaveLength(6);
    expect(summaries.filter((s) => s.UnitID === 'KS_COMM2')).toHaveLength(1);
    expect(summaries.every((s) => s.LearningAimID === aimId && s.StartOn !== null)).toBe(true);
  });

  it('with onlyChangeAssigned=false applies the whole template again, duplicating aims', async () => {
    const caller = await start();
    await caller.post(`FrameworkTemplate/801/Assign/${GEMMA}/false`);
    await caller.post(`FrameworkTemplate/801/Assign/${GEMMA}/false`);
    expect(sandbox!.store.learningAimsOf(GEMMA).map((a) => a.StandardID)).toEqual([4001, 4001]);
    expect(sandbox!.store.unitSummariesOf(GEMMA)).toHaveLength(12);
  });

  it('refuses an unknown template, a template of another organisation, a non-learner and a bad flag', async () => {
    const caller = await start();
    expect((await caller.post(`FrameworkTemplate/999/Assign/${GEMMA}/false`)).json.code).toBe(-114);
    expect((await caller.post(`FrameworkTemplate/811/Assign/${GEMMA}/false`)).json.code).toBe(-114);
    expect((await caller.post('FrameworkTemplate/801/Assign/122762/false')).json.code).toBe(-111);
    expect((await caller.post('FrameworkTemplate/801/Assign/999/false')).json.code).toBe(-103);
    expect((await caller.post(`FrameworkTemplate/801/Assign/${GEMMA}/maybe`)).json.code).toBe(-120);
    expect(sandbox!.store.learningAimsOf(GEMMA)).toEqual([]);
  });
});
