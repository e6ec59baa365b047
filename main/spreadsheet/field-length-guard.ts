import { columnLetter } from '../../shared/table';
import { quotedLineDelimiter, quotesInPlainPlaces } from './delimited-records';

/** Where a field too long to be a spreadsheet cell was found: Excel's row number and the column. */
export interface LongField {
  row: number;
  column: string;
}

/** Thrown from the decoded text stream when a field passes the limit. */
export class FieldTooLong extends Error {
  constructor(readonly field: LongField) {
    super(`Row ${field.row}, column ${field.column} is longer than a cell can be.`);
    this.name = 'FieldTooLong';
  }
}

/** Thrown from the decoded text stream when a row has more fields than the limit. */
export class RowTooWide extends Error {
  constructor(readonly row: number) {
    super(`Row ${row} has too many columns.`);
    this.name = 'RowTooWide';
  }
}

const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;

/**
 * Watches delimited text on its way to the CSV parser and stops it as soon as one field
 * is longer than `limit` characters: a damaged or hostile file may hold a field of
 * tens of megabytes, which the parser would otherwise collect whole (and copy) before
 * the table could refuse it. Follows the quoting rules the parser does: a field that
 * starts with a quote runs to its closing quote, line breaks and delimiters included,
 * and "" inside it is one quote. Rows are counted as Excel counts them, one a record.
 * A row with more than `maxColumns` fields is stopped the same way.
 */
export async function* guardFieldLengths(
  texts: AsyncIterable<string>,
  delimiter: string,
  limits: { cellCharacters: number; columns: number },
): AsyncGenerator<string> {
  const limit = limits.cellCharacters;
  const delimiterCode = delimiter.length === 1 ? delimiter.charCodeAt(0) : -1;
  const quotedSplitAt = quotedLineDelimiter(delimiter);
  let row = 1;
  let column = 0;
  let length = 0;
  let atFieldStart = true;
  let quoted = false;
  let quoteSeen = false; // a quote inside a quoted field: closing, or the first of ""
  let afterCr = false;
  // A line shorter than this holds no field too long and no row too wide.
  const shortLine = Math.min(limit, limits.columns);
  for await (const text of texts) {
    let nextLf = -1;
    let nextQuote = -1;
    let nextCr = -1;
    for (let i = 0; i < text.length; i++) {
      if (atFieldStart && column === 0 && length === 0 && !quoted && !afterCr) {
        // At the start of a line: a whole line with no quote (and no CR but the one of
        // its CR LF) is passed over at once, as most of a file's lines are.
        if (nextLf < i) nextLf = indexOrEnd(text, '\n', i);
        const lf = nextLf;
        if (lf < text.length && lf - i < shortLine) {
          if (nextQuote < i) nextQuote = indexOrEnd(text, '"', i);
          if (nextCr < i) nextCr = indexOrEnd(text, '\r', i);
          // A line whose quotes are all in their plain places ends its record too (see quotesInPlainPlaces).
          if (nextCr >= lf - 1 && (nextQuote > lf || (quotedSplitAt !== '' && quotesInPlainPlaces(text, i, nextCr === lf - 1 ? lf - 1 : lf, quotedSplitAt)))) {
            row++;
            i = lf;
            continue;
          }
        }
      }
      const ch = text.charCodeAt(i);
      if (quoted) {
        if (quoteSeen) {
          quoteSeen = false;
          if (ch === QUOTE) {
            length++;
            continue;
          }
          quoted = false; // that quote closed the field's quoted part: read this character as unquoted
        } else {
          if (ch === QUOTE) quoteSeen = true;
          else if (++length > limit) throw new FieldTooLong({ row, column: columnLetter(column) });
          continue;
        }
      }
      if (ch === LF && afterCr) {
        afterCr = false;
        continue;
      }
      afterCr = ch === CR;
      if (ch === CR || ch === LF) {
        row++;
        column = 0;
        length = 0;
        atFieldStart = true;
      } else if (ch === delimiterCode) {
        if (++column >= limits.columns) throw new RowTooWide(row);
        length = 0;
        atFieldStart = true;
      } else if (ch === QUOTE && atFieldStart) {
        quoted = true;
        atFieldStart = false;
      } else {
        atFieldStart = false;
        if (++length > limit) throw new FieldTooLong({ row, column: columnLetter(column) });
      }
    }
    yield text;
  }
}

function indexOrEnd(text: string, search: string, from: number): number {
  const at = text.indexOf(search, from);
  return at < 0 ? text.length : at;
}
