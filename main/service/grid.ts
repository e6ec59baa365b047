import type { CellIssueView, CountsView, GridRowView, RowFilter, RowSort, RowsPage, ValueFilter } from '../../shared/contract-types';
import type { ColumnValuesView } from '../../shared/contract-review-types';
import { cellEdits, columnOfField, editedColumnsOf, fileIssues, type Workbook } from './workbook';
import type { References } from './references';
import { cellNotes } from './cell-notes';
import { isToBeCreated, referenceProblem, type CreateMissing, type ReferenceField } from '../import';
import { dataEdge } from '../../shared/data-edge';
import { learnerEmailIssue, withLearnerEmailWords, type LearnerEmailReading } from '../../shared/learner-email';
import type { FileIssue } from '../../shared/validate';
import { cellOf } from '../../shared/packed-row';
import { fieldDefinition } from '../../shared/fields';
import { readMappedValue } from '../../shared/mapped-rows';
import { cellTests, valueFilterId, valueFilterKey } from '../../shared/value-filter';

/**
 * The review grid's rows as the view pages through them: each row's cells with its
 * validation issues and unresolved references placed on their columns. Filtering
 * walks the rows once per change (the view asks for a page at a time, so the walk's
 * result is kept until the next edit).
 */

/** A row as Review's grid shows it; `reading` is whether this OneFile needs a new learner's email (its blank cell says so). */
export function rowView(workbook: Workbook, references: References | null, index: number, creating: CreateMissing, reading: LearnerEmailReading | undefined): GridRowView {
  const tableRow = workbook.table.rows[index];
  const issues: CellIssueView[] = workbook.validation.issuesFor(index).map((issue) => {
    const at = issue.column ? workbook.table.columns.indexOf(issue.column) : -1;
    return withLearnerEmailWords({ column: at >= 0 ? at : null, severity: issue.severity, code: issue.code, message: issue.message }, reading);
  });
  for (const issue of references?.issues.get(index) ?? []) {
    const { severity, code, message } = referenceProblem(issue, workbook.validation.rows[index], creating);
    issues.push({ column: columnOfField(workbook, issue.field), severity, code, message });
  }
  const status = issues.some((i) => i.severity === 'error') ? 'error' : issues.length > 0 ? 'warning' : 'valid';
  const nameOf = references ? (field: ReferenceField, id: string) => references.resolver.nameOf(field, id) : null;
  const cells = [...tableRow.cells];
  const edited = editedColumnsOf(workbook, index, cells);
  return { index, row: tableRow.row, cells, status, issues, ...cellNotes(workbook, nameOf, index), ...(edited.length > 0 ? { edited } : {}) };
}

interface RowFlags {
  error: boolean;
  warning: boolean;
  unresolved: boolean;
}

function flagsOf(workbook: Workbook, references: References | null, index: number, creating: CreateMissing): RowFlags {
  const { error, warning } = workbook.validation.severitiesOf(index);
  const issues = references?.issues.get(index);
  if (!issues) return { error, warning, unresolved: false };
  // A class or placement the import is asked to create is resolved that way: worth a look, not an error.
  const created = issues.filter((issue) => isToBeCreated(issue, creating)).length;
  const unresolved = issues.length > created;
  return { error: unresolved || error, warning: warning || created > 0, unresolved };
}

function matches(flags: RowFlags, filter: RowFilter): boolean {
  switch (filter) {
    case 'all':
      return true;
    case 'errors':
      return flags.error;
    case 'warnings':
      // The ready rows worth a look: a row with an error is an error's row, whatever else it has.
      return flags.warning && !flags.error;
    case 'unresolved':
      return flags.unresolved;
    case 'valid':
      return !flags.error;
  }
}


/** A to Z as Excel sorts a filter's values: case aside, numbers by their value (Employer 2 before Employer 10). */
const AtoZ = new Intl.Collator('en-GB', { numeric: true, sensitivity: 'base' });

/** A column's values with their rows' count, as a value filter compares them (see `GridIndex.columnValues`). */
type CountedValue = ColumnValuesView['values'][number] & { key: string };

/** A sort as the grid's caches know it, with the sorts before it that order each value's rows. */
function sortKey(sort: RowSort): string {
  return [sort, ...(sort.earlier ?? [])].map((level) => `${level.column}\u0002${level.descending ? 'Z' : 'A'}\u0002${level.version}`).join('\u0003');
}

