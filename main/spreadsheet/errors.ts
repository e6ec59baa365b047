/**
 * Every way a spreadsheet can fail to read, worded for the person who has to fix the
 * file: what is wrong, then what to do. The message never carries a stack trace.
 */
export type SpreadsheetErrorCode =
  | 'empty-file'
  | 'header-only'
  | 'legacy-xls'
  | 'encrypted'
  | 'not-xlsx'
  | 'binary'
  | 'broken-quotes'
  | 'duplicate-headers'
  | 'no-sheet'
  | 'empty-sheet'
  | 'unknown-sheet'
  | 'bad-header-row'
  | 'unknown-encoding'
  | 'mixed-encodings'
  | 'cut-short'
  | 'too-large'
  | 'not-found'
  /** The file is there but this user or another program keeps it from being read. */
  | 'no-access'
  /** A folder was chosen, not a file. */
  | 'not-a-file'
  /** The drive or network folder holding the file stopped answering while it was read. */
  | 'read-interrupted'
  /** An XML file that is not an ILR (see ./ilr-errors). */
  | 'not-ilr'
  /** XML with a DTD or entity: refused, never expanded. */
  | 'unsafe-xml'
  | 'malformed-xml'
  | 'unreadable';

export interface SpreadsheetErrorInit {
  file: string;
  code: SpreadsheetErrorCode;
  problem: string;
  hint: string;
  sheet?: string;
  row?: number;
  column?: string;
  cause?: unknown;
}

export class SpreadsheetError extends Error {
  readonly file: string;
  readonly sheet?: string;
  readonly row?: number;
  readonly column?: string;
  /** What is wrong, as a sentence. */
  readonly problem: string;
  /** What to do about it, as a sentence. */
  readonly hint: string;
  readonly code: SpreadsheetErrorCode;

