/**
 * The rows a sheet hides: filtered out by an AutoFilter, hidden by hand, or folded away
 * in a group. exceljs's streaming reader does not say which (its rows all read as shown),
 * so the sheet's XML is looked at as it passes to exceljs (see ./workbook-stream): each
 * row's start tag, `<row r="7" ... hidden="1">`, found with the buffer's own search, so a
 * sheet of 100,000 rows costs a few milliseconds. A tag split between two chunks is read
 * whole with the next.
 */

const ROW_TAG = Buffer.from('<row');
const TAG_END = 0x3e; // '>'
/** What may follow "<row" in a row's own tag (not "<rowBreaks"): a space of any kind, '>' or '/'. */
const AFTER_NAME = new Set([0x20, 0x09, 0x0a, 0x0d, 0x3e, 0x2f]);

const EMPTY = Buffer.alloc(0);

/** How many bytes at the end of `data` are the start of "<row" (0 to 3). */
function partialTagAtEnd(data: Buffer): number {
  for (let length = Math.min(ROW_TAG.length - 1, data.length); length > 0; length--) {
    if (data.subarray(data.length - length).equals(ROW_TAG.subarray(0, length))) return length;
  }
  return 0;
}

export class HiddenRowScanner {
  /** The hidden rows' numbers, as Excel shows them. */
  readonly rows: number[] = [];
  /** The number of the last row seen: a row tag without `r` is the one after it. */
  private last = 0;
  private carry: Buffer = EMPTY;

  push(chunk: Buffer): void {
    const data = this.carry.length > 0 ? Buffer.concat([this.carry, chunk]) : chunk;
    let from = 0;
    let searched = 0;
    for (;;) {
      const at = data.indexOf(ROW_TAG, searched);
      if (at < 0) {
        // A "<", "<r" or "<ro" at the very end may be the start of a row tag: keep it for the next chunk.
        from = Math.max(from, data.length - partialTagAtEnd(data));
        break;
      }
      if (at + ROW_TAG.length >= data.length) {
        from = at;
        break;
      }
      if (!AFTER_NAME.has(data[at + ROW_TAG.length])) {
        searched = at + ROW_TAG.length;
        continue;
      }
      const end = data.indexOf(TAG_END, at);
      if (end < 0) {
        from = at;
        break;
      }
      this.noteRow(data.toString('latin1', at + ROW_TAG.length, end));
      searched = from = end + 1;
    }
    // Mostly nothing is carried, and the next chunk is searched as it is, uncopied.
    this.carry = from < data.length ? Buffer.from(data.subarray(from)) : EMPTY;
  }

  private noteRow(attributes: string): void {
    const number = /\br="(\d+)"/.exec(attributes);
    this.last = number ? Number(number[1]) : this.last + 1;
    if (/\bhidden="(?:1|true)"/.test(attributes)) this.rows.push(this.last);
  }
}
