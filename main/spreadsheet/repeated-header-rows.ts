import { cellOf } from '../../shared/packed-row';
import type { TableRow } from '../../shared/table';
import { headerKey, isBlank } from './text-rules';

/**
 * The rows under the header that are the header row again: two exports pasted one under
 * the other, each with its own header. Read as people, such a row would be a row of
 * errors ("Date of Birth" is not a date, "ULN" is not a ULN, ...); it is left out, and
 * the file says which (see buildTable).
 *
 * A row is the header again when every cell it fills holds its column's header (equal
 * but for case and spaces), and it fills at least half of the header's named columns
 * (two at the least, where the header names two or more): a learner whose surname
 * happens to be a header's word is never taken for one.
 */
export function headerRowsRepeated(data: readonly TableRow[], headerCells: readonly string[]): Set<TableRow> {
  const keys = headerCells.map(headerKey);
  const first = keys.findIndex((key) => key !== '');
  const found = new Set<TableRow>();
  if (first < 0) return found;
  const named = keys.filter((key) => key !== '').length;
  const fewest = Math.min(named, Math.max(2, Math.ceil(named / 2)));
  const firstKey = keys[first];
  for (const row of data) {
    // Asked of every row: the first named column's cell settles most by its length (a few
    // characters more for spaces, or a byte order mark where two files were joined).
    const cell = cellOf(row, first);
    if (cell.length < firstKey.length || cell.length > firstKey.length + SPARE_CHARACTERS || headerKey(cell) !== firstKey) continue;
    if (isHeaderAgain(row.cells, keys, fewest)) found.add(row);
  }
  return found;
}

const SPARE_CHARACTERS = 8;

function isHeaderAgain(cells: readonly string[], keys: readonly string[], fewest: number): boolean {
  let same = 0;
  for (let i = 0; i < cells.length; i++) {
    if (isBlank(cells[i])) continue;
    if (headerKey(cells[i]) !== (keys[i] ?? '') || keys[i] === '') return false;
    same++;
  }
  return same >= fewest;
}
