import type { Table } from '../../shared/table';
import type { CollectedRows } from './row-collector';

/** How the caller may steer reading when detection guesses wrong. */
export interface ReadOptions {
  /** XLSX: the sheet to read. Default: the first visible sheet with data, or the one whose header row names far more fields (see ./sheet-choice). */
  sheet?: string;
  /** The header row's number as Excel shows it (1-based); overrides detection. */
  headerRow?: number;
  /** Text files: 'utf-8', 'utf-16le', 'utf-16be', 'windows-1252' or any iconv-lite name; overrides detection. */
  encoding?: string;
  /** Text files: the delimiter, e.g. ',', ';', '\t', '|'; overrides sniffing. */
  delimiter?: string;
  /** ILR files: read the learners whose apprenticeship has ended or was withdrawn too (left out by default). */
  includeEndedLearners?: boolean;
  /** XLSX: read the rows Excel hides (filtered out, hidden by hand, folded in a group) too (left out by default). */
  includeHiddenRows?: boolean;
  /** Safety limits; tests lower them, users never need to. */
  limits?: Partial<ReadLimits>;
}

/**
 * What the importer refuses to read, so a mistaken or hostile file fails fast with
 * advice instead of exhausting memory. Excel itself stops at 1,048,576 rows.
 */
export interface ReadLimits {
  /** Largest file accepted, in bytes. */
  maxFileBytes: number;
  /** Most rows in the sheet (or records in a text file) that is read. */
  maxRows: number;
  /** Most columns in any row. */
  maxColumns: number;
  /** XLSX: most bytes all the workbook's parts may expand to, per its zip directory. */
  maxUncompressedBytes: number;
  /** XLSX: a part larger than `bombMinBytes` that expands more than this many times is refused as a zip bomb. */
  bombRatio: number;
  bombMinBytes: number;
  /** XLSX: most shared strings (the distinct texts exceljs keeps in memory for the sheets). */
  maxSharedStrings: number;
  /** XLSX: most characters all the shared strings may hold together. */
  maxSharedStringsLength: number;
}

export const defaultLimits: ReadLimits = {
  maxFileBytes: 200 * 1024 * 1024,
  maxRows: 1_000_000,
  maxColumns: 5_000,
  maxUncompressedBytes: 2 * 1024 * 1024 * 1024,
  bombRatio: 250,
  bombMinBytes: 50 * 1024 * 1024,
  // A learners list of a million rows has a few million distinct texts of a few dozen
  // characters; these stop a workbook whose texts alone would take gigabytes.
  maxSharedStrings: 5_000_000,
  maxSharedStringsLength: 100_000_000,
};

export type SheetState = 'visible' | 'hidden' | 'veryHidden';

export interface SheetInfo {
  name: string;
  /** True for both 'hidden' (Unhide lists it) and 'veryHidden' (only VBA can show it). */
  hidden: boolean;
  state: SheetState;
  /** Rows with any content, counting a header and any title block; 0 for an empty sheet. */
  rowCount: number;
}

export interface ReadResult {
  table: Table;
  /** Every sheet in tab order; [] for a text file. */
  sheets: SheetInfo[];
  /**
   * True when detection had to judge: the header row is not the first row with content
   * (a title block was skipped), or no row looked like a header and the first was taken.
   * False when the caller gave `headerRow`, or the first row with content is plainly a header.
   */
  headerRowGuessed: boolean;
  /** Other rows (Excel numbers) that could be the header row, for a picker; may be []. */
  headerCandidates: number[];
  /** Things the user should know that did not stop the read (each a full sentence). */
  warnings: string[];
  /** XLSX: rows under the header that Excel hides, left out or (`includeHiddenRows`) read; 0 for other files. */
  hiddenRowCount: number;
}

/** What a cell held, as far as header detection cares. */
export type CellKind = 'empty' | 'text' | 'number' | 'date' | 'boolean';

/**
 * One row with content, before the header is known, as header detection sees it.
 * `kinds` is kept only for the first rows (where the header can be); text files leave
 * it out and kinds are inferred.
 */
export interface RawRow {
  /** The row's number as Excel shows it. */
  row: number;
  /** Text files: the physical line the record starts on (differs from `row` after a quoted newline). */
  line?: number;
  cells: string[];
  kinds?: CellKind[];
}

/** What a format reader hands to table building: its rows, packed as it read them. */
export interface RawSheet extends CollectedRows {
  warnings: string[];
}
