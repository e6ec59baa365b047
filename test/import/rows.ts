import type { MappedRow } from '../../shared/mapped-rows';
import { mapTable } from '../../shared/mapped-rows';
import { autoMap, toMapping, type ValueMaps } from '../../shared/mapping';
import { columnLetter, type Table } from '../../shared/table';
import { validateRows, type Issue } from '../../shared/validate';

/**
 * A spreadsheet as a test writes it (headers and rows of text), read the way the app
 * reads one: auto-mapped, value maps applied, validated.
 */
export interface SheetRows {
  rows: MappedRow[];
  issues: Issue[];
}

export const TODAY = '2025-09-01';

export function sheet(headers: string[], cells: string[][], values: ValueMaps = {}): SheetRows {
  const table: Table = {
    source: { file: 'learners.csv', format: 'csv', headerRow: 1 },
    headers,
    columns: headers.map((_h, i) => columnLetter(i)),
    rows: cells.map((row, i) => ({ row: i + 2, cells: row })),
  };
  const mapping = toMapping(autoMap(headers).columns);
  const rows = mapTable(table, { ...mapping, values }, { today: TODAY });
  return { rows, issues: validateRows(rows, { today: TODAY }).rows.flat() };
}
