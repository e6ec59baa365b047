import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProgressEvent, TaskProgressEvent } from '../../shared/contract-types';
import { createAppService, type AppService } from '../../main/service/app-service';
import { createSessionTokenStore } from '../../main/service/token-store';
import { dropDownLists } from '../import/workbook-lists';
import { exportedLearners, seedLearners, type SeedLearner } from '../e2e/undo-app-fixtures';

/**
 * "Export from OneFile" and "Download a template" through the app's service, against
 * the built-in sandbox over real HTTP, in browser mode: the workbook comes back to
 * download (base64), read back with exceljs; its progress comes as `task` events; the
 * copy made in the data folder is gone once handed over (it names learners).
 */

let dataDir: string;
let service: AppService;
let gemma: SeedLearner;
const events: TaskProgressEvent[] = [];

const workbookOf = async (contentBase64: string | null) => {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(contentBase64!, 'base64') as unknown as ArrayBuffer);
  return workbook;
};
const progressOf = (task: TaskProgressEvent['task']) => events.filter((e) => e.task === task);

beforeAll(async () => {
  [gemma] = await seedLearners(1);
  dataDir = mkdtempSync(path.join(tmpdir(), 'onefile-workbooks-'));
  service = await createAppService({ dataDir, face: 'browser', tokenStore: createSessionTokenStore('session only'), budgetPerMinute: 100, windowMs: 500 });
  service.on('progress', (event: ProgressEvent) => {
    if (event.kind === 'task') events.push(event);
  });
});

afterAll(async () => {
  await service?.close();
});

describe('workbooks from OneFile, in the app', () => {
  it('asks for a connection first, then for an organisation the connection opens', async () => {
    await expect(service.handlers.exportFromOneFile({ organisationId: 5740, includeArchived: false, withAims: false })).rejects.toMatchObject({ code: 'not-connected' });
    await service.handlers.connect({ environment: 'sandbox', rememberToken: false });
    await expect(service.handlers.downloadTemplate({ organisationId: 9999 })).rejects.toMatchObject({ code: 'bad-choice', message: expect.stringMatching(/Organisation 9999 is not one this connection opens/) });
  });

  it('exports the organisation as one workbook to download, a sheet per kind, with its progress told as it goes', async () => {
    const result = await service.handlers.exportFromOneFile({ organisationId: 5740, includeArchived: false, withAims: false });
    expect(result).toMatchObject({ savedTo: null, mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', organisation: { id: 5740 } });
    expect(result.fileName).toMatch(/^onefile-export-5740-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const workbook = await workbookOf(result.contentBase64);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['Learners', 'Staff', 'Classes', 'Placements', 'Standards', 'Framework templates', 'About this export']);
    // What the dialog says is in it is what is in it.
    for (const { name, count } of result.contents) expect(workbook.getWorksheet(name)!.rowCount - 1, name).toBe(count);
    const learners = workbook.getWorksheet('Learners')!;
    expect(learners.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(learners.autoFilter).toBeTruthy();
    expect((await exportedLearners(Buffer.from(result.contentBase64!, 'base64'))).get(gemma.misid)).toMatchObject({
      'OneFile ID': String(gemma.id),
      'First name': gemma.firstName,
      Email: gemma.email,
      Assessor: gemma.assessor,
      Class: gemma.classroom,
      Placement: gemma.placement,
      Archived: 'no',
    });

    const told = progressOf('export');
    expect(told.length).toBeGreaterThan(2);
    expect(told.map((e) => e.value)).toEqual([...told.map((e) => e.value)].sort((a, b) => a - b));
    expect(told.at(-1)).toMatchObject({ value: 1, title: expect.stringContaining('Example Organisation - Business') });
    expect(told.at(-1)!.calls).toBe(result.calls);
  });

  it('downloads a template whose drop-down lists are what the organisation holds, and says how long each list is', async () => {
    const result = await service.handlers.downloadTemplate({ organisationId: 5740 });
    expect(result.fileName).toBe('onefile-template-5740.xlsx');
    const workbook = await workbookOf(result.contentBase64);
    expect(workbook.worksheets.map((s) => [s.name, s.state])).toEqual([['Learners', 'visible'], ['Instructions', 'visible'], ['Lists', 'hidden']]);
    const lists = dropDownLists(workbook);
    expect(lists.get('Assessor')).toContain(gemma.assessor);
    expect(lists.get('Class')).toContain(gemma.classroom);
    expect(lists.get('Placement (employer)')).toContain(gemma.placement);
    for (const { name, count } of result.contents) expect(lists.get(name)?.length, name).toBe(count);
    expect(result.contents.map((c) => c.name)).toEqual(expect.arrayContaining(['Assessor', 'Class', 'Standards', 'Framework template']));
    expect(progressOf('template').at(-1)).toMatchObject({ value: 1 });
  });

  it('keeps no copy of either workbook in the data folder once handed over', () => {
    expect(readdirSync(path.join(dataDir, 'exports'))).toEqual([]);
  });
});
