import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { inflateRawSync } from 'node:zlib';
import { readSpreadsheet, readSpreadsheetBytes, SpreadsheetError } from '../../main/spreadsheet';
import { SharedStringsGuard, SharedStringsOverLimit } from '../../main/spreadsheet/shared-strings-guard';
import { deflated, falseSizesWorkbook, fixtureFolder, minimalWorkbookParts, repetitiveDeflated, zipOfParts, type FixtureFolder } from './fixture-files';

/**
 * A workbook's zip states sizes; these tests give it false ones. The reader counts the
 * bytes each part really inflates to and stops at the first chunk past what the part
 * declared, refuses a part whose own header disagrees with the zip's directory, and caps
 * the shared strings exceljs would hold. (The same files' peak memory, measured in a
 * child process, is in test/reliability/bad-files.test.ts.)
 */

let files: FixtureFolder;
beforeAll(async () => {
  files = await fixtureFolder();
});
afterAll(() => files.remove());

const untrusted = 'If you trust where it came from, open it in Excel and save it as .xlsx (Excel Workbook) or .csv, then try again; otherwise ask the sender for a fresh export.';
const trim = 'Delete the sheets and columns you do not need, or split it into smaller files (for example one per cohort), then try again.';

async function failureOf(read: Promise<unknown>): Promise<SpreadsheetError> {
  const error = await read.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof SpreadsheetError)) throw new Error(`expected a SpreadsheetError, got ${String(error)}`);
  return error;
}

