import { TagScanner } from './sheet-tags';

/**
 * The rows a sheet hides: filtered out by an AutoFilter, hidden by hand, or folded away
 * in a group. exceljs's streaming reader does not say which (its rows all read as shown),
 * so the sheet's XML is looked at as it passes to exceljs (see ./workbook-stream): each
 * row's start tag, `<row r="7" ... hidden="1">` (see ./sheet-tags).
 */

export class HiddenRowScanner {
  /** The hidden rows' numbers, as Excel shows them. */
  readonly rows: number[] = [];
  /** The number of the last row seen: a row tag without `r` is the one after it. */
  private last = 0;
  private readonly tags = new TagScanner('row', (attributes) => this.noteRow(attributes));

  push(chunk: Buffer): void {
    this.tags.push(chunk);
  }

  private noteRow(attributes: string): void {
    const number = /\br="(\d+)"/.exec(attributes);
    this.last = number ? Number(number[1]) : this.last + 1;
    if (/\bhidden="(?:1|true)"/.test(attributes)) this.rows.push(this.last);
  }
}