  constructor(init: SpreadsheetErrorInit) {
    super(`${init.file}: ${init.problem} ${init.hint}`, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'SpreadsheetError';
    this.file = init.file;
    this.sheet = init.sheet;
    this.row = init.row;
    this.column = init.column;
    this.problem = init.problem;
    this.hint = init.hint;
    this.code = init.code;
  }
}

const saveAsAdvice = 'Open it in Excel and save it as .xlsx (Excel Workbook) or .csv, then try again.';
/** For a file that may have been made to harm: Excel can repair a damaged one, and a sender can export again. */
const untrustedAdvice = 'If you trust where it came from, open it in Excel and save it as .xlsx (Excel Workbook) or .csv, then try again; otherwise ask the sender for a fresh export.';
const splitAdvice = 'Split it into smaller files (for example one per cohort) and import them one after another.';
const trimAdvice = 'Delete the sheets and columns you do not need, or split it into smaller files (for example one per cohort), then try again.';

/** `Sheet "Learners" has` for workbooks, `The file has` for text files. */
function owner(sheet: string | undefined): string {
  return sheet === undefined ? 'The file' : `Sheet "${sheet}"`;
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-GB');
}

export function formatMegabytes(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  const mb = bytes / (1024 * 1024);
  return mb >= 1024 ? `${(mb / 1024).toFixed(1)} GB` : `${Math.round(mb)} MB`;
}

/** Factories, one per failure, so the wording lives in one place and tests can quote it. */
export const spreadsheetErrors = {
  emptyFile: (file: string) =>
    new SpreadsheetError({
      file,
      code: 'empty-file',
      problem: 'The file is empty.',
      hint: 'Choose the file that holds your learners, or export it again from your MIS.',
    }),
  headerOnly: (file: string, headerRow: number, sheet?: string) =>
    new SpreadsheetError({
      file,
      sheet,
      row: headerRow,
      code: 'header-only',
      problem: `${owner(sheet)} has a header row (row ${headerRow}) but no rows of data below it.`,
      hint: 'Add the learners under the header row, or choose the file or sheet that holds them.',
    }),
  legacyXls: (file: string) =>
    new SpreadsheetError({
      file,
      code: 'legacy-xls',
      problem: 'This is an old-style Excel 97-2003 workbook (.xls), which the importer cannot read.',
      hint: saveAsAdvice,
    }),
  encrypted: (file: string) =>
    new SpreadsheetError({
      file,
      code: 'encrypted',
      problem: 'This workbook is protected with a password, so it cannot be read.',
      hint: 'Open it in Excel, remove the password (File > Info > Protect Workbook > Encrypt with Password), save it, then try again.',
    }),
  rightsProtected: (file: string) =>
    new SpreadsheetError({
      file,
      code: 'encrypted',
      problem: 'This workbook is encrypted by a sensitivity label or rights management (such as "Confidential"), so only Office, signed in as you, can open it.',
      hint: 'Open it in Excel and save a copy as CSV UTF-8 (File > Save a Copy), or ask for a label without encryption, then choose that copy.',
    }),
  textNamedXlsx: (file: string) =>
    new SpreadsheetError({
      file,
      code: 'not-xlsx',
      problem: 'The file is named like an Excel workbook but holds plain text.',
      hint: 'If it is a CSV export, rename it to end in .csv; otherwise open it in Excel and save it as .xlsx (Excel Workbook), then try again.',
    }),
  zipNotXlsx: (file: string) =>
    new SpreadsheetError({
      file,
      code: 'not-xlsx',
      problem: 'This is a zip file, not an Excel workbook.',
      hint: 'Unzip it and choose the .xlsx or .csv file inside, or open it in Excel and save it as .xlsx (Excel Workbook), then try again.',
    }),
  openDocument: (file: string) =>
    new SpreadsheetError({
      file,
      code: 'not-xlsx',
      problem: 'This is an OpenDocument spreadsheet (.ods), not an Excel workbook.',
      hint: 'Open it in LibreOffice or Excel and save it as .xlsx (Excel Workbook) or .csv, then try again.',
    }),
  htmlPage: (file: string) =>
    new SpreadsheetError({
      file,
      code: 'not-xlsx',
      problem: 'This file is a web page (HTML), not a spreadsheet, even if Excel can open it.',
      hint: saveAsAdvice,
    }),
  binary: (file: string) =>
    new SpreadsheetError({
      file,
      code: 'binary',
      problem: 'This file holds binary data: it is neither an Excel workbook (.xlsx) nor a text file such as .csv.',
      hint: 'Choose the .xlsx or .csv file that holds your learners.',
    }),
  /** `~$learners.xlsx`: the small file Excel (and Word) keep beside a workbook while it is open, naming who has it open. */
  excelOwnerFile: (file: string) =>
    new SpreadsheetError({
      file,
      code: 'binary',
      problem: `This is the small file Excel keeps beside a workbook while someone has it open (it names who), not the workbook.`,
      hint: `Choose ${file.slice(2)} itself, in the same folder.`,
    }),
  brokenQuotes: (file: string, row: number, line: number) =>
    new SpreadsheetError({
      file,
      row,
      code: 'broken-quotes',
      problem: `Row ${row} opens a quoted value (") that is never closed, so the rest of the file would run into one cell.`,
      hint: `Open the file in a text editor, close or remove the stray quote on line ${line}, then try again.`,
    }),
  duplicateHeaders: (file: string, header: string, columns: string[], sheet?: string) =>
    new SpreadsheetError({
      file,
      sheet,
      column: columns[0],
      code: 'duplicate-headers',
      problem: `${owner(sheet)} has the column header "${header}" more than once: columns ${joinAnd(columns)}.`,
      hint: 'Rename or delete one of them so each column has its own header, then try again.',
    }),
  noVisibleSheet: (file: string, hiddenWithData: string[]) =>
    new SpreadsheetError({
      file,
      code: 'no-sheet',
      problem: 'The workbook has no visible sheet with any data.',
      hint:
        hiddenWithData.length > 0
          ? `The data may be on a hidden sheet (${hiddenWithData.map((s) => `"${s}"`).join(', ')}): unhide it in Excel (right-click a sheet tab > Unhide) or choose it by name, then try again.`
          : 'Choose the workbook that holds your learners, or add them to its first sheet and save it, then try again.',
    }),
  emptySheet: (file: string, sheet: string) =>
    new SpreadsheetError({
      file,
      sheet,
      code: 'empty-sheet',
      problem: `Sheet "${sheet}" is empty.`,
      hint: 'Choose the sheet that holds your learners.',
    }),
  unknownSheet: (file: string, sheet: string, sheets: { name: string; hidden: boolean }[]) =>
    new SpreadsheetError({
      file,
      sheet,
      code: 'unknown-sheet',
      problem: `The workbook has no sheet called "${sheet}".`,
      hint: `Choose one of its sheets: ${sheets.map((s) => `"${s.name}"${s.hidden ? ' (hidden)' : ''}`).join(', ')}.`,
    }),
  emptyHeaderRow: (file: string, row: number, sheet?: string) =>
    new SpreadsheetError({
      file,
      sheet,
      row,
      code: 'bad-header-row',
      problem: `Row ${row} is empty, so it cannot be the header row.`,
      hint: 'Choose the row that holds the column headers.',
    }),
  unknownEncoding: (file: string, encoding: string) =>
    new SpreadsheetError({
      file,
      code: 'unknown-encoding',
      problem: `"${encoding}" is not a text encoding the importer knows.`,
      hint: 'Choose utf-8, utf-16le, utf-16be or windows-1252.',
    }),
  mixedEncodings: (file: string, lines: number[], count: number) =>
    new SpreadsheetError({
      file,
      row: lines[0],
      code: 'mixed-encodings',
      problem:
        `${count === 1 ? `Line ${lines[0]} is` : `Lines ${joinAnd(lines.slice(0, 5).map(String))}${count > 5 ? ` and ${formatCount(count - 5)} more` : ''} are`} ` +
        'in Windows-1252 while the rest of the file is UTF-8 (probably two exports put together), so some names would come out garbled whichever way it is read.',
      hint:
        'Open the file in a text editor, save it as UTF-8, and check the accented names on those lines; or, if the whole file is Windows-1252, choose that encoding (Encoding on the Load screen, or --encoding windows-1252).',
    }),
  cutShort: (file: string, lastRow: number | undefined, encoding: string) =>
    new SpreadsheetError({
      file,
      row: lastRow,
      code: 'cut-short',
      problem: `The file ends part-way through a character (it is ${encoding} text), so it was cut short when it was copied, saved or downloaded: rows may be missing${lastRow ? `, and row ${lastRow}, the last, may be incomplete` : ''}.`,
      hint: 'Export or copy the file again in full, then try again.',
    }),
  fileTooLarge: (file: string, bytes: number, limit: number) =>
    new SpreadsheetError({
      file,
      code: 'too-large',
      problem: `The file is ${formatMegabytes(bytes)}, more than the ${formatMegabytes(limit)} the importer reads.`,
      hint: splitAdvice,
    }),
  tooManyRows: (file: string, limit: number, sheet?: string) =>
    new SpreadsheetError({
      file,
      sheet,
      code: 'too-large',
      problem: `${owner(sheet)} has more than ${formatCount(limit)} rows.`,
      hint: splitAdvice,
    }),
  tooManyColumns: (file: string, row: number, limit: number, sheet?: string) =>
    new SpreadsheetError({
      file,
      sheet,
      row,
      code: 'too-large',
      problem: `Row ${row} has more than ${formatCount(limit)} columns.`,
      hint: 'Delete the columns you do not need (or export only the learner columns), save, then try again.',
    }),
  /** `length` undefined: the reading stopped as soon as the cell passed the limit. */
  cellTooLong: (file: string, row: number, column: string, length: number | undefined, limit: number, sheet?: string) =>
    new SpreadsheetError({
      file,
      sheet,
      row,
      column,
      code: 'too-large',
      problem:
        `The cell in row ${row}, column ${column} holds ` +
        (length === undefined ? `more than the ${formatCount(limit)} characters` : `${formatCount(length)} characters, more than the ${formatCount(limit)}`) +
        ' a spreadsheet cell can hold, so the file is damaged or not a learners list.',
      hint: 'Open the file, shorten or clear that cell, save, then try again.',
    }),
  zipBomb: (file: string, expandedBytes: number) =>
    new SpreadsheetError({
      file,
      code: 'too-large',
      problem: `The workbook would expand to ${formatMegabytes(expandedBytes)} when opened, more than the importer reads safely.`,
      hint: 'Open it in Excel, delete unused sheets, rows and columns, save it, then try again.',
    }),
  noPermission: (file: string, cause: unknown) =>
    new SpreadsheetError({
      file,
      cause,
      code: 'no-access',
      problem: 'You do not have permission to open the file.',
      hint: 'Copy it into a folder of your own (Documents, say) and choose the copy, or ask whoever manages the folder it is in for access.',
    }),
  lockedByAnotherProgram: (file: string, cause: unknown) =>
    new SpreadsheetError({
      file,
      cause,
      code: 'no-access',
      problem: 'Another program has the file open and locked (often Excel, or a sync client such as OneDrive).',
      hint: 'Close the file in that program, or save a copy of it and choose the copy, then try again.',
    }),
  folder: (file: string, cause?: unknown) =>
    new SpreadsheetError({
      file,
      cause,
      code: 'not-a-file',
      problem: 'This is a folder, not a file.',
      hint: 'Open the folder and choose the .xlsx or .csv file in it that holds your learners.',
    }),
  readInterrupted: (file: string, cause: unknown) =>
    new SpreadsheetError({
      file,
      cause,
      code: 'read-interrupted',
      problem: 'The file could not be read to the end: the drive or network folder it is on stopped answering. Nothing was imported from it.',
      hint: 'If it is on a network drive or in a cloud folder (OneDrive, SharePoint), copy it to this computer, choose the copy, and try again.',
    }),
  notFound: (file: string, cause: unknown) =>
    new SpreadsheetError({
      file,
      cause,
      code: 'not-found',
      problem: 'The file could not be opened; it may have been moved, renamed or deleted.',
      hint: 'Check the file is where you chose it from and that you can open it, then try again.',
    }),
  packedTooTightly: (file: string, compressedBytes: number, expandedBytes: number) =>
    new SpreadsheetError({
      file,
      code: 'too-large',
      problem: `Part of the workbook would expand from ${formatMegabytes(compressedBytes)} to ${formatMegabytes(expandedBytes)} when opened, which only damaged or malicious files do.`,
      hint: saveAsAdvice,
    }),
  /** The zip's sizes are claims; a part that inflates past its claim is stopped there. */
  falseSizes: (file: string, part: string, declaredBytes: number, cause?: unknown) =>
    new SpreadsheetError({
      file,
      cause,
      code: 'unreadable',
      problem: `Part of the workbook (${part}) holds more than the ${formatMegabytes(declaredBytes)} its zip says, which only damaged or malicious files do, so it was not opened further.`,
      hint: untrustedAdvice,
    }),
  zipSizesDisagree: (file: string, part: string, cause?: unknown) =>
    new SpreadsheetError({
      file,
      cause,
      code: 'unreadable',
      problem: `The workbook's zip describes one of its parts (${part}) differently in two places (its size or how it is packed), which only damaged or malicious files do, so it was not opened.`,
      hint: untrustedAdvice,
    }),
  partTooLarge: (file: string, part: string, expandedBytes: number, limit: number) =>
    new SpreadsheetError({
      file,
      code: 'too-large',
      problem: `Part of the workbook (${part}) would expand to ${formatMegabytes(expandedBytes)} when opened, more than the ${formatMegabytes(limit)} the importer reads safely.`,
      hint: 'Open it in Excel, delete unused sheets, rows, columns and cell styles, save it, then try again.',
    }),
  tooManySharedStrings: (file: string, limit: number) =>
    new SpreadsheetError({
      file,
      code: 'too-large',
      problem: `The workbook holds more than ${formatCount(limit)} different texts, more than the importer reads safely.`,
      hint: trimAdvice,
    }),
  sharedStringsTooLong: (file: string, limit: number) =>
    new SpreadsheetError({
      file,
      code: 'too-large',
      problem: `The workbook's texts add up to more than ${formatCount(limit)} characters, more than the importer reads safely.`,
      hint: trimAdvice,
    }),
  unreadable: (file: string, cause: unknown, sheet?: string) =>
    new SpreadsheetError({
      file,
      sheet,
      cause,
      code: 'unreadable',
      problem: 'The workbook is damaged or in a form the importer cannot read.',
      hint: saveAsAdvice,
    }),
};

/** 'A', 'A and B', 'A, B and C'. */
export function joinAnd(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
