import { basename } from 'node:path';
import { buildTable } from './build-table';
import { fileByteSource, memoryByteSource, type ByteSource } from './byte-source';
import { joinAnd, SpreadsheetError, spreadsheetErrors } from './errors';
import { fileAccessError } from './file-access';
import { detectFileKind } from './file-kind';
import { readDelimitedText } from './read-delimited-text';
import { readIlr } from './read-ilr';
import { listWorkbookSheets, readWorkbook } from './read-workbook';
import { sheetHoldingTheList, sheetsLikeTheOneRead } from './sheet-choice';
import { defaultLimits, type ReadLimits, type ReadOptions, type ReadResult, type SheetInfo } from './types';

/**
 * Step 1 of the data's way through: a learner spreadsheet (XLSX, CSV, TSV or TXT, or the
 * ESFA's ILR XML file: see ./read-ilr) into a
 * Table of the texts the user sees in Excel. The file's bytes decide its format, not its
 * name. Every failure is a SpreadsheetError that names the file, says what is wrong and
 * what to do; nothing else escapes, and no partial table is ever returned.
 *
 * Decisions a caller may need to know:
 * - Row numbers are the ones Excel shows. A text file's record is one row even when a
 *   quoted value spans lines (`TableRow.line` keeps the physical line); rows with no
 *   content are left out but never renumber the rows after them.
 * - Cell text is kept as is, NBSP included (shared/'s normaliser trims per field); only
 *   a BOM is removed. Headers are tidied: NBSP, line breaks and runs of spaces become one
 *   space, trimmed. A column with data but no header is called "Column X" (with a warning);
 *   a column with neither is dropped, and the others keep their letters.
 * - Merged cells: Excel stores the value in the top-left cell only. A merged header names
 *   its first column; a merge down data rows gives its value to each row it spans, in its
 *   first column, as Excel shows it (said in a warning, see ./merged-cells).
 * - SheetInfo.rowCount counts rows with content, title block and header included.
 */
export { SpreadsheetError } from './errors';
export type { SpreadsheetErrorCode } from './errors';
export type { ReadLimits, ReadOptions, ReadResult, SheetInfo, SheetState } from './types';

export async function readSpreadsheet(filePath: string, options: ReadOptions = {}): Promise<ReadResult> {
  return readFrom(await openFile(filePath), options);
}

/** For browser-mode uploads, which arrive as bytes; `fileName` is only for messages and the extension. */
export async function readSpreadsheetBytes(bytes: Uint8Array, fileName: string, options: ReadOptions = {}): Promise<ReadResult> {
  return readFrom(memoryByteSource(bytes, fileName), options);
}

/** The workbook's sheets in tab order, hidden ones marked; [] for a text file. */
export async function listSheets(filePath: string, options: Pick<ReadOptions, 'limits'> = {}): Promise<SheetInfo[]> {
  const source = await openFile(filePath);
  const limits = { ...defaultLimits, ...options.limits };
  return guarded(source, async () => ((await checkKind(source, limits)) === 'zip' ? listWorkbookSheets(source, limits) : []));
}

async function openFile(filePath: string): Promise<ByteSource> {
  try {
    return await fileByteSource(filePath);
  } catch (error) {
    throw fileAccessError(basename(filePath), error) ?? spreadsheetErrors.notFound(basename(filePath), error);
  }
}

