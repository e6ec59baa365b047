import type { TableRow } from '../../shared/table';
import { isBlank } from './text-rules';

/**
 * The rows an MIS report puts under its data: "Total 25", "Grand total: 25", "Count
 * 25", "Number of learners: 25", "Total: 25 learners", "25 records found", "End of
 * report". Read as people they would each be a row of errors (no surname, no email, a
 * first name of "25"); they are left out, and the file says which (see buildTable).
 */
const SUMMARY_LABEL = new RegExp(
  [
    String.raw`^(?:(?:grand|sub|overall)[\s-]*)?totals?(?:\s+\w+)?\s*:?\s*[\d,.]*$`, // Total, Totals: 25, Grand total, Total learners
    String.raw`^(?:count|sum)(?:\s+of\s+\w+)?\s*:?\s*[\d,.]*$`, // Count, Sum: 25, Count of learners
    String.raw`^(?:number|no\.?)\s+of\s+\w+\s*:?\s*[\d,.]*$`, // Number of learners: 25
    String.raw`^end\s+of\s+(?:report|data|list)\.?$`, // End of report
    // Total: 3 learners, Total 150 records, 150 learners, 3 records found, 12 rows listed
    String.raw`^(?:(?:(?:grand|sub|overall)[\s-]*)?totals?\s*:?\s*)?[\d,]+\s+(?:learners?|students?|apprentices?|records?|rows?|people|persons?)(?:\s+(?:found|listed|shown|selected|in\s+total))?\.?$`,
  ].join('|'),
  'i',
);

/** A summary row has at most this many cells with something in them. */
const MOST_SUMMARY_CELLS = 3;

/** At most this many rows at the end are looked at. */
const MOST_SUMMARY_ROWS = 5;

/** Where a row's first filled cell is, and how many cells are filled. */
function shape(row: TableRow): { first: number; filled: number } {
  let first = -1;
  let filled = 0;
  row.cells.forEach((cell, i) => {
    if (isBlank(cell)) return;
    if (first < 0) first = i;
    filled++;
  });
  return { first, filled };
}

/**
 * Whether a row is a report's summary line: a label such as "Total" in the column the
 * data rows start in, and little else.
 */
function isSummaryRow(row: TableRow, above: readonly TableRow[]): boolean {
  const { first, filled } = shape(row);
  if (filled === 0 || filled > MOST_SUMMARY_CELLS) return false;
  const usual = above.map(shape);
  if (filled * 2 > median(usual.map((s) => s.filled)) || first !== Math.min(...usual.map((s) => s.first))) return false;
  return SUMMARY_LABEL.test(row.cells[first].trim());
}

/**
 * How many rows at the end of `data` are summary lines, not people: each with a label
 * such as "Total" where the data rows start, at most three filled cells and at most
 * half as many as the 50 rows above it usually have. Never all the rows: a file of
 * nothing but such rows is left for the checks to report.
 */
export function summaryRowsAtEnd(data: readonly TableRow[]): number {
  let count = 0;
  while (count < MOST_SUMMARY_ROWS && count < data.length - 1) {
    const at = data.length - count - 1;
    if (!isSummaryRow(data[at], data.slice(Math.max(0, at - 50), at))) break;
    count++;
  }
  return count;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1] ?? 0;
}
