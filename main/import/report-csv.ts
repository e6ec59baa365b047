import * as fs from 'node:fs';
import Papa from 'papaparse';
import { neutralise } from './neutralise';
import type { ReportSheet } from './report';

/**
 * Writes a report sheet as CSV the way Excel expects to open it with a double-click:
 * UTF-8 with a byte-order mark (or Excel guesses Windows-1252 and mangles names like
 * "Zoë"), CRLF line ends, fields quoted only when they must be (a comma, a quote, a
 * line break, or edge spaces), and every cell neutralised against formula injection.
 */
export function reportCsvText(sheet: ReportSheet): string {
  const text = Papa.unparse(
    {
      fields: sheet.headers.map(neutralise),
      data: sheet.rows.map((row) => row.cells.map(neutralise)),
    },
    { newline: '\r\n', quotes: false, escapeFormulae: false, header: true },
  );
  return `\uFEFF${text}\r\n`;
}

export function writeReportCsv(file: string, sheet: ReportSheet): void {
  fs.writeFileSync(file, reportCsvText(sheet), { encoding: 'utf8', mode: 0o600 });
}