async function readFrom(source: ByteSource, options: ReadOptions): Promise<ReadResult> {
  const limits = { ...defaultLimits, ...options.limits };
  return guarded(source, async () => {
    const kind = await checkKind(source, limits);
    if (kind === 'xml') {
      const { table } = await readIlr(source, options, limits);
      return { table, sheets: [], headerRowGuessed: false, headerCandidates: [], warnings: [], hiddenRowCount: 0 };
    }
    if (kind === 'zip') {
      let workbook = await readWorkbook(source, options, limits);
      const better = options.sheet === undefined ? sheetHoldingTheList(workbook.sheets, workbook.heads, workbook.sheet) : undefined;
      if (better) {
        const first = workbook.sheet;
        workbook = await readWorkbook(source, { ...options, sheet: better.sheet }, limits);
        workbook.warnings.unshift(
          `Sheet "${better.sheet}" was read, not the first sheet "${first}": its header row names ${better.named} of the fields a learner list has, against ${better.namedByFirst}. Choose another sheet if that is wrong.`,
        );
      }
      if (options.sheet === undefined) {
        const alike = sheetsLikeTheOneRead(workbook.sheets, workbook.heads, workbook.sheet);
        if (alike.length > 0) workbook.warnings.push(otherSheetsWarning(workbook.sheet, alike));
      }
      const hidden = { rows: workbook.hiddenRows, read: options.includeHiddenRows === true };
      const built = buildTable({ file: source.name, format: 'xlsx', sheet: workbook.sheet }, workbook, options.headerRow, hidden, workbook.mergedCells);
      const { table, headerRowGuessed, headerCandidates, hiddenRowCount } = built;
      return { table, sheets: workbook.sheets, headerRowGuessed, headerCandidates, warnings: [...workbook.warnings, ...built.warnings], hiddenRowCount };
    }
    const text = await readDelimitedText(source, options, limits);
    const built = buildTable({ file: source.name, format: 'csv', encoding: text.encoding, delimiter: text.delimiter }, text, options.headerRow);
    const { table, headerRowGuessed, headerCandidates } = built;
    return { table, sheets: [], headerRowGuessed, headerCandidates, warnings: [...text.warnings, ...built.warnings], hiddenRowCount: 0 };
  });
}

/** What the file says of sheets laid out like the one read, which are not read. */
function otherSheetsWarning(read: string, alike: readonly string[]): string {
  const names = joinAnd(alike.map((name) => `"${name}"`));
  return `${alike.length === 1 ? 'Sheet' : 'Sheets'} ${names} ${alike.length === 1 ? 'has' : 'have'} the same columns as "${read}" and rows under them, but only "${read}" is read: import ${alike.length === 1 ? 'it' : 'each of them'} too, choosing the sheet.`;
}

const workbookExtensions = /\.(xlsx|xlsm|xltx|xltm)$/i;

/** Refuses what cannot be read; says whether the rest is a workbook ('zip'), an ILR ('xml') or text. */
async function checkKind(source: ByteSource, limits: ReadLimits): Promise<'zip' | 'xml' | 'text'> {
  // Its name says what it is; its bytes (a user name, padded) would pass for text.
  if (source.name.startsWith('~$') && source.size < 4096) throw spreadsheetErrors.excelOwnerFile(source.name);
  if (source.size > limits.maxFileBytes) throw spreadsheetErrors.fileTooLarge(source.name, source.size, limits.maxFileBytes);
  const kind = await detectFileKind(source);
  switch (kind) {
    case 'empty':
      throw spreadsheetErrors.emptyFile(source.name);
    case 'legacy-xls':
    case 'xml-2003':
      throw spreadsheetErrors.legacyXls(source.name);
    case 'encrypted':
      throw spreadsheetErrors.encrypted(source.name);
    case 'rights-protected':
      throw spreadsheetErrors.rightsProtected(source.name);
    case 'html':
      throw spreadsheetErrors.htmlPage(source.name);
    case 'binary':
      throw spreadsheetErrors.binary(source.name);
    case 'zip':
      return 'zip';
    case 'xml':
      return 'xml';
    case 'text':
      if (workbookExtensions.test(source.name)) throw spreadsheetErrors.textNamedXlsx(source.name);
      return 'text';
  }
}

/** Whatever goes wrong inside, the caller sees a SpreadsheetError, never a stack trace. */
async function guarded<T>(source: ByteSource, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof SpreadsheetError) throw error;
    throw fileAccessError(source.name, error) ?? spreadsheetErrors.unreadable(source.name, error);
  }
}
