import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runImport } from '../../main/cli/import-command';
import { capturedIo, lastJson } from '../import/cli-fixtures';
import { tempDir } from '../import/run-fixtures';

/** `import --role assessor --dry-run --json` of a CSV with no Role column, into the sandbox. */
async function planAsAssessors(csv: string) {
  const dir = tempDir('role-');
  const file = path.join(dir, 'assessors.csv');
  fs.writeFileSync(file, csv);
  const io = capturedIo();
  const code = await runImport(file, { env: 'sandbox', org: 5740, dataDir: dir, role: 'assessor', dryRun: true, json: true, rateWindowMs: 500 }, io);
  return { code, io };
}

describe('import --role', () => {
  it('plans rows without a Role column as the role given, as the app does', async () => {
    const { code, io } = await planAsAssessors('First Name,Last Name,Email,MIS ID\r\nAsha,Patel,asha.patel@centre.example.com,ASR001\r\nBen,Okafor,ben.okafor@centre.example.com,ASR002\r\n');
    expect(code, io.stderr.join('')).toBe(0);
    const summary = lastJson(io.stdout).summary;
    expect(summary).toMatchObject({ create: 2, blocked: 0 });
    expect(summary.byRole).toMatchObject({ staff: { create: 2 }, learners: { create: 0 } });
  });

  it('names the cell of a role-given row the plan stops (the row keeps its cells: it crashed when they were lost)', async () => {
    const { code, io } = await planAsAssessors(
      'First Name,Last Name,Email,MIS ID,Organisation\r\nAsha,Patel,asha.patel@centre.example.com,ASR011,5740\r\nBen,Okafor,ben.okafor@centre.example.com,ASR012,9999\r\n',
    );
    expect(code, io.stderr.join('')).toBe(1);
    const plan = lastJson(io.stdout);
    expect(plan.summary).toMatchObject({ create: 1, blocked: 1 });
    expect(plan.problems).toEqual([expect.objectContaining({ code: 'other-organisation', column: 'E', header: 'Organisation', rowRanges: ['3'] })]);
  });
});
