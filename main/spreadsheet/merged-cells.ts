import { cellOf } from '../../shared/packed-row';
import { rowRanges } from '../../shared/problem-groups';
import type { TableRow } from '../../shared/table';
import { joinAnd } from './errors';
import { TagScanner } from './sheet-tags';
import { isBlank } from './text-rules';

/**
 * Cells merged in a sheet: `<mergeCell ref="K5:K9"/>` at the end of its XML, which
 * exceljs's streaming reader does not report (see ./sheet-tags). Excel stores a merged
 * value in the top-left cell only and shows it across the whole merge; a tracker kept by
 * hand often merges an assessor's or a class's name down the rows of its learners.
 */
export interface MergedRange {
  /** As the sheet writes it: "K5:K9". */
  ref: string;
  top: number;
  bottom: number;
  /** Columns, from 0 (A). */
  left: number;
  right: number;
}

export class MergedCellScanner {
  readonly ranges: MergedRange[] = [];
  private readonly tags = new TagScanner('mergeCell', (attributes) => {
    const range = mergedRange(attributes);
    if (range) this.ranges.push(range);
  });

  push(chunk: Buffer): void {
    this.tags.push(chunk);
  }
}

function mergedRange(attributes: string): MergedRange | undefined {
  const found = /\bref="\$?([A-Z]{1,3})\$?(\d+):\$?([A-Z]{1,3})\$?(\d+)"/.exec(attributes);
  if (!found) return undefined;
  const [, from, top, to, bottom] = found;
  return { ref: `${from}${top}:${to}${bottom}`, top: Number(top), bottom: Number(bottom), left: columnIndex(from), right: columnIndex(to) };
}

/** 0 for 'A', 26 for 'AA': the inverse of `columnLetter`. */
function columnIndex(letters: string): number {
  let n = 0;
  for (const letter of letters) n = n * 26 + (letter.charCodeAt(0) - 64);
  return n - 1;
}

/** Merges named in the warning before "and N more". */
const MERGES_NAMED = 5;

/**
 * Gives every data row a merge spans down the sheet the merge's value, in the merge's
 * first column, where the row's own cell there is empty: what Excel shows on that row
 * (read as stored, each row but the first would lack the assessor, the class or the
 * employer it shows). A merge within one row (a title across columns), or reaching into
 * the header row or above it, is left as stored. Says which merges gave their value, or
 * undefined where none did.
 */
export function fillMergedCells(data: readonly TableRow[], merges: readonly MergedRange[], headerRow: number): string | undefined {
  // In the sheet's order, top to bottom and left to right, whatever order the file lists them in.
  const down = merges.filter((merge) => merge.top > headerRow && merge.bottom > merge.top).sort((a, b) => a.top - b.top || a.left - b.left);
  if (down.length === 0) return undefined;
  const byNumber = new Map(data.map((row) => [row.row, row]));
  const given: Array<{ merge: MergedRange; value: string; rows: number[] }> = [];
  for (const merge of down) {
    const first = byNumber.get(merge.top);
    const value = first ? cellOf(first, merge.left) : '';
    if (isBlank(value)) continue;
    const rows: number[] = [];
    for (let number = merge.top + 1; number <= merge.bottom; number++) {
      const row = byNumber.get(number);
      if (!row || !isBlank(cellOf(row, merge.left))) continue;
      const cells = row.cells;
      while (cells.length <= merge.left) cells.push('');
      cells[merge.left] = value;
      row.cells = cells;
      rows.push(number);
    }
    if (rows.length > 0) given.push({ merge, value, rows: [merge.top, ...rows] });
  }
  if (given.length === 0) return undefined;
  if (given.length === 1) {
    const [{ merge, value, rows }] = given;
    return `Cells ${merge.ref} are merged: "${value}" is read on each of rows ${joinAnd(rowRanges(rows))}, as Excel shows it across them.`;
  }
  const named = given.slice(0, MERGES_NAMED).map(({ merge, value }) => `${merge.ref} ("${value}")`);
  const more = given.length - named.length;
  return `Merged cells give their value to each row they span, as Excel shows it: ${joinAnd(more > 0 ? [...named, `${more} more`] : named)}.`;
}
