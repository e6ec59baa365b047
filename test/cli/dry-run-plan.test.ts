import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../import/run-fixtures';
import { CLI, ROOT } from './terminal';

/**
 * A dry run shows the first 20 rows of its plan; an MIS officer who must have an import
 * signed off needs every row. The dry run writes the plan as a workbook and a CSV (the
 * data folder's `plans`, or `--report-dir`), every row with what the import would do to it.
 */
const example = path.join(ROOT, 'examples', 'learners.xlsx');

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [CLI, ...args], { cwd: ROOT, env: { ...process.env, CI: 'true' } }, (error, stdout, stderr) =>
      done({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

function planCsv(file: string): Record<string, string>[] {
  return Papa.parse<Record<string, string>>(fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true }).data;
}

describe("a dry run's plan, every row", () => {
  it('is written as a workbook and a CSV, and the listing says where', async () => {
    const dir = tempDir('dry-run-plan-');
    const run = await cli(['import', example, '--env', 'sandbox', '--org', '5740', '--dry-run', '--data-dir', dir]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("  and 5 more rows (the plan's workbook lists every row)\n");
    const plans = path.join(dir, 'plans');
    const files = fs.readdirSync(plans).sort();
    expect(files).toHaveLength(2);
    expect(files[0]).toMatch(/^learners-\d{8}-\d{6}-plan\.csv$/);
    const [csv, xlsx] = files.map((name) => path.join(plans, name));
    expect(run.stdout).toContain(`The plan, every row: ${xlsx} (and as CSV: ${csv})\n`);
    expect(fs.existsSync(path.join(dir, 'runs'))).toBe(false);
    if (process.platform !== 'win32') expect(fs.statSync(xlsx).mode & 0o777).toBe(0o600);

    const rows = planCsv(csv);
    expect(rows).toHaveLength(25);
    expect(rows.map((r) => r.Row)).toEqual(Array.from({ length: 25 }, (_, i) => String(i + 2)));
    expect(new Set(rows.map((r) => r.Action))).toEqual(new Set(['create']));
    // The new learner's assessor, class and placement, named as OneFile names them, and the template.
    expect(rows[0]['What the import does']).toMatch(/^Create learner Amelia Hughes \(assessor [^,]+, class [^,]+, placement [^)]+\); Assign framework template /);
    expect(rows[0]['MIS ID']).toBe('BA24001');
    // A namesake OneFile has: the warning on its own row.
    expect(rows.find((r) => r.Name === 'Evie Shaw')?.Problems).toMatch(/^Warning: .*already has a learner called Evie Shaw/);

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(xlsx);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['Plan', 'About these rows']);
    expect(workbook.getWorksheet('Plan')!.actualRowCount).toBe(26);
    expect(String(workbook.getWorksheet('About these rows')!.getCell('A1').value)).toMatch(/^The plan of an import of learners\.xlsx into OneFile sandbox, organisation 5740 .*25 rows: create 25, /);
  }, 60_000);

  it('after the import, names each learner OneFile has and how it was found', async () => {
    const dir = tempDir('dry-run-plan-again-');
    expect((await cli(['import', example, '--env', 'sandbox', '--org', '5740', '--data-dir', dir, '--quiet'])).code).toBe(0);
    const reportDir = path.join(dir, 'for-sign-off');
    const run = await cli(['import', example, '--env', 'sandbox', '--org', '5740', '--dry-run', '--json', '--data-dir', dir, '--report-dir', reportDir]);
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout.trim().split('\n').pop()!) as { reports: { plan: { xlsx: string; csv: string } } };
    expect(path.dirname(json.reports.plan.csv)).toBe(reportDir);
    expect(fs.existsSync(json.reports.plan.xlsx)).toBe(true);
    expect(fs.existsSync(path.join(dir, 'plans'))).toBe(false);
    const rows = planCsv(json.reports.plan.csv);
    expect(rows).toHaveLength(25);
    for (const row of rows) {
      expect(row.Action).toBe('unchanged');
      expect(row['OneFile user ID']).toMatch(/^\d+$/);
      expect(row['Found in OneFile by']).toBe('MIS ID');
      expect(row['What the import does']).toBe('nothing: OneFile has it as the file says');
    }
  }, 90_000);
});
