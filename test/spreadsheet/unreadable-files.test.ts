import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { readSpreadsheet, SpreadsheetError } from '../../main/spreadsheet';
import { fixtureFolder, zipOf, type FixtureFolder } from './fixture-files';

let files: FixtureFolder;
beforeAll(async () => {
  files = await fixtureFolder();
});
afterAll(() => files.remove());

const ole2 = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const saveAs = 'Open it in Excel and save it as .xlsx (Excel Workbook) or .csv, then try again.';

async function failureOf(path: string): Promise<SpreadsheetError> {
  const error = await readSpreadsheet(path).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof SpreadsheetError)) throw new Error(`expected a SpreadsheetError, got ${String(error)}`);
  expect(error.message).not.toMatch(/\n\s+at /);
  return error;
}

describe('a file that cannot be imported is refused with what is wrong and what to do', () => {
  it.each(['old.xls', 'renamed.xlsx', 'export.csv'])('an Excel 97-2003 workbook, whatever its name (%s)', async (name) => {
    const error = await failureOf(await files.bytes(name, Buffer.concat([ole2, Buffer.alloc(1024, 0)])));
    expect([error.code, error.message]).toEqual([
      'legacy-xls',
      `${name}: This is an old-style Excel 97-2003 workbook (.xls), which the importer cannot read. ${saveAs}`,
    ]);
  });

  it('a password-protected workbook', async () => {
    const bytes = Buffer.concat([ole2, Buffer.alloc(504, 0), Buffer.from('EncryptionInfo', 'utf16le'), Buffer.alloc(512, 0)]);
    const error = await failureOf(await files.bytes('locked.xlsx', bytes));
    expect([error.code, error.message]).toEqual([
      'encrypted',
      'locked.xlsx: This workbook is protected with a password, so it cannot be read. Open it in Excel, remove the password (File > Info > Protect Workbook > Encrypt with Password), save it, then try again.',
    ]);
  });

  // A college's Microsoft 365 labels an MIS export "Confidential": the workbook is encrypted for Office alone (no password, no EncryptionInfo stream).
  it('a workbook encrypted by a sensitivity label (rights management): said so, not taken for an old .xls', async () => {
    const bytes = Buffer.concat([ole2, Buffer.alloc(504, 0), Buffer.from('\u0006DataSpaces', 'utf16le'), Buffer.alloc(64, 0), Buffer.from('DRMEncryptedDataSpace', 'utf16le'), Buffer.alloc(64, 0), Buffer.from('EncryptedPackage', 'utf16le'), Buffer.alloc(512, 0)]);
    const error = await failureOf(await files.bytes('confidential.xlsx', bytes));
    // An old binary workbook so protected names its data space otherwise.
    const binary = Buffer.concat([ole2, Buffer.alloc(504, 0), Buffer.from('\tDRMDataSpace', 'utf16le'), Buffer.alloc(512, 0)]);
    expect((await failureOf(await files.bytes('confidential.xls', binary))).message).toMatch(/^confidential\.xls: This workbook is encrypted by a sensitivity label/);
    expect([error.code, error.message]).toEqual([
      'encrypted',
      'confidential.xlsx: This workbook is encrypted by a sensitivity label or rights management (such as "Confidential"), so only Office, signed in as you, can open it. Open it in Excel and save a copy as CSV UTF-8 (File > Save a Copy), or ask for a label without encryption, then choose that copy.',
    ]);
  });

  it.each(['empty.csv', 'empty.xlsx'])('an empty file (%s)', async (name) => {
    const error = await failureOf(await files.bytes(name, ''));
    expect([error.code, error.message]).toEqual([
      'empty-file',
      `${name}: The file is empty. Choose the file that holds your learners, or export it again from your MIS.`,
    ]);
  });

  it('a text file of blank lines', async () => {
    const error = await failureOf(await files.bytes('blank.csv', '\uFEFF\r\n,,\r\n  \r\n'));
    expect(error.code).toBe('empty-file');
  });

  it('a text file with a header and no rows', async () => {
    const error = await failureOf(await files.bytes('header-only.csv', 'First name,Last name,Email\r\n'));
    expect([error.code, error.message]).toEqual([
      'header-only',
      'header-only.csv: The file has a header row (row 1) but no rows of data below it. Add the learners under the header row, or choose the file or sheet that holds them.',
    ]);
  });

  it('a sheet with a header and no rows', async () => {
    const path = await files.workbook('header-only.xlsx', (workbook) => {
      const sheet = workbook.addWorksheet('Learners');
      sheet.getCell('A1').value = 'Learners export';
      sheet.getRow(3).values = ['First name', 'Last name', 'Email'];
    });
    const error = await failureOf(path);
    expect([error.code, error.sheet, error.message]).toEqual([
      'header-only',
      'Learners',
      'header-only.xlsx: Sheet "Learners" has a header row (row 3) but no rows of data below it. Add the learners under the header row, or choose the file or sheet that holds them.',
    ]);
  });

  it('binary junk', async () => {
    const junk = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 37 + (i >> 3)) % 256));
    const error = await failureOf(await files.bytes('junk.csv', junk));
    expect([error.code, error.message]).toEqual([
      'binary',
      'junk.csv: This file holds binary data: it is neither an Excel workbook (.xlsx) nor a text file such as .csv. Choose the .xlsx or .csv file that holds your learners.',
    ]);
  });

  it('a text file named .xlsx', async () => {
    const error = await failureOf(await files.bytes('learners.xlsx', 'First name,Last name\nSiân,Jones\n'));
    expect([error.code, error.message]).toEqual([
      'not-xlsx',
      'learners.xlsx: The file is named like an Excel workbook but holds plain text. If it is a CSV export, rename it to end in .csv; otherwise open it in Excel and save it as .xlsx (Excel Workbook), then try again.',
    ]);
  });

  it('a zip that is not a workbook', async () => {
    const error = await failureOf(await files.bytes('archive.xlsx', zipOf([{ name: 'notes.txt', data: 'hello' }])));
    expect([error.code, error.message]).toEqual([
      'not-xlsx',
      'archive.xlsx: This is a zip file, not an Excel workbook. Unzip it and choose the .xlsx or .csv file inside, or open it in Excel and save it as .xlsx (Excel Workbook), then try again.',
    ]);
  });

  it('an OpenDocument spreadsheet', async () => {
    const ods = zipOf([
      { name: 'mimetype', data: 'application/vnd.oasis.opendocument.spreadsheet' },
      { name: 'content.xml', data: '<office:document-content/>' },
    ]);
    const error = await failureOf(await files.bytes('learners.ods', ods));
    expect(error.message).toBe(
      'learners.ods: This is an OpenDocument spreadsheet (.ods), not an Excel workbook. Open it in LibreOffice or Excel and save it as .xlsx (Excel Workbook) or .csv, then try again.',
    );
  });

  it('a web page saved with an .xls name', async () => {
    const error = await failureOf(await files.bytes('export.xls', '<html><body><table><tr><td>Name</td></tr></table></body></html>'));
    expect(error.message).toBe(`export.xls: This file is a web page (HTML), not a spreadsheet, even if Excel can open it. ${saveAs}`);
  });

  it('a header written twice whose column-named form is another column\'s header, naming both columns', async () => {
    const error = await failureOf(await files.bytes('dup.csv', 'First name,Email,Email (column D),email\nSiân,a@example.com,b@example.com,c@example.com\n'));
    expect([error.code, error.column, error.message]).toEqual([
      'duplicate-headers',
      'B',
      'dup.csv: The file has the column header "Email" more than once: columns B and D. Rename or delete one of them so each column has its own header, then try again.',
    ]);
  });

  it('a workbook whose only data is on a hidden sheet', async () => {
    const path = await files.workbook('hidden-only.xlsx', (workbook) => {
      workbook.addWorksheet('Cover');
      workbook.addWorksheet('Data', { state: 'hidden' }).addRows([['Name'], ['Siân']]);
    });
    const error = await failureOf(path);
    expect([error.code, error.message]).toEqual([
      'no-sheet',
      'hidden-only.xlsx: The workbook has no visible sheet with any data. The data may be on a hidden sheet ("Data"): unhide it in Excel (right-click a sheet tab > Unhide) or choose it by name, then try again.',
    ]);
  });

  it.each(['~$learners.xlsx', '~$Learners week 12.csv'])('the file Excel keeps beside a workbook it has open (%s), chosen instead of the workbook', async (name) => {
    // What Excel writes: the user's name, its length first, padded; then the same in UTF-16.
    const owner = Buffer.concat([Buffer.from([10]), Buffer.from('Jane Smith'.padEnd(53)), Buffer.from([10, 0]), Buffer.from('Jane Smith'.padEnd(54), 'utf16le')]);
    const error = await failureOf(await files.bytes(name, owner));
    expect([error.code, error.message]).toEqual([
      'binary',
      `${name}: This is the small file Excel keeps beside a workbook while someone has it open (it names who), not the workbook. Choose ${name.slice(2)} itself, in the same folder.`,
    ]);
  });

  it('a file that is not there', async () => {
    const error = await failureOf(files.path('moved.xlsx'));
    expect([error.code, error.message]).toEqual([
      'not-found',
      'moved.xlsx: The file could not be opened; it may have been moved, renamed or deleted. Check the file is where you chose it from and that you can open it, then try again.',
    ]);
  });

  it('a workbook cut short or damaged inside', async () => {
    const good = await readFile(
      await files.workbook('good.xlsx', (workbook) => {
        workbook.addWorksheet('Learners').addRows([['Name'], ...Array.from({ length: 200 }, (_, i) => [`Learner ${i}`])]);
      }),
    );
    const truncated = await failureOf(await files.bytes('truncated.xlsx', good.subarray(0, Math.floor(good.length / 2))));
    expect([truncated.code, truncated.message]).toEqual(['unreadable', `truncated.xlsx: The workbook is damaged or in a form the importer cannot read. ${saveAs}`]);
    const scrambled = Buffer.from(good);
    for (let i = 200; i < scrambled.length - 2000; i += 7) scrambled[i] ^= 0x5a;
    expect((await failureOf(await files.bytes('scrambled.xlsx', scrambled))).code).toBe('unreadable');
  });
});