/** The sort chosen before this one (itself ordered by the ones before it), or null: the file's order. */
function earlierSort(sort: RowSort): RowSort | null {
  const [before, ...rest] = sort.earlier ?? [];
  return before === undefined ? null : { ...before, earlier: rest };
}

/** The file's rows in a sort's order (by index), and each row's place in it once asked for. */
interface SortedRows {
  order: Int32Array;
  places: Int32Array | undefined;
}

/** Row flags, computed once per version of the data and reused for every page and count. */
export class GridIndex {
  private flags: RowFlags[] | null = null;
  /** The rows each filter (and value filter) lists, by the filter (and the value filter's `valueFilterId`). */
  private filtered = new Map<string, number[]>();
  /**
   * The file's rows in a column's order (by index), as each sort was asked for: kept over
   * edits (a sort is taken when asked, as Excel's; see RowSort), by the column, the way and
   * the version.
   */
  private orders = new Map<string, SortedRows>();
  /** Each column's values over the rows a filter lists, sorted, by the filter, the column and the other columns' value filters. */
  private counted = new Map<string, CountedValue[]>();

  constructor(
    private readonly workbook: Workbook,
    private readonly references: () => References | null,
    /** The classes and placements ticked in Review to be created by the import (see ./create-missing). */
    private readonly creating: () => CreateMissing,
    /** What this computer remembers of whether the OneFile connected to creates a learner without an email. */
    private readonly learnerEmail: () => LearnerEmailReading | undefined = () => undefined,
  ) {}

  /** The row at `index` as the grid shows it. */
  row(index: number): GridRowView {
    return rowView(this.workbook, this.references(), index, this.creating(), this.learnerEmail());
  }

  /** Forget everything (the mapping or the directory changed). */
  invalidate(): void {
    this.flags = null;
    this.orders.clear();
    this.filtered.clear();
    this.counted.clear();
  }

  /** Only these rows changed (an edit, a resolved value). */
  update(indexes: Iterable<number>): void {
    if (!this.flags) return;
    for (const index of indexes) this.flags[index] = flagsOf(this.workbook, this.references(), index, this.creating());
    this.filtered.clear();
    this.counted.clear();
  }

  private allFlags(): RowFlags[] {
    if (!this.flags) {
      const [references, creating] = [this.references(), this.creating()];
      this.flags = this.workbook.table.rows.map((_row, index) => flagsOf(this.workbook, references, index, creating));
    }
    return this.flags;
  }

  /** The rows, by index, the filter and the value filter list, in the sort's order; null for every row of the file, in its order. */
  private indexes(filter: RowFilter, where: ValueFilter | null = null, sort: RowSort | null = null): number[] | null {
    const tests = cellTests(where);
    if (filter === 'all' && tests.length === 0 && sort === null) return null;
    const key = `${filter}\u0001${valueFilterId(where)}\u0001${sort === null ? '' : sortKey(sort)}`;
    let list = this.filtered.get(key);
    if (!list) {
      list = [];
      const { rows } = this.workbook.table;
      const flags = filter === 'all' ? null : this.allFlags();
      const order = sort === null ? null : this.order(sort);
      rows: for (let place = 0; place < rows.length; place++) {
        const index = order === null ? place : order[place];
        if (flags && !matches(flags[index], filter)) continue;
        for (const test of tests) if (!test.passes(cellOf(rows[index], test.column))) continue rows;
        list.push(index);
      }
      this.filtered.set(key, list);
    }
    return list;
  }

  /**
   * A column mapped to a date (date of birth, start date...): each distinct text's day as
   * the importer reads it (ISO, so it sorts as text), for those that read as one; the file
   * writes dates as text, 03/04/2001, whose order as text is not the days'. Undefined for
   * other columns.
   */
  private datesOf(column: number, keys: readonly string[], textOf: (key: string) => string): Map<string, string> | undefined {
    const field = this.workbook.mapping.columns.find((each) => each.index === column)?.field;
    if (!field || fieldDefinition(field).type !== 'date') return undefined;
    const days = new Map<string, string>();
    for (const key of keys) {
      const { value } = readMappedValue(field, textOf(key), this.workbook.context);
      if (/^\d{4}-\d{2}-\d{2}/.test(value)) days.set(key, value);
    }
    return days;
  }

