import { columnLetter, type Table } from '../../shared/table';

/** A Table as the reader would give it: header on row 1, data from row 2. */
export function makeTable(headers: string[], rows: string[][], file = 'learners.csv'): Table {
  return {
    source: { file, format: 'csv', headerRow: 1, encoding: 'utf-8', delimiter: ',' },
    headers,
    columns: headers.map((_header, index) => columnLetter(index)),
    rows: rows.map((cells, index) => ({ row: index + 2, cells })),
  };
}
