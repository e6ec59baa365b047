import Papa from 'papaparse';
import { neutralise } from './neutralise';
import type { ReportSheet } from './report';
import { writePrivateFileSync } from '../../private-files';

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

/** Written whole, 0600 and atomically: the report names learners. */
export function writeReportCsv(file: string, sheet: ReportSheet): void {
  writePrivateFileSync(file, reportCsvText(sheet));
}
