/**
 * Finds one kind of start tag in a sheet's XML as it passes to exceljs (see
 * ./workbook-stream), for what exceljs's streaming reader does not say: which rows are
 * hidden (`<row ... hidden="1">`, ./hidden-rows), which cells are merged
 * (`<mergeCell ref="K5:K9"/>`, ./merged-cells). Each tag is found with the buffer's own
 * search, so a sheet of 100,000 rows costs a few milliseconds; a tag split between two
 * chunks is read whole with the next.
 */

const TAG_END = 0x3e; // '>'
/** What may follow a tag's name in its own tag (not "<rowBreaks" for "<row"): a space of any kind, '>' or '/'. */
const AFTER_NAME = new Set([0x20, 0x09, 0x0a, 0x0d, 0x3e, 0x2f]);

const EMPTY = Buffer.alloc(0);

export class TagScanner {
  private readonly tag: Buffer;
  private carry: Buffer = EMPTY;

  /** `note` is given each tag's attributes, the text between its name and its '>'. */
  constructor(
    name: string,
    private readonly note: (attributes: string) => void,
  ) {
    this.tag = Buffer.from(`<${name}`);
  }

  push(chunk: Buffer): void {
    const { tag } = this;
    const data = this.carry.length > 0 ? Buffer.concat([this.carry, chunk]) : chunk;
    let from = 0;
    let searched = 0;
    for (;;) {
      const at = data.indexOf(tag, searched);
      if (at < 0) {
        // The start of the tag's name at the very end ("<", "<r", "<ro") may be the tag's: keep it for the next chunk.
        from = Math.max(from, data.length - this.partialTagAtEnd(data));
        break;
      }
      if (at + tag.length >= data.length) {
        from = at;
        break;
      }
      if (!AFTER_NAME.has(data[at + tag.length])) {
        searched = at + tag.length;
        continue;
      }
      const end = data.indexOf(TAG_END, at);
      if (end < 0) {
        from = at;
        break;
      }
      this.note(data.toString('latin1', at + tag.length, end));
      searched = from = end + 1;
    }
    // Mostly nothing is carried, and the next chunk is searched as it is, uncopied.
    this.carry = from < data.length ? Buffer.from(data.subarray(from)) : EMPTY;
  }

  /** How many bytes at the end of `data` are the start of the tag (short of the whole). */
  private partialTagAtEnd(data: Buffer): number {
    for (let length = Math.min(this.tag.length - 1, data.length); length > 0; length--) {
      if (data.subarray(data.length - length).equals(this.tag.subarray(0, length))) return length;
    }
    return 0;
  }
}