  /**
   * A column's distinct values (their `valueFilterKey`s, each shown as `textOf` gives it), A
   * to Z as Excel sorts a column: numbers by their value, a date column's by the day each
   * names (see `datesOf`) before the texts that are no date, the empty value last. The
   * sort and the values list both order by it, so the list reads as the sort would.
   */
  private inOrder(column: number, keys: readonly string[], textOf: (key: string) => string): string[] {
    const dates = this.datesOf(column, keys, textOf);
    const distinct = keys.filter((each) => each !== '');
    distinct.sort((a, b) => {
      const [dateA, dateB] = [dates?.get(a), dates?.get(b)];
      if (dateA !== undefined || dateB !== undefined) {
        if (dateA === undefined) return 1;
        if (dateB === undefined) return -1;
        if (dateA !== dateB) return dateA < dateB ? -1 : 1;
      }
      return AtoZ.compare(textOf(a), textOf(b)) || (a < b ? -1 : a > b ? 1 : 0);
    });
    if (distinct.length < keys.length) distinct.push('');
    return distinct;
  }

  /**
   * The file's rows in the column's order (see RowSort): each distinct value placed once
   * (`inOrder`, reversed for Z to A with the empty cells still last), then the rows by
   * their value's place, a value's rows in the order the sort before put them in (its
   * `earlier`), else in the file's order.
   */
  private order(sort: RowSort): Int32Array {
    return this.sorted(sort).order;
  }

  /** The sort's order (see `order`), kept with the rows' places under it once asked for (see `ranks`). */
  private sorted(sort: RowSort): SortedRows {
    const key = sortKey(sort);
    let sorted = this.orders.get(key);
    if (!sorted) {
      const { rows } = this.workbook.table;
      const keys: string[] = new Array(rows.length);
      const shown = new Map<string, string>();
      for (let index = 0; index < rows.length; index++) {
        const text = cellOf(rows[index], sort.column);
        const found = valueFilterKey(text);
        keys[index] = found;
        if (!shown.has(found)) shown.set(found, text.trim());
      }
      const distinct = this.inOrder(sort.column, [...shown.keys()], (each) => shown.get(each)!).filter((each) => each !== '');
      if (sort.descending) distinct.reverse();
      const rank = new Map<string, number>(distinct.map((each, place) => [each, place]));
      const empty = distinct.length;
      const ranks = new Int32Array(rows.length);
      for (let index = 0; index < rows.length; index++) ranks[index] = rank.get(keys[index]) ?? empty;
      const before = earlierSort(sort);
      const placeBefore = before === null ? null : this.ranks(before);
      const tie = placeBefore === null ? (a: number, b: number) => a - b : (a: number, b: number) => placeBefore[a] - placeBefore[b];
      sorted = { order: Int32Array.from(rows.keys()).sort((a, b) => ranks[a] - ranks[b] || tie(a, b)), places: undefined };
      // Only the latest few sorts are kept: an older one is asked for again only by a grid not yet redrawn.
      if (this.orders.size >= 4) this.orders.delete(this.orders.keys().next().value!);
      this.orders.set(key, sorted);
    }
    return sorted;
  }

  /**
   * Each row's place (by index) in the file's rows under the sort: where `order` puts it.
   * Made once per sort (Find Next asks for it at every press).
   */
  ranks(sort: RowSort): Int32Array {
    const sorted = this.sorted(sort);
    if (!sorted.places) {
      const { order } = sorted;
      sorted.places = new Int32Array(order.length);
      for (let place = 0; place < order.length; place++) sorted.places[order[place]] = place;
    }
    return sorted.places;
  }

  page(filter: RowFilter, offset: number, limit: number, where: ValueFilter | null = null, sort: RowSort | null = null): RowsPage {
    const list = this.indexes(filter, where, sort);
    if (list === null) {
      const total = this.workbook.table.rows.length;
      const rows: GridRowView[] = [];
      for (let i = offset; i < Math.min(total, offset + limit); i++) rows.push(this.row(i));
      return { total, offset, rows };
    }
    return { total: list.length, offset, rows: list.slice(offset, offset + limit).map((i) => this.row(i)) };
  }

  /** Where the row at `index` stands among the rows the filters list, in the sort's order; null where they do not list it. */
  positionOf(index: number, filter: RowFilter, where: ValueFilter | null = null, sort: RowSort | null = null): number | null {
    const list = this.indexes(filter, where, sort);
    if (list === null) return index < this.workbook.table.rows.length ? index : null;
    const position = list.indexOf(index);
    return position < 0 ? null : position;
  }

