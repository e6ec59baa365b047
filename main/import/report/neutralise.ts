/**
 * Formula-injection neutralising for the CSV reports, and its exact inverse for
 * re-import.
 *
 * A spreadsheet program opening a CSV treats a cell that starts with `=`, `+`, `-`,
 * `@`, a tab or a carriage return as a formula (OWASP "CSV injection"). The reports
 * carry the user's own cells and OneFile's messages, so such a cell is written with a
 * single quote in front: Excel then shows it as text.
 *
 * The errors file must come back unchanged when it is fixed and imported again, so
 * `unneutralise` undoes exactly what `neutralise` did, and nothing else:
 *
 * - A value that already starts with quotes followed by a dangerous character
 *   (`'=x`, `''-y`) gets one more quote too, so stripping one quote on the way back is
 *   always right: `neutralise` is a bijection and `unneutralise(neutralise(v)) === v`
 *   for every string.
 * - A plain negative number (`-5`, `-3.25`) is left alone: no formula can hide in it,
 *   and a quote would spoil it for the person reading the file.
 * - Everything else (`'hello`, `O'Brien`, `+44 7700 900123` after neutralising) is
 *   untouched by `unneutralise` unless it has the neutralised shape.
 *
 * XLSX reports are not neutralised: exceljs writes a string as a string cell (shared
 * string), never as a formula, so nothing runs when the workbook is opened, and the
 * cell keeps the user's exact text for re-import.
 */

/** Characters that make a spreadsheet program read a cell as a formula. */
const DANGEROUS_START = /^'*[=+\-@\t\r]/;
/** The shape `neutralise` produces: at least one quote, then (quotes and) a dangerous character. */
const NEUTRALISED_SHAPE = /^'+[=+\-@\t\r]/;
/** A plain negative number: safe as is. */
const NEGATIVE_NUMBER = /^-\d+(\.\d+)?$/;

/** True when a CSV cell with this text would be read as a formula (or looks neutralised already). */
export function needsNeutralising(value: string): boolean {
  return DANGEROUS_START.test(value) && !NEGATIVE_NUMBER.test(value);
}

/** The text to write into a CSV cell so that no spreadsheet program runs it as a formula. */
export function neutralise(value: string): string {
  return needsNeutralising(value) ? `'${value}` : value;
}

/**
 * The original value of a CSV cell written by `neutralise`. Applied to every cell of
 * our own reports read back from CSV (./own-report), so a fixed errors file imports
 * exactly the values it was given; never to a user's own file, whose `'=text` is theirs.
 * Not for XLSX cells: they were never neutralised.
 */
export function unneutralise(value: string): string {
  return NEUTRALISED_SHAPE.test(value) ? value.slice(1) : value;
}
