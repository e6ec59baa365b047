/**
 * What the Review screen shows besides the rows themselves: the file's problems grouped
 * by column and kind (each group jumps to its first cell), every OneFile record a name
 * can be resolved to, and the choices already made (shown in the grid, undoable).
 * Results of `./contract`'s listProblems, listReferenceOptions, listChoices...
 */

import type { CountsView, Severity } from './contract-types';

/** One kind of problem in one column: "Email Address: not an email address, 3 rows". */
export interface ProblemGroupView {
  /** Stable while the problem lasts: `${column}:${code}`. */
  key: string;
  /** The column index the problem is in; null for a problem with no column (a required field no column holds). */
  column: number | null;
  header: string;
  /** The OneFile field the column goes to. */
  fieldLabel: string | null;
  code: string;
  /** The kind in a few words: "not an email address", "no such class in OneFile". */
  kind: string;
  severity: Severity;
  rows: number;
  /** The first row's message, in full. */
  message: string;
  /** Where the first cell with this problem is: the row's index in the file (the grid's position with no filter) and its number. */
  first: { index: number; row: number };
  /** Set when every cell of the group holds the same text: one fix mends them all. */
  sameValue: string | null;
}

/** A OneFile record a name can be resolved to (the full list, besides the ranked suggestions). */
export interface ReferenceOptionView {
  id: string;
  name: string;
  /** What tells two records apart: MIS ID, email, standard. */
  detail?: string;
}

/** A name the user chose a OneFile record for, as Review shows it (with undo). */
export interface ChoiceView {
  field: string;
  fieldLabel: string;
  /** The file's text. */
  value: string;
  /** The OneFile record chosen, by name (or its ID when OneFile no longer has it). */
  name: string;
  id: string;
  /** A standard or unit the user left out: no OneFile record (`id` is ''). */
  leftOut?: boolean;
  /** Rows of the open file that hold this value. */
  rows: number;
}

/** After a cell is changed: other cells of its column that held the same text, which "fix all like this" would change too. */
export interface AlikeCellsView {
  column: number;
  from: string;
  to: string;
  rows: number;
}

export interface ReplaceResultView {
  changed: number;
  /** The rows whose cell was changed (each held `from`, so Review can take the change back). */
  indexes: number[];
  counts: CountsView;
}

/** "Find in the file": the next cell holding the text, and where it stands among all that do. */
export interface FoundCellView {
  /** The next cell after the one asked from (row by row, wrapping to the top; or the one before it, backwards), or null when no cell holds the text. */
  cell: { index: number; row: number; column: number } | null;
  /** Its place among the cells that hold the text, counted from the top (1-based); 0 when none. */
  ordinal: number;
  /** How many cells hold the text. */
  total: number;
}

/** Go To (Ctrl+G): the cell a row number or a cell reference names, or why there is none. */
export interface GoToCellView {
  /** The row (its index in the file and its number) and the column named (null: none was). */
  cell: { index: number; row: number; column: number | null } | null;
  /** Why no cell is found, in words: not a row number or reference, or no such row or column in the file. */
  problem: string | null;
}

/** After cells are pasted: the ones whose text changed, with their text before (a cell pasted with its own text is left as it was). */
export interface PasteResultView {
  changed: Array<{ index: number; column: number; before: string }>;
  counts: CountsView;
}

/** A column's values as Excel's filter drop-down lists them (see `columnValues`). */
export interface ColumnValuesView {
  /** Each value (as first met, spaces at either end left out; '' for the empty cell) and how many rows hold it. */
  values: Array<{ value: string; rows: number }>;
  /** How many values there are in all (those holding the search): more than `values` lists when there are many. */
  distinct: number;
}
