import type { IlrSummary } from './ilr';

/**
 * A spreadsheet as the importer sees it: every cell as the text the user sees in
 * Excel, with enough of its source kept to name the sheet, row and column in every
 * message. Produced by `main/spreadsheet`, consumed by mapping and validation.
 */
export interface TableSource {
  /** The file's name as the user knows it (base name, not a full path). */
  file: string;
  /** `ilr`: the ESFA's ILR XML file, one row per learner read (see ./ilr). */
  format: 'csv' | 'xlsx' | 'ilr';
  /** XLSX: the sheet read. CSV: undefined. */
  sheet?: string;
  /** The header row's number as Excel shows it (1-based). */
  headerRow: number;
  /** CSV: the encoding the bytes were decoded with, e.g. 'utf-8', 'utf-16le', 'windows-1252'. */
  encoding?: string;
  /** CSV: the delimiter used, e.g. ',', ';', '\t', '|'. */
  delimiter?: string;
  /** ILR: what was read and what was left out. Rows are numbered by the learner's place in the file. */
  ilr?: IlrSummary;
}

export interface TableRow {
  /** The row's number as Excel shows it (1-based, counting the header and any title block). */
  row: number;
  /**
   * Text files only: the physical line the record starts on, for people who open the file
   * in a text editor. Differs from `row` after a quoted value that spans lines.
   */
  line?: number;
  /** One string per header, in header order; '' for an empty cell. Never undefined. */
  cells: string[];
}

export interface Table {
  source: TableSource;
  /** Header texts, trimmed, in column order. */
  headers: string[];
  /** Column letters as Excel shows them ('A', 'B', ... 'AA'), parallel to `headers`. */
  columns: string[];
  rows: TableRow[];
}

/** 'A' for 0, 'Z' for 25, 'AA' for 26: the column letter Excel shows. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let letters = '';
  while (n > 0) {
    const rem = (n - 1) % 26;
    letters = String.fromCharCode(65 + rem) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

/**
 * The name a header written again further along the header row is given, so every
 * column has a name of its own: "Email Address" in column O after column G's becomes
 * "Email Address (column O)" (see main/spreadsheet/build-table).
 */
export function repeatedHeaderName(header: string, letter: string): string {
  return `${header} (column ${letter})`;
}

/** A header as the file writes it: `repeatedHeaderName`'s " (column O)" taken off. */
export function headerAsWritten(header: string): string {
  return header.replace(/ \(column [A-Z]+\)$/, '');
}