  /**
   * Where Ctrl+Down (`step` 1) or Ctrl+Up (-1) goes from a position of the grid in a column
   * (see ../../shared/data-edge), over the rows as the filter lists them: every row of the
   * file is looked at, not only those the grid has on screen.
   */
  dataEdge(filter: RowFilter, column: number, position: number, step: 1 | -1, where: ValueFilter | null = null, sort: RowSort | null = null): number {
    const { rows } = this.workbook.table;
    const list = this.indexes(filter, where, sort);
    const count = list ? list.length : rows.length;
    return dataEdge(count, Math.min(position, count - 1), step, (place) => cellOf(rows[list ? list[place] : place], column));
  }

  /**
   * The rows, as the filter lists them, whose cell in a column is longest (at most `count`,
   * longest first): what the grid measures to fit the column to every row of the file, as
   * Excel's double-click on a column's edge does, not only to the rows on screen.
   */
  widestCells(filter: RowFilter, column: number, count: number, where: ValueFilter | null = null, sort: RowSort | null = null): GridRowView[] {
    const { rows } = this.workbook.table;
    const list = this.indexes(filter, where, sort);
    const total = list ? list.length : rows.length;
    // The longest so far, shortest first: a row replaces the shortest when it is longer.
    const longest: Array<{ index: number; length: number }> = [];
    for (let place = 0; place < total; place++) {
      const index = list ? list[place] : place;
      const length = cellOf(rows[index], column).length;
      if (length === 0 || (longest.length === count && length <= longest[0].length)) continue;
      if (longest.length === count) longest.shift();
      let at = 0;
      while (at < longest.length && longest[at].length < length) at++;
      longest.splice(at, 0, { index, length });
    }
    return longest.reverse().map(({ index }) => this.row(index));
  }

  /**
   * The column's values over the rows the filter and the other columns' value filters list
   * (the column's own filter aside, so its unticked values are listed too, as in Excel),
   * each with how many rows hold it (spaces at either end and case aside, as a value filter
   * compares them; written as first met), in the sort's order (`inOrder`), as Excel's filter
   * drop-down lists them: those holding `search` (case aside), at most `limit`; `distinct`
   * counts every one of them. Counted once per filter, column and other columns' filters
   * until the next edit, so typing a search is cheap.
   */
  columnValues(filter: RowFilter, column: number, search: string, limit: number, where: ValueFilter | null = null): ColumnValuesView {
    const others = (where ?? []).filter((each) => each.column !== column);
    const counting = `${filter}\u0001${column}\u0001${valueFilterId(others)}`;
    let sorted = this.counted.get(counting);
    if (!sorted) {
      const { rows } = this.workbook.table;
      const list = this.indexes(filter, others);
      const total = list ? list.length : rows.length;
      const byKey = new Map<string, CountedValue>();
      for (let place = 0; place < total; place++) {
        const text = cellOf(rows[list ? list[place] : place], column);
        const key = valueFilterKey(text);
        const found = byKey.get(key);
        if (found) found.rows++;
        else byKey.set(key, { value: text.trim(), rows: 1, key });
      }
      sorted = this.inOrder(column, [...byKey.keys()], (key) => byKey.get(key)!.value).map((key) => byKey.get(key)!);
      this.counted.set(counting, sorted);
    }
    const wanted = valueFilterKey(search);
    const matching = wanted === '' ? sorted : sorted.filter((counted) => counted.key.includes(wanted));
    return { values: matching.slice(0, limit).map(({ value, rows }) => ({ value, rows })), distinct: matching.length };
  }

  /** The file's issues, and Review's word on learners without an email where this OneFile needs one (before the plan blocks them). */
  private fileIssues(): FileIssue[] {
    const email = learnerEmailIssue(this.workbook.validation.rows, this.learnerEmail(), this.workbook.context);
    return email ? [...fileIssues(this.workbook), email] : fileIssues(this.workbook);
  }

  counts(unresolvedValues: number): CountsView {
    const flags = this.allFlags();
    let withErrors = 0;
    let readyWithWarnings = 0;
    let unresolvedRows = 0;
    for (const f of flags) {
      if (f.error) withErrors++;
      else if (f.warning) readyWithWarnings++;
      if (f.unresolved) unresolvedRows++;
    }
    return {
      rows: flags.length,
      valid: flags.length - withErrors,
      withErrors,
      readyWithWarnings,
      unresolvedRows,
      unresolvedValues,
      referencesChecked: this.references() !== null,
      fileIssues: this.fileIssues().map((issue) => ({ code: issue.code, severity: issue.severity, message: issue.message })),
      editedCells: cellEdits(this.workbook).length,
    };
  }
}
