import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import Papa from 'papaparse';
import { readSpreadsheet, readSpreadsheetBytes, SpreadsheetError } from '../../main/spreadsheet';
import type { PackedRow } from '../../shared/packed-row';
import { fixtureFolder, iconv, type FixtureFolder } from './fixture-files';

let files: FixtureFolder;
beforeAll(async () => {
  files = await fixtureFolder();
});
afterAll(() => files.remove());

const names = "First name,Last name,Email\r\nSiân,Jones,sian@example.com\r\nZoë,Smith,zoe@example.com\r\nSeán,O'Brien,sean@example.com\r\n";

function cellsOf(result: Awaited<ReturnType<typeof readSpreadsheet>>): string[][] {
  return result.table.rows.map((r) => r.cells);
}

describe('reading a text file', () => {
  it('decodes Windows-1252 accents in names, and says it did', async () => {
    const result = await readSpreadsheet(await files.bytes('ansi.csv', iconv.encode(names, 'windows-1252')));
    expect(cellsOf(result).map((c) => `${c[0]} ${c[1]}`)).toEqual(['Siân Jones', 'Zoë Smith', "Seán O'Brien"]);
    expect(result.table.source.encoding).toBe('windows-1252');
    expect(result.warnings).toEqual([
      'The file is not UTF-8, so it was read as Windows-1252 (Western European); if accented names look wrong, choose its encoding.',
    ]);
  });

  it('reads UTF-8 without a BOM as UTF-8, with no warning', async () => {
    const result = await readSpreadsheet(await files.bytes('utf8.csv', names));
    expect(cellsOf(result)[0][0]).toBe('Siân');
    expect(result.table.source).toEqual({ file: 'utf8.csv', format: 'csv', encoding: 'utf-8', delimiter: ',', headerRow: 1 });
    expect(result.warnings).toEqual([]);
  });

  it('reads a UTF-8 BOM semicolon file with a quoted newline, numbering rows as Excel does', async () => {
    const text = '\uFEFFFirst name;Last name;Notes\r\nSiân;Jones;"Prefers ""Sian""\r\non letters"\r\nZoë;Smith;\r\nSeán;O\'Brien;"a;b, c"\r\n';
    const result = await readSpreadsheet(await files.bytes('excel-eu.csv', text));
    expect(result.table.headers).toEqual(['First name', 'Last name', 'Notes']);
    expect(result.table.source.delimiter).toBe(';');
    expect(result.table.rows).toEqual([
      { row: 2, line: 2, cells: ['Siân', 'Jones', 'Prefers "Sian"\r\non letters'] },
      { row: 3, line: 4, cells: ['Zoë', 'Smith', ''] },
      { row: 4, line: 5, cells: ['Seán', "O'Brien", 'a;b, c'] },
    ]);
  });

  it.each([
    ['utf-16le', Buffer.from([0xff, 0xfe])],
    ['utf-16be', Buffer.from([0xfe, 0xff])],
  ])('reads %s with its BOM (Excel "Unicode Text", tab-separated)', async (encoding, bom) => {
    const text = names.replace(/,/g, '\t');
    const path = await files.bytes(`unicode-${encoding}.txt`, Buffer.concat([bom, iconv.encode(text, encoding)]));
    const result = await readSpreadsheet(path);
    expect(result.table.headers).toEqual(['First name', 'Last name', 'Email']);
    expect(cellsOf(result)[2]).toEqual(['Seán', "O'Brien", 'sean@example.com']);
    expect(result.table.source.encoding).toBe(encoding);
    expect(result.table.source.delimiter).toBe('\t');
  });

  it('uses the encoding the user chooses over detection', async () => {
    const path = await files.bytes('chosen.csv', names);
    const result = await readSpreadsheet(path, { encoding: 'windows-1252' });
    expect(cellsOf(result)[0][0]).toBe('SiÃ¢n');
    expect(result.table.source.encoding).toBe('windows-1252');
  });

  it('reads TSV and pipe-separated text', async () => {
    const tsv = await readSpreadsheet(await files.bytes('learners.tsv', 'Name\tULN\nSiân\t1234567890\n'));
    expect([tsv.table.source.delimiter, tsv.table.headers, cellsOf(tsv)]).toEqual(['\t', ['Name', 'ULN'], [['Siân', '1234567890']]]);
    const pipe = await readSpreadsheet(await files.bytes('learners.txt', 'Name|ULN|Class\nZoë|0012345678|Bus Admin, L2\n'));
    expect([pipe.table.source.delimiter, cellsOf(pipe)]).toEqual(['|', [['Zoë', '0012345678', 'Bus Admin, L2']]]);
  });

  it('does not mistake commas inside quotes for the delimiter', async () => {
    const result = await readSpreadsheet(await files.bytes('quoted.csv', 'Name,Address\n"Jones, Siân","1 High St, Leeds"\n"Smith, Zoë","2 Low Rd, York"\n'));
    expect(cellsOf(result)).toEqual([['Jones, Siân', '1 High St, Leeds'], ['Smith, Zoë', '2 Low Rd, York']]);
  });

  it('uses the delimiter the user chooses', async () => {
    const path = await files.bytes('override.csv', 'Name;Notes,more\nSiân;a,b\n');
    expect((await readSpreadsheet(path)).table.headers).toEqual(['Name;Notes', 'more']);
    const chosen = await readSpreadsheet(path, { delimiter: ';' });
    expect([chosen.table.headers, cellsOf(chosen)]).toEqual([['Name', 'Notes,more'], [['Siân', 'a,b']]]);
    expect(chosen.table.source.delimiter).toBe(';');
  });

  it('skips a title block, blank lines and empty trailing columns, keeping Excel row numbers', async () => {
    const text = 'Learners export,,,\nGenerated 01/09/2025,,,\n,,,\nFirst name,Last name,ULN,\nSiân,Jones,0012345678,\n,,,\nZoë,Smith,1234567890,\n,,,\n';
    const result = await readSpreadsheet(await files.bytes('titled.csv', text));
    expect(result.table.source.headerRow).toBe(4);
    expect(result.headerRowGuessed).toBe(true);
    expect(result.headerCandidates).toEqual([1]);
    expect(result.table.columns).toEqual(['A', 'B', 'C']);
    expect(result.table.rows.map((r) => [r.row, ...r.cells])).toEqual([
      [5, 'Siân', 'Jones', '0012345678'],
      [7, 'Zoë', 'Smith', '1234567890'],
    ]);
  });

  it('takes the header row the user chooses', async () => {
    const text = 'Learners export\nFirst name,Last name\nSiân,Jones\n';
    const result = await readSpreadsheet(await files.bytes('chosen-header.csv', text), { headerRow: 1 });
    expect(result.table.headers).toEqual(['Learners export', 'Column B']);
    expect(result.headerRowGuessed).toBe(false);
    expect(result.headerCandidates).toEqual([2]);
  });

  it('keeps NBSP inside values but trims it from headers', async () => {
    const result = await readSpreadsheet(await files.bytes('nbsp.csv', '\u00A0First\u00A0 name\u00A0,Email\nSiân\u00A0,sian@example.com\n'));
    expect(result.table.headers).toEqual(['First name', 'Email']);
    expect(cellsOf(result)[0][0]).toBe('Siân\u00A0');
  });

  it('names a column with data but no header after its letter, and says so', async () => {
    const result = await readSpreadsheet(await files.bytes('no-header.csv', 'Name,,ULN\nSiân,extra,1234567890\n'));
    expect(result.table.headers).toEqual(['Name', 'Column B', 'ULN']);
    expect(result.warnings).toEqual(['Column B has data but no header; it is called "Column B".']);
  });

  it('names a header written again after its column, keeping the first as written, and says so', async () => {
    const result = await readSpreadsheet(await files.bytes('dup.csv', 'First name,Email,Last name, email ,Email\nSiân,a@example.com,Jones,b@example.com,c@example.com\n'));
    expect(result.table.headers).toEqual(['First name', 'Email', 'Last name', 'email (column D)', 'Email (column E)']);
    expect(result.warnings).toEqual([
      'Columns B, D and E are all headed "Email": columns D and E are called "email (column D)" and "Email (column E)".',
    ]);
    expect(cellsOf(result)[0]).toEqual(['Siân', 'a@example.com', 'Jones', 'b@example.com', 'c@example.com']);
    const two = await readSpreadsheet(await files.bytes('two.csv', 'Postcode,Employer,Postcode\nLS1 1AA,Acme,M1 1AE\n'));
    expect([two.table.headers, two.warnings]).toEqual([
      ['Postcode', 'Employer', 'Postcode (column C)'],
      ['Columns A and C are both headed "Postcode": column C is called "Postcode (column C)".'],
    ]);
  });

  it('leaves out the totals and notes an MIS report puts under its data, saying which rows', async () => {
    const header = 'Learner Ref,Forename,Surname,Email,Assessor,Class,Employer';
    const person = (n: number, first = `Learner${n}`) => `BA${n},${first},Jones,l${n}@example.com,James Fayre,Business Admin L2,BT - Manchester`;
    const result = await readSpreadsheet(await files.bytes('report.csv', [header, person(1), person(2), person(3), 'Total,3,,,,,', ',,,,,,', 'End of report'].join('\r\n')));
    expect(result.table.rows.map((row) => row.row)).toEqual([2, 3, 4]);
    expect(result.warnings).toEqual(['Rows 5 and 7 ("Total", "3"; "End of report") are totals or notes under the data, not people, so they are left out.']);
    const one = await readSpreadsheet(await files.bytes('count.csv', [header, person(1), person(2), 'Number of learners: 2'].join('\n')));
    expect([one.table.rows.length, one.warnings]).toEqual([2, ['Row 4 ("Number of learners: 2") is a total or a note under the data, not a person, so it is left out.']]);
    for (const line of ['Total: 2 learners', 'Total 2 records', '2 learners', '2 records found.', 'Grand total: 1,204 students']) {
      const counted = await readSpreadsheet(await files.bytes('counted.csv', [header, person(1), person(2), ',,,,,,', `"${line}",,,,,,`].join('\n')));
      expect([counted.table.rows.length, counted.warnings], line).toEqual([2, [`Row 5 ("${line}") is a total or a note under the data, not a person, so it is left out.`]]);
    }
  });

  it('leaves out the header row written again where two exports were pasted one under the other, saying which rows', async () => {
    const header = 'Learner Ref,Forename,Surname,Email,Assessor,Class,Employer';
    const person = (n: number, first = `Learner${n}`) => `BA${n},${first},Jones,l${n}@example.com,James Fayre,Business Admin L2,BT - Manchester`;
    // The second file's byte order mark and its header in other capitals come with it.
    const pasted = ['\ufeff' + header, person(1), person(2), '\ufeff' + header.toUpperCase(), person(3), ` ${header.replaceAll(',', ' ,')}`, person(4)].join('\r\n');
    const result = await readSpreadsheet(await files.bytes('pasted.csv', pasted));
    expect([result.table.rows.map((row) => row.row), result.warnings]).toEqual([
      [2, 3, 5, 7],
      ['Rows 4 and 6 are the header row again (lists pasted one under the other?), not people, so they are left out.'],
    ]);
    const once = await readSpreadsheet(await files.bytes('once.csv', [header, person(1), header, person(2)].join('\n')));
    expect([once.table.rows.map((row) => row.row), once.warnings]).toEqual([[2, 4], ['Row 3 is the header row again (two lists pasted one under the other?), not a person, so it is left out.']]);
  });

  it('keeps a row that only partly repeats the header: a learner is never taken for one', async () => {
    const header = 'Learner Ref,Forename,Surname,Email,Assessor,Class,Employer';
    const person = 'BA1,Amy,Jones,amy@example.com,James Fayre,Business Admin L2,BT - Manchester';
    for (const row of ['Learner Ref,,,,,,', 'Learner Ref,Forename,Surname,,,,', 'Learner Ref,Forename,Surname,amy@example.com,James Fayre,Class,Employer', 'BA2,Forename,Surname,Email,Assessor,Class,Employer']) {
      const result = await readSpreadsheet(await files.bytes('partly.csv', [header, person, row].join('\n')));
      expect([result.table.rows.length, result.warnings], row).toEqual([2, []]);
    }
    const short = await readSpreadsheet(await files.bytes('short.csv', ['Name,ULN', 'Amy Jones,1234567890', 'name, uln', 'Tom Lee,'].join('\n')));
    expect([short.table.rows.map((row) => row.row), short.warnings]).toEqual([[2, 4], ['Row 3 is the header row again (two lists pasted one under the other?), not a person, so it is left out.']]);
  });

  it('keeps a last row that is a person: a name like a label, a sparse row, or the only row', async () => {
    const header = 'Learner Ref,Forename,Surname,Email,Assessor,Class,Employer';
    const person = 'BA1,Amy,Jones,amy@example.com,James Fayre,Business Admin L2,BT - Manchester';
    for (const last of ['BA2,Total,Jones,total@example.com,James Fayre,Business Admin L2,BT - Manchester', 'Sum Li,,,,,,', ',Count,Basie,,,,', 'Totally Fine,x,y,,,,', '12 Rows Lane,,,,,,']) {
      const result = await readSpreadsheet(await files.bytes('last.csv', [header, person, last].join('\n')));
      expect([result.table.rows.length, result.warnings], last).toEqual([2, []]);
    }
    const only = await readSpreadsheet(await files.bytes('only.csv', [header, 'Total,0'].join('\n')));
    expect(only.table.rows.length).toBe(1);
  });

  it('reads a cell written ="0123" (so Excel keeps its leading zeros) as Excel shows it', async () => {
    const lines = [
      'Learner Ref,ULN,Name,Note',
      '="0001",="4821730560","=""Smith, Ann""",=SUM(1)',
      '0002,4821809752,"=""Ann """"Jo"""" Lee""","=""07700"" 900100"',
      '0003,4821888946,"=""""",="',
    ];
    const result = await readSpreadsheet(await files.bytes('excel-text.csv', lines.join('\r\n')));
    expect(cellsOf(result)).toEqual([
      ['0001', '4821730560', 'Smith, Ann', '=SUM(1)'],
      // Quotes doubled inside are one; what is not such a formula stays as written.
      ['0002', '4821809752', 'Ann "Jo" Lee', '="07700" 900100'],
      ['0003', '4821888946', '', '="'],
    ]);
    expect(result.warnings).toEqual([]);
  });

  it('reads uploaded bytes exactly as it reads the same file from disk', async () => {
    const path = await files.bytes('upload.csv', iconv.encode(names, 'windows-1252'));
    const fromDisk = await readSpreadsheet(path);
    const fromBytes = await readSpreadsheetBytes(new Uint8Array(await readFile(path)), 'upload.csv');
    expect(fromBytes).toEqual(fromDisk);
  });

  it('names the row and line of a quote that is never closed', async () => {
    const path = await files.bytes('broken.csv', 'Name,Notes\nSiân,"fine\nstill fine"\nZoë,"never closed\nSeán,ok\n');
    const error = await readSpreadsheet(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SpreadsheetError);
    expect((error as SpreadsheetError).message).toBe(
      'broken.csv: Row 3 opens a quoted value (") that is never closed, so the rest of the file would run into one cell. Open the file in a text editor, close or remove the stray quote on line 4, then try again.',
    );
    expect([(error as SpreadsheetError).code, (error as SpreadsheetError).row]).toEqual(['broken-quotes', 3]);
  });

  it('reads a file of many pieces as papaparse reads the whole text: quoted values, lines and values across the pieces', async () => {
    // About 2 MB: read in pieces of 512 KB, so lines and quoted values fall across the joins.
    const lines = ['Learner ref,First name,Notes,Employer'];
    for (let i = 1; i <= 40_000; i++) {
      const notes = i % 7 === 0 ? '"Needs support, see file"' : i % 1000 === 0 ? '"two\r\nlines, ""quoted"""' : i % 13 === 0 ? '' : `note ${i}`;
      lines.push(`L${String(i).padStart(7, '0')},Siân ${i},${notes},${i % 3 === 0 ? 'Acme Ltd' : 'Zoë & Co'}`);
    }
    const text = lines.join('\r\n') + '\r\n';
    const result = await readSpreadsheet(await files.bytes('pieces.csv', text));
    const expected = Papa.parse<string[]>(text, { delimiter: ',', newline: '\r\n', skipEmptyLines: true }).data.slice(1);
    expect(result.table.rows.length).toBe(40_000);
    expect(cellsOf(result)).toEqual(expected);
    // Each cell alone, and each row's cells where they stand, as mapping reads them.
    const spans = new Int32Array(2 * 5);
    result.table.rows.forEach((row, i) => {
      expect([0, 1, 2, 3, 4].map((k) => (row as PackedRow).cellAt(k))).toEqual([...expected[i], '']);
      const at = (row as PackedRow).spansInto(spans);
      if (at !== undefined) expect([0, 1, 2, 3, 4].map((k) => at.slice(spans[2 * k], spans[2 * k + 1]))).toEqual([...expected[i], '']);
    });
    expect(result.table.rows.at(-1)!.row).toBe(40_001);
  });

  it('reads a file of one column, with no delimiter on any line, cell by cell', async () => {
    // 300,000 lines, in pieces of 512 KB.
    const text = ['MIS ID', ...Array.from({ length: 300_000 }, (_, i) => `L${i}`)].join('\n');
    const result = await readSpreadsheet(await files.bytes('one-column.csv', text));
    expect(result.table.headers).toEqual(['MIS ID']);
    expect(result.table.rows.length).toBe(300_000);
    const rows = result.table.rows as PackedRow[];
    const spans = new Int32Array(2 * 2);
    const texts = rows.map((row) => {
      const at = row.spansInto(spans)!;
      return at.slice(spans[0], spans[1]) + '|' + at.slice(spans[2], spans[3]);
    });
    expect([texts[0], texts[299_999], rows[123_456].cellAt(0), rows[123_456].cellAt(1), rows[5].cells]).toEqual(['L0|', 'L299999|', 'L123456', '', ['L5']]);
  });

  it('refuses an encoding it does not know', async () => {
    const path = await files.bytes('any.csv', names);
    await expect(readSpreadsheet(path, { encoding: 'klingon' })).rejects.toThrow(
      'any.csv: "klingon" is not a text encoding the importer knows. Choose utf-8, utf-16le, utf-16be or windows-1252.',
    );
  });
});

