/**
 * Where `search` next occurs in a piece of a file, asked line after line: a line kept
 * where it stands in its piece (see PackedRow.ofLine) is searched within the piece, and
 * a search that finds nothing on the line would otherwise run on through the piece
 * again for every line (a file of one column has no delimiter at all). The last answer
 * is kept until a line starts past it, so each piece is searched through once.
 */
export class NextIndex {
  #text = '';
  #next = -1;

  constructor(readonly search: string) {}

  /** The first place at or after `from` where the text holds the search, or the text's length. */
  from(text: string, from: number): number {
    if (text !== this.#text) {
      this.#text = text;
      this.#next = -1;
    }
    if (this.#next < from) {
      const at = text.indexOf(this.search, from);
      this.#next = at < 0 ? text.length : at;
    }
    return this.#next;
  }
}
