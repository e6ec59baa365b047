import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it } from 'vitest';
import type { AppService } from '../../main/service/app-service';
import { connectedService, upload, writeCsv } from './connected-service';

/**
 * The Plan screen's "Save the plan": the plan last made, every row with what the import
 * does to it, as a workbook (handed over to download in browser mode), never a plan of
 * the file as it was before an edit.
 */
let service: AppService | undefined;
afterEach(async () => {
  await service?.close();
  service = undefined;
});

const FIRST_NAME = 1;

async function planSheet(contentBase64: string): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(contentBase64, 'base64') as unknown as ArrayBuffer);
  expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['Plan', 'About these rows']);
  const rows: string[][] = [];
  workbook.getWorksheet('Plan')!.eachRow((row) => rows.push((row.values as ExcelJS.CellValue[]).slice(1).map((value) => String(value ?? ''))));
  return rows;
}

describe("the plan's workbook in the app", () => {
  it('lists every row of the plan last made, and is refused once the file changed', async () => {
    const connected = await connectedService('onefile-plan-workbook-');
    service = connected.service;
    const { handlers } = service;
    const lines = ['MIS ID,First Name,Last Name,Email,Assessor,Class,Placement'];
    for (let i = 1; i <= 30; i++) lines.push(`PLW${String(i).padStart(3, '0')},Learner${i},Planned,plw${i}@learners.example.com,James Fayre,Business Admin L2,BT - Manchester`);
    lines.push('PLW031,Nobody,Wrong,not-an-email,James Fayre,Business Admin L2,BT - Manchester');
    await handlers.openFile(upload(writeCsv(lines, 'planned.csv')));
    await expect(handlers.exportPlan({})).rejects.toThrow(/Look at the plan again/);
    await handlers.checkReferences({ refresh: false });
    await handlers.planImport({ skipInvalid: true });

    const saved = await handlers.exportPlan({});
    expect(saved).toMatchObject({ fileName: 'planned-plan.xlsx', savedTo: null });
    const [headers, ...rows] = await planSheet(saved.contentBase64!);
    expect(headers).toEqual(['Row', 'Name', 'MIS ID', 'Email', 'Role', 'Action', 'OneFile user ID', 'Found in OneFile by', 'What the import does', 'Problems']);
    expect(rows).toHaveLength(31);
    expect(rows[0].slice(0, 6)).toEqual(['2', 'Learner1 Planned', 'PLW001', 'plw1@learners.example.com', 'learner', 'create']);
    expect(rows[0][8]).toBe('Create learner Learner1 Planned (assessor James Fayre, class Business Admin L2, placement BT - Manchester)');
    expect(rows[30][5]).toBe('skipped: an error');
    expect(rows[30][9]).toMatch(/^Error: Email "not-an-email": /);

    // A cell changed after the plan was made: that plan is no longer what Import would do.
    await handlers.updateCell({ index: 0, column: FIRST_NAME, value: 'Amy' });
    await expect(handlers.exportPlan({})).rejects.toThrow('The file changed since the plan was made. Look at the plan again, then save it.');
  }, 60_000);
});
