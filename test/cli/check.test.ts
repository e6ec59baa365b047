import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const cli = join(root, 'bin', 'onefile-import');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function check(...args: string[]): Promise<Run> {
  // Its own data folder: a profile someone saved for these columns on this machine is not used.
  const own = args.includes('--data-dir') ? [] : ['--data-dir', join(dir, 'data')];
  return new Promise((done) => {
    // No time limit of its own: a loaded machine starts the CLI slowly; the test's timeout decides.
    execFile(process.execPath, [cli, 'check', ...args, ...own], { cwd: root }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      done({ code, stdout, stderr });
    });
  });
}

const HEADER = 'Learner Ref,Forename,Surname,Date of Birth,ULN,NI Number,Email Address,Start Date,Planned End Date,Assessor,Class,Employer';
const GOOD = 'BA1,Amelia,Hughes,03/04/2001,9276308686,AB123456C,amelia@example.com,01/09/2024,31/08/2026,James Fayre,Business Admin L2,BT - Manchester';

let dir: string;
const file = (name: string) => join(dir, name);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'check-'));
  await writeFile(
    file('errors.csv'),
    [
      HEADER,
      GOOD,
      'BA2,Oliver,Bennett,31/02/2002,9276308687,QQ123456C,,01/09/2024,31/08/2026,Kate Anderson,Business Admin L2,BT - Manchester',
      'ba1,Isla,Murray,15/11/2002,1000000000,HJ523645C,isla@example.com,01/09/2024,31/08/2026,James Fayre,Business Admin L3,',
    ].join('\r\n'),
  );
  await writeFile(file('us.csv'), [HEADER, GOOD.replace('03/04/2001', '04/23/2001').replace('01/09/2024', '09/01/2024').replace('31/08/2026', '08/01/2026')].join('\n'));
  await writeFile(file('empty.csv'), '');
  await writeFile(file('bad-profile.json'), '{"columns": {"Learner Ref": "MSID"}}');
  await writeFile(file('profile.json'), JSON.stringify({ columns: { Notes: null }, values: { Classroom: { 'Bus Admin L2': 'Business Admin L2' } } }));
  await writeFile(file('abbreviated.csv'), `${HEADER},Notes\n${GOOD.replace('Business Admin L2', 'Bus Admin L2')},likes tea\n`);
  await writeFile(file('two-emails.csv'), `${HEADER},Personal Email\n${GOOD},amelia.h@example.org\n`);
  await writeFile(file('repeated-header.csv'), `${HEADER},Email Address\n${GOOD},employer@acme.example.com\n`);
  // Row 4 is row 2's name and birth date with none of its keys (a new MIS ID and email from a second
  // enrolment); row 3 is row 2 again for a second standard (its keys); row 5 shares the name only.
  await writeFile(
    file('namesakes.csv'),
    [
      `${HEADER},Standard`,
      `${GOOD},ST0070`,
      `${GOOD},ST0071`,
      'BA7,Amelia,Hughes,03/04/2001,,,amelia.hughes@example.org,01/09/2024,31/08/2026,James Fayre,Business Admin L2,BT - Manchester,ST0070',
      'BA8,Amelia,Hughes,05/06/2003,,,amelia.h2@example.org,01/09/2024,31/08/2026,James Fayre,Business Admin L2,BT - Manchester,ST0070',
    ].join('\n'),
  );
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('onefile-import check', { timeout: 120_000 }, () => {
  it('passes the example spreadsheets with no manual mapping and no issues', async () => {
    for (const example of ['examples/learners.xlsx', 'examples/learners.csv']) {
      const run = await check(example, '--json');
      expect(run.code, run.stderr).toBe(0);
      const report = JSON.parse(run.stdout);
      expect(report.summary).toEqual({ rows: 25, valid: 25, withErrors: 0, withWarnings: 0, readyWithWarnings: 0, unresolvedRows: null });
      expect(report.rows.flatMap((row: { issues: unknown[] }) => row.issues)).toEqual([]);
      expect(report.fileIssues).toBeUndefined();
      expect(report.rows[0].values).toMatchObject({ Assessor: 'James Fayre', Classroom: 'Business Admin L2', Placement: 'BT - Manchester' });
    }
  });

  it('with --json, a file it cannot read is one JSON document too: the file and the message, exit 2', async () => {
    await writeFile(file('empty.csv'), '');
    const run = await check(file('empty.csv'), '--json');
    expect(run.code).toBe(2);
    const report = JSON.parse(run.stdout);
    expect(report).toEqual({ file: file('empty.csv'), error: expect.stringContaining('empty.csv') });
    expect(run.stderr).toContain(report.error);
  });

  it('says which names it did not look up in OneFile, in words and in --json, and none where the file names none', async () => {
    const text = await check('examples/learners.csv');
    expect(text.code, text.stderr).toBe(0);
    // 25 valid counts the file's own checks: an assessor OneFile does not have is found only by a lookup.
    expect(text.stdout).toContain(
      '25 rows checked: 0 with errors, 25 ready (0 with warnings).\nThe assessor, class, placement (employer) and framework template names were not looked up in OneFile: give --env and --org to check them too (a plan or an import always does).\n',
    );
    expect(JSON.parse((await check('examples/learners.csv', '--json')).stdout).namesNotLookedUp).toEqual(['Assessor', 'Classroom', 'Placement', 'FrameworkTemplate']);
    await writeFile(file('no-names.csv'), 'Learner Ref,Forename,Surname,Email Address\r\nBA1,Amelia,Hughes,amelia@example.com\r\n');
    const plain = await check(file('no-names.csv'));
    expect(plain.stdout).toMatch(/1 row checked: 0 with errors, 1 ready \(0 with warnings\)\.\n$/);
    expect(JSON.parse((await check(file('no-names.csv'), '--json')).stdout).namesNotLookedUp).toEqual([]);
  });

  it('reads an MIS export\'s words for no value ("N/A", the ILR\'s ULN 9999999999) as empty cells, said once by value, and the rows are valid', async () => {
    await writeFile(
      file('no-values.csv'),
      [HEADER, GOOD, 'BA2,Oliver,Bennett,N/A,9999999999,N/A,n/a,01/09/2024,TBC,Kate Anderson,Business Admin L2,BT - Manchester', 'BA3,Isla,Murray,-,N/A,Not known,isla@example.com,01/09/2024,31/08/2026,James Fayre,Business Admin L2,BT - Manchester'].join('\r\n'),
    );
    const json = await check(file('no-values.csv'), '--json');
    expect(json.code, json.stdout).toBe(0);
    const report = JSON.parse(json.stdout);
    expect(report.summary).toEqual({ rows: 3, valid: 3, withErrors: 0, withWarnings: 2, readyWithWarnings: 2, unresolvedRows: null });
    expect(report.rows[1].values).not.toHaveProperty('ULN');
    expect(report.rows[1].values).not.toHaveProperty('DOB');
    expect(report.rows[1].values).toMatchObject({ StartOn: '2024-09-01' });
    const text = (await check(file('no-values.csv'))).stdout;
    // One line a column, whichever word it holds; the ILR's "ULN not known" on a line of its own.
    expect(text).toContain('  Date of Birth "N/A" and 1 other value: Written for no value, so read as an empty cell, rows 3-4 (2 rows) (warning)\n');
    expect(text).toContain('  ULN "N/A": Written for no value, so read as an empty cell, row 4 (warning)\n');
    expect(text).toContain('  ULN "9999999999": 9999999999 stands for "ULN not known": read as an empty cell, row 3 (warning)\n');
    expect(text).toContain('  Planned End Date "TBC": Written for no value, so read as an empty cell, row 3 (warning)\n');
    expect(text).toContain('3 rows checked: 0 with errors, 3 ready (2 with warnings).');
    // The columns are of their fields' kinds: no column is called into question for its words for no value.
    expect(text).not.toContain('check that this is the right field');
  });

  it('passes the example spreadsheet with the example mapping profile', async () => {
    const run = await check('examples/learners.xlsx', '--mapping', 'examples/learners.profile.json');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/Learner Ref\s+-> MIS ID \(MISID\)\s+profile, 100%/);
  });

  it('lists what it read, the mapping and every problem once, by column and value with its rows, and exits 1', async () => {
    const run = await check(file('errors.csv'));
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('Read errors.csv: utf-8 text, delimiter ",", header row 1, 3 rows.');
    expect(run.stdout).toMatch(/L\s+Employer\s+-> Placement \(employer\) \(Placement\)\s+alias, 95%/);
    expect(run.stdout).toContain('Problems, by what fixes them:');
    expect(run.stdout).toContain('  Date of Birth "31/02/2002": "31/02/2002" is not a date that exists: check the day and the month, row 3\n');
    expect(run.stdout).toMatch(/ULN "9276308687": ULN 9276308687 fails its check digit.*, row 3\n/);
    expect(run.stdout).toMatch(/NI Number "QQ123456C": "QQ123456C" is not a National Insurance number.*, row 3\n/);
    // A learner may go without an email (OneFile's guide to creating users): said, not an error.
    expect(run.stdout).toMatch(/Email Address \(empty\): No email: a learner new to OneFile is created without one.*, row 3 \(warning\)\n/);
    // The same MIS ID on two rows is one problem, said once with both rows.
    expect(run.stdout).toMatch(/Learner Ref "BA1": MIS ID "BA1" is also on row 4.*, rows 2, 4 \(2 rows\)\n/);
    expect(run.stdout).toContain('Employer (empty): Placement (employer) is required for a learner: fill in the cell, row 4\n');
    expect(run.stdout).toContain('3 rows checked: 3 with errors, 0 ready (0 with warnings). Rows with errors: 2-4.');
    // Dates, ULNs and NI numbers with mistakes in them are still of their columns' kind: no column is called into question.
    expect(run.stdout).not.toContain('check that this is the right field');
  });

  it('says under a column whose values are not of its field’s kind that the mapping may be wrong, as Map does', async () => {
    await writeFile(file('misfits.csv'), 'Learner Ref,Forename,Surname,ULN,Email\r\n1,Ann,Bee,07700 900000,ann@example.com\r\n2,Cat,Dee,07700 900001,cat@example.com\r\n');
    const run = await check(file('misfits.csv'));
    expect(run.stdout).toMatch(/D\s+ULN\s+-> ULN \(ULN\)\s+exact, 100%\n {6}Only 0 of the first 2 values read as ULN: check that this is the right field\.\n/);
  });

  it('prints one JSON document with the file, columns, rows, issues and summary', async () => {
    const run = await check(file('errors.csv'), '--json');
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(report).toMatchObject({ file: 'errors.csv', sheet: null, headerRow: 1, encoding: 'utf-8', delimiter: ',' });
    expect(report.columns[0]).toEqual({ column: 'A', header: 'Learner Ref', field: 'MISID', confidence: 0.95, reason: 'alias' });
    expect(report.rows).toHaveLength(3);
    expect(report.rows[0].row).toBe(2);
    expect(report.rows[0].values).toMatchObject({ DOB: '2001-04-03', Email: 'amelia@example.com', ULN: '9276308686' });
    expect(report.rows[0].issues).toEqual([
      { column: 'A', field: 'MISID', code: 'duplicate', message: expect.stringMatching(/also on row 4/), severity: 'error' },
    ]);
    expect(report.rows[1].issues.map((issue: { code: string }) => issue.code)).toEqual(['date-invalid', 'uln-invalid', 'nino-invalid', 'email-missing']);
    expect(report.summary).toEqual({ rows: 3, valid: 0, withErrors: 3, withWarnings: 1, readyWithWarnings: 0, unresolvedRows: null });
  });

  it('flags a file with American dates instead of guessing, and reads it when told', async () => {
    const guessed = await check(file('us.csv'), '--json');
    expect(guessed.code).toBe(1);
    expect(JSON.parse(guessed.stdout).fileIssues).toMatchObject([{ code: 'us-dates', severity: 'error', rows: [2] }]);
    // In words, the option that reads it.
    const said = await check(file('us.csv'));
    expect(said.stdout).toMatch(/say that this file's dates are month first \(on the command line: --date-order mdy\)\. \[error\]/);
    const told = await check(file('us.csv'), '--json', '--date-order', 'mdy');
    expect(told.code, told.stdout).toBe(0);
    expect(JSON.parse(told.stdout).rows[0].values.DOB).toBe('2001-04-23');
  });

  it('applies the value maps of a mapping profile and leaves "null" columns out', async () => {
    const run = await check(file('abbreviated.csv'), '--json', '--mapping', file('profile.json'));
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.rows[0].values.Classroom).toBe('Business Admin L2');
    expect(report.columns.at(-1)).toMatchObject({ header: 'Notes', field: null, reason: 'profile' });
  });

  it('says which of two email columns it used, without failing', async () => {
    const run = await check(file('two-emails.csv'));
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/"Email Address" is used and "Personal Email" is not imported/);
  });

  it("reads a file with a header written twice (an MIS export's learner and employer email): the first column is used, the second named after its letter, and said", async () => {
    const run = await check(file('repeated-header.csv'));
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/G +Email Address +-> Email \(Email\)/);
    expect(run.stdout).toMatch(/M +Email Address \(column M\) +-> not imported/);
    expect(run.stdout).toContain(
      'Columns G and M are both headed "Email Address": column M is called "Email Address (column M)". [warning]',
    );
    expect(run.stdout).toContain('Columns "Email Address" and "Email Address (column M)" both look like Email: "Email Address" is used and "Email Address (column M)" is not imported.');
    expect(run.stdout).toContain('1 row checked: 0 with errors, 1 ready (0 with warnings).');
    const json = JSON.parse((await check(file('repeated-header.csv'), '--json')).stdout);
    expect(json.rows[0].values.Email).toBe('amelia@example.com');
  });

  it('leaves out the rows a filter hides in a workbook, saying so, and reads them with --include-hidden-rows', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Learners');
    sheet.addRow(HEADER.split(','));
    for (const [n, first] of ['Amelia', 'Oliver', 'Isla'].entries()) sheet.addRow(GOOD.replace('BA1', `BA${n + 1}`).replace('Amelia', first).replace('amelia@', `${first.toLowerCase()}@`).replace('9276308686', '').replace('AB123456C', `AB12345${n}C`).split(','));
    sheet.getRow(3).hidden = true;
    sheet.autoFilter = 'A1:L4';
    await workbook.xlsx.writeFile(file('filtered.xlsx'));

    const shown = await check(file('filtered.xlsx'));
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toContain('Row 3 is hidden in Excel (filtered out, or hidden by hand), so it is left out, as Excel does not show it: choose to read hidden rows too if it should be imported. [warning]');
    expect(shown.stdout).toContain('2 rows checked');
    const all = await check(file('filtered.xlsx'), '--include-hidden-rows', '--json');
    expect(JSON.parse(all.stdout).rows.map((row: { values: { FirstName: string } }) => row.values.FirstName)).toEqual(['Amelia', 'Oliver', 'Isla']);
  });

  it('warns of two rows with one name and date of birth and no key in common, as the plan does of two that create, and counts them', async () => {
    const run = await check(file('namesakes.csv'));
    expect(run.stderr).toBe('');
    // Warnings only: the file may be imported.
    expect(run.code).toBe(0);
    // Said once, of row 4 alone: not of row 3 (row 2's person, by its keys), nor of row 5 (another birth date).
    expect(run.stdout).toContain(
      '  Name "Amelia Hughes": Row 2 is also Amelia Hughes, born 03/04/2001, with no MIS ID, ULN, NI number or email in common: if they are the same person, keep one of the rows or give both the same MIS ID, or an import that finds neither in OneFile creates both, row 4 (warning)\n',
    );
    expect(run.stdout.match(/is also Amelia Hughes/g)).toHaveLength(1);
    expect(run.stdout).toContain('4 rows checked: 0 with errors, 4 ready (2 with warnings).');

    const json = JSON.parse((await check(file('namesakes.csv'), '--json')).stdout) as {
      rows: Array<{ row: number; issues: Array<{ code: string }> }>;
      summary: { withWarnings: number };
      problems: Array<{ code: string; rowRanges: string[] }>;
    };
    expect(json.rows.map((row) => row.issues.some((issue) => issue.code === 'namesake-in-file'))).toEqual([false, false, true, false]);
    expect(json.problems.filter((group) => group.code === 'namesake-in-file').map((group) => group.rowRanges)).toEqual([['4']]);
    expect(json.summary.withWarnings).toBe(2);
  });

  it('exits 2 with the reason on stderr and no stack trace when the file cannot be read', async () => {
    const runs = await Promise.all([
      check(file('empty.csv')),
      check(file('missing.csv')),
      check(file('errors.csv'), '--mapping', file('bad-profile.json')),
    ]);
    for (const run of runs) {
      expect(run.code, run.stderr).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr.trim().length).toBeGreaterThan(0);
      expect(run.stderr).not.toMatch(/\n\s+at /);
    }
    expect(runs[0].stderr).toContain('empty.csv');
    expect(runs[1].stderr).toContain('missing.csv');
    expect(runs[2].stderr).toMatch(/bad-profile\.json: .*"MSID" is not a field/s);
  });
});