const sheetOf = (rows: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${rows}</sheetData></worksheet>`;
const sharedCell = (ref: string, index: number) => `<c r="${ref}" t="s"><v>${index}</v></c>`;
const sstOf = (items: string[]) => `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">${items.map((t) => `<si><t>${t}</t></si>`).join('')}</sst>`;

/** A workbook of shared strings, in Excel's order: the sheet before its shared strings. */
function sharedStringsWorkbook(texts: string[], sstXml = sstOf(texts)): Buffer {
  const rows = texts.map((_, i) => `<row r="${i + 1}">${sharedCell(`A${i + 1}`, i)}</row>`).join('');
  return zipOfParts([
    ...minimalWorkbookParts(sheetOf(rows)).map((part) => ({ name: part.name, ...deflated(Buffer.from(part.data)) })),
    { name: 'xl/sharedStrings.xml', ...deflated(Buffer.from(sstXml)) },
  ]);
}

describe('a zip bomb with false sizes', () => {
  it('the fixture is what it says: its deflated megabytes inflate to exactly the size it reports', () => {
    const part = repetitiveDeflated('<sst><si><t>', 'a', 8, '</t></si></sst>');
    const inflated = inflateRawSync(part.compressed);
    expect(inflated.length).toBe(part.size);
    expect(inflated.length).toBe(8 * 1024 * 1024 + '<sst><si><t></t></si></sst>'.length);
    expect(part.compressed.length).toBeLessThan(part.size / 1000);
  });

  it('3 MB whose shared strings declare 4 KB and inflate to 3 GB: refused at the first chunk past 4 KB', async () => {
    const bytes = falseSizesWorkbook(3 * 1024);
    expect(bytes.length).toBeGreaterThan(2.5 * 1024 * 1024);
    expect(bytes.length).toBeLessThan(3.5 * 1024 * 1024);
    const error = await failureOf(readSpreadsheet(await files.bytes('bomb.xlsx', bytes)));
    expect([error.code, error.message]).toEqual([
      'unreadable',
      `bomb.xlsx: Part of the workbook (xl/sharedStrings.xml) holds more than the 4 KB its zip says, which only damaged or malicious files do, so it was not opened further. ${untrusted}`,
    ]);
  });

  it('the same bomb uploaded in browser mode (bytes in memory)', async () => {
    const error = await failureOf(readSpreadsheetBytes(falseSizesWorkbook(1024), 'upload.xlsx'));
    expect(error.message).toMatch(/^upload\.xlsx: Part of the workbook \(xl\/sharedStrings\.xml\) holds more than the 4 KB its zip says/);
  });

  it('the same bomb written as a streaming zip writer does (sizes in a data descriptor)', async () => {
    const error = await failureOf(readSpreadsheet(await files.bytes('streamed-bomb.xlsx', falseSizesWorkbook(1024, { dataDescriptor: true }))));
    expect(error.message).toMatch(/holds more than the 4 KB its zip says/);
  });

  it('a part whose own header gives other sizes than the zip directory, before inflating anything', async () => {
    const error = await failureOf(readSpreadsheet(await files.bytes('two-sizes.xlsx', falseSizesWorkbook(1024, { localSize: 9_000 }))));
    expect([error.code, error.message]).toEqual([
      'unreadable',
      `two-sizes.xlsx: The workbook's zip describes one of its parts (xl/sharedStrings.xml) differently in two places (its size or how it is packed), which only damaged or malicious files do, so it was not opened. ${untrusted}`,
    ]);
  });

  it('a part that inflates to less than it declares is damaged', async () => {
    const parts = minimalWorkbookParts(sheetOf(`<row r="1"><c r="A1" t="inlineStr"><is><t>Forename</t></is></c></row>`));
    const bytes = zipOfParts(parts.map((part) => ({ name: part.name, ...deflated(Buffer.from(part.data)), ...(part.name.includes('sheet1') ? { declaredSize: 4_000 } : {}) })));
    const error = await failureOf(readSpreadsheet(await files.bytes('short.xlsx', bytes)));
    expect(error.message).toMatch(/^short\.xlsx: The workbook is damaged or in a form the importer cannot read\./);
  });

  it('a sheet damaged inside its compressed bytes, before the shared strings as Excel writes it: a message, not a read that never ends', async () => {
    const texts = Array.from({ length: 400 }, (_, i) => `Learner number ${i}`);
    const whole = sharedStringsWorkbook(texts);
    const sheetAt = whole.indexOf(Buffer.from('xl/worksheets/sheet1.xml')) + 'xl/worksheets/sheet1.xml'.length;
    for (let i = 40; i < 60; i++) whole[sheetAt + i] ^= 0xff;
    const error = await failureOf(readSpreadsheet(await files.bytes('damaged-sheet.xlsx', whole)));
    expect(error.message).toMatch(/^damaged-sheet\.xlsx: The workbook is damaged or in a form the importer cannot read\./);
  });

  it('reads the same workbook undamaged, its sheet before its shared strings', async () => {
    const { table } = await readSpreadsheet(await files.bytes('in-order.xlsx', sharedStringsWorkbook(['Forename', 'Amelia', 'Oliver'])));
    expect(table.headers).toEqual(['Forename']);
    expect(table.rows.map((r) => r.cells)).toEqual([['Amelia'], ['Oliver']]);
  });
});

describe('shared strings are capped by count and by length', () => {
  const texts = ['Forename', ...Array.from({ length: 10 }, (_, i) => `Learner ${i}`)];

  it('more distinct texts than the limit', async () => {
    const path = await files.bytes('many-texts.xlsx', sharedStringsWorkbook(texts));
    const error = await failureOf(readSpreadsheet(path, { limits: { maxSharedStrings: 10 } }));
    expect([error.code, error.message]).toEqual(['too-large', `many-texts.xlsx: The workbook holds more than 10 different texts, more than the importer reads safely. ${trim}`]);
    expect((await readSpreadsheet(path, { limits: { maxSharedStrings: 11 } })).table.rows).toHaveLength(10);
  });

  it('texts longer in all than the limit', async () => {
    const path = await files.bytes('long-texts.xlsx', sharedStringsWorkbook(texts));
    const error = await failureOf(readSpreadsheet(path, { limits: { maxSharedStringsLength: 50 } }));
    expect([error.code, error.message]).toEqual(['too-large', `long-texts.xlsx: The workbook's texts add up to more than 50 characters, more than the importer reads safely. ${trim}`]);
  });

  it('text hidden in CDATA counts too', async () => {
    const sst = `<sst><si><t><![CDATA[${'x'.repeat(5_000)}]]></t></si></sst>`;
    const path = await files.bytes('cdata.xlsx', sharedStringsWorkbook(['x'], sst));
    const error = await failureOf(readSpreadsheet(path, { limits: { maxSharedStringsLength: 4_000 } }));
    expect(error.message).toMatch(/texts add up to more than 4,000 characters/);
  });
});

describe('the shared-strings scanner', () => {
  const scan = (xml: string, chunk = xml.length) => {
    const guard = new SharedStringsGuard({ maxSharedStrings: 1e9, maxSharedStringsLength: 1e9 });
    const bytes = Buffer.from(xml);
    for (let at = 0; at < bytes.length; at += chunk) guard.push(bytes.subarray(at, at + chunk));
    return { strings: guard.strings, textBytes: guard.textBytes };
  };
  const xml = '<?xml version="1.0"?><sst count="3"><si><t>Amy</t></si><si/><si>\n<r><rPr><b/></rPr><t xml:space="preserve">Zoë &amp; Al</t></r></si><sx>no</sx><![CDATA[<si>]]></sst>';

  it('counts <si> start tags as exceljs does (not <sst>, </si> or text inside CDATA) and every byte of text', () => {
    expect(scan(xml)).toEqual({ strings: 3, textBytes: 'Amy'.length + 1 + Buffer.byteLength('Zoë &amp; Al') + 'no'.length + '<si>]]>'.length });
  });

  it('gives the same counts whatever the chunks', () => {
    for (const chunk of [1, 2, 3, 7]) expect(scan(xml, chunk)).toEqual(scan(xml));
  });

  it('stops as soon as a limit is passed', () => {
    const guard = new SharedStringsGuard({ maxSharedStrings: 2, maxSharedStringsLength: 1e9 });
    expect(() => guard.push(Buffer.from('<sst><si><t>a</t></si><si><t>b</t></si><si>'))).toThrow(SharedStringsOverLimit);
  });
});

describe('ordinary workbooks read as before', () => {
  it('the example workbook (sheet before shared strings, workbook last)', async () => {
    const { table } = await readSpreadsheet('examples/learners.xlsx');
    expect(table.rows).toHaveLength(25);
    expect(table.rows[0].cells.slice(0, 3)).toEqual(['BA24001', 'Amelia', 'Hughes']);
  });

  it('the example workbook from memory, as browser mode reads an upload', async () => {
    const { table } = await readSpreadsheetBytes(await readFile('examples/learners.xlsx'), 'learners.xlsx');
    expect(table.rows).toHaveLength(25);
  });
});
