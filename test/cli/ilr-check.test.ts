import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ilrXml, generateCentre } from '../ilr/ilr-generator';

/** `onefile-import check` on a CSV export that uses the ILR's field names, and on the ILR file itself. */

const root = resolve(import.meta.dirname, '../..');
const cli = join(root, 'bin', 'onefile-import');
let dir: string;

function check(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [cli, 'check', ...args, '--data-dir', join(dir, 'data')], { cwd: root, timeout: 60_000 }, (error, stdout, stderr) => {
      done({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ilr-check-'));
});

describe('the ILR\'s field names', () => {
  it('map every field OneFile has at 100 % in a CSV export, the address lines and postcode joined into the home address', async () => {
    const header = 'LearnRefNumber,ULN,GivenNames,FamilyName,DateOfBirth,NINumber,Email,TelNumber,AddLine1,AddLine2,PostCode,Sex,LearnStartDate,LearnPlanEndDate,StdCode,EmpId';
    const row = 'L0001,9276308686,Siân,Hughes,2004-05-06,JT123456C,sian@example.com,07700 900123,12 High Street,Salford,M5 4WT,F,2025-09-01,2027-03-01,6,154549452';
    await writeFile(join(dir, 'mis-export.csv'), `${header}\r\n${row}\r\n`);
    const { code, stdout, stderr } = await check(join(dir, 'mis-export.csv'), '--json', '--every-row', 'Assessor=Kate Anderson', '--every-row', 'Class=Business Admin L2');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const document = JSON.parse(stdout);
    const fields = Object.fromEntries(document.columns.map((c: { header: string; field: string }) => [c.header, c.field]));
    expect(fields).toEqual({
      LearnRefNumber: 'MISID', ULN: 'ULN', GivenNames: 'FirstName', FamilyName: 'LastName', DateOfBirth: 'DOB', NINumber: 'NINO',
      Email: 'Email', TelNumber: 'Telephone', AddLine1: 'HomeAddress', AddLine2: 'HomeAddress', PostCode: 'HomeAddress', Sex: 'L13',
      LearnStartDate: 'StartOn', LearnPlanEndDate: 'PlannedEndDate', StdCode: 'Standards', EmpId: 'Placement',
    });
    for (const column of document.columns) expect(column, column.header).toMatchObject({ confidence: 1 });
    expect(document.rows[0].values).toMatchObject({
      MISID: 'L0001', FirstName: 'Siân', DOB: '2004-05-06', StartOn: '2025-09-01', PlannedEndDate: '2027-03-01', L13: 'F',
      HomeAddress: '12 High Street, Salford, M5 4WT', Standards: 'StdCode 6', Placement: '154549452',
      Assessor: 'Kate Anderson', Classroom: 'Business Admin L2',
    });
  });

  it('check reads an ILR file, says what it left out, and reads the ended learners with --include-ended', async () => {
    const centre = generateCentre({ learners: 30, tag: 'CHK', employers: ['154549452'] });
    await writeFile(join(dir, 'ILR.xml'), ilrXml(centre.map((l) => l.spec)));
    const text = await check(join(dir, 'ILR.xml'));
    expect(text.stdout).toContain('Read ILR.xml: ILR 2024-25, 30 learners in the file: 12 new apprenticeships read; 18 left out (12 ended or withdrawn, 6 not on an apprenticeship standard).');
    // With no assessor or class in an ILR, check says so once for the file: a warning,
    // since a learner with a MIS ID may be in OneFile already and need neither (issue 13);
    // the plan blocks the rows that create without them.
    expect(text.stdout).toContain('No column is mapped to Assessor');
    expect(text.stdout.split('No column is mapped to Assessor')).toHaveLength(2);
    expect(text.code).toBe(0);

    const withEnded = JSON.parse((await check(join(dir, 'ILR.xml'), '--json', '--include-ended')).stdout);
    expect(withEnded.ilr).toMatchObject({ learners: 30, read: 24, includeEnded: true });
    expect(withEnded.rows).toHaveLength(24);
  });

  it('passes the example ILR with its example profile (assessor and class for every row)', async () => {
    const { code, stdout } = await check('examples/ilr-example.xml', '--mapping', 'examples/ilr.profile.json');
    expect(stdout).toContain('30 learners in the file: 12 new apprenticeships read');
    expect(stdout).toContain('12 rows checked: 0 with errors, 12 ready (0 with warnings).');
    expect(code).toBe(0);
  });

  it('check refuses an XML file that is not an ILR, with exit 2 and the reason', async () => {
    await writeFile(join(dir, 'export.xml'), '<?xml version="1.0"?>\n<Learners><Learner/></Learners>\n');
    const { code, stderr } = await check(join(dir, 'export.xml'));
    expect(code).toBe(2);
    expect(stderr).toContain('export.xml: This XML file is not an ILR: its root element is <Learners> with no namespace');
  });
});