describe('text that is not all of one encoding, or not all there', () => {
  const header = 'First name,Last name,Email\r\n';
  const utf8Part = 'Siân,Jones,sian@example.com\r\n';
  const legacyPart = "Zoë,Smith,zoe@example.com\r\nSeán,O'Brien,sean@example.com\r\n";
  const mixed = () => Buffer.concat([Buffer.from(header + utf8Part, 'utf8'), iconv.encode(legacyPart, 'windows-1252')]);

  it('refuses a file with UTF-8 and Windows-1252 lines, naming the Windows-1252 ones', async () => {
    const error = await readSpreadsheet(await files.bytes('two-exports.csv', mixed())).catch((e) => e);
    expect(error).toBeInstanceOf(SpreadsheetError);
    expect(error).toMatchObject({ code: 'mixed-encodings', row: 3 });
    expect(error.message).toMatch(/^two-exports\.csv: Lines 3 and 4 are in Windows-1252 while the rest of the file is UTF-8/);
    expect(error.message).toMatch(/save it as UTF-8/);
  });

  it('reads such a file as the user says when they choose its encoding', async () => {
    const result = await readSpreadsheet(await files.bytes('two-exports-chosen.csv', mixed()), { encoding: 'windows-1252' });
    expect(cellsOf(result).map((c) => c[0])).toEqual(['SiÃ¢n', 'Zoë', 'Seán']);
  });

  it('still reads a Windows-1252 file whose accents happen to be few or many', async () => {
    const many = header + 'Éloïse,Müller-Lüdenscheidt,e@example.com\r\n'.repeat(200);
    const result = await readSpreadsheet(await files.bytes('ansi-many.csv', iconv.encode(many, 'windows-1252')));
    expect(result.table.rows).toHaveLength(200);
    expect(result.table.source.encoding).toBe('windows-1252');
  });

  it('refuses a UTF-16 file cut in the middle of a character, naming its last row', async () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(header + utf8Part + legacyPart, 'utf16le')]);
    const error = await readSpreadsheet(await files.bytes('unicode-cut.csv', bytes.subarray(0, bytes.length - 9))).catch((e) => e);
    expect(error).toMatchObject({ code: 'cut-short', row: 4 });
    expect(error.message).toMatch(/ends part-way through a character \(it is UTF-16 text\).*row 4, the last, may be incomplete/);
  });

  it('refuses a UTF-8 file cut in the middle of a character, rather than reading it all as Windows-1252', async () => {
    const bytes = Buffer.from(header + utf8Part + 'Zoë,Smith,zoe@example.com\r\nSeá', 'utf8');
    const error = await readSpreadsheet(await files.bytes('utf8-cut.csv', bytes.subarray(0, bytes.length - 1))).catch((e) => e);
    expect(error).toMatchObject({ code: 'cut-short' });
    expect(error.message).toMatch(/UTF-8 text/);
  });

  it('refuses a UTF-8 file with a BOM cut in the middle of a character', async () => {
    const bytes = Buffer.from('\uFEFF' + header + utf8Part + 'Seá', 'utf8');
    const error = await readSpreadsheet(await files.bytes('bom-cut.csv', bytes.subarray(0, bytes.length - 1))).catch((e) => e);
    expect(error).toMatchObject({ code: 'cut-short' });
  });

  it('reads a UTF-16 file that ends cleanly without a word', async () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(header + utf8Part, 'utf16le')]);
    const result = await readSpreadsheet(await files.bytes('unicode.csv', bytes));
    expect(cellsOf(result)[0][0]).toBe('Siân');
    expect(result.warnings).toEqual([]);
  });
});
