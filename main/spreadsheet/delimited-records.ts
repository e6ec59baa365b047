import Papa from 'papaparse';

/** Where records go as they are found: a plain line as written, or the cells papaparse read. */
export interface RecordSink {
  /** A record with no quote in it: its cells are the line split at the delimiter. */
  line(text: string): void;
  /** A record papaparse read, with the problems it found in it. */
  cells(cells: string[], errors: readonly Papa.ParseError[]): void;
}

/** The delimiter papaparse splits at when given `delimiter`: a comma for one it cannot take. */
export function delimiterAsRead(delimiter: string): string {
  return Papa.BAD_DELIMITERS.includes(delimiter) ? ',' : delimiter;
}

/**
 * Splits delimited text into records, chunk by chunk, exactly as papaparse reads it,
 * with papaparse reading only the records that need it. Most lines of a centre's file
 * hold no quote: such a line is one record whose cells are the line split at the
 * delimiter (papaparse itself reads it so), and it is handed on as the line itself,
 * for the table to keep as it is (see PackedRow), with no string per cell made and
 * joined again. A line with a quote, and whatever a quoted value carries on to, goes
 * to papaparse's own parser from the start of its record, so quoting, quoted line
 * breaks and malformed quotes read exactly as they always did.
 */
export class DelimitedRecords {
  readonly #parser: Papa.Parser;
  #pending = '';

  readonly #newline: string;

  /** What a line with a quote is split at when it is read here (see `quotedLineCells`); '' when papaparse reads every such line. */
  readonly #quotedSplitAt: string;

  /** `sink.line`'s lines are split at `delimiterAsRead(delimiter)`. */
  constructor(delimiter: string, newline: '\r\n' | '\n' | '\r', private readonly sink: RecordSink) {
    this.#parser = new Papa.Parser({ delimiter, newline, quoteChar: '"' });
    this.#newline = newline;
    this.#quotedSplitAt = quotedLineDelimiter(delimiter);
  }

  /**
   * The records the text completes; the start of a record it leaves unfinished waits
   * for the next. A record begun in the text before is finished on its own, with the
   * first line of this text, so the lines after it are slices of this text itself, not
   * of a copy of it joined to the last (the text is then the table's; see PackedRow).
   */
  push(text: string): void {
    let rest = text;
    if (this.#pending !== '') {
      const lineEnd = text.indexOf(this.#newline);
      const head = lineEnd < 0 ? text.length : lineEnd + this.#newline.length;
      // A CR LF split between the two texts is whole in the joined head.
      this.#pending = this.read(this.#pending + text.slice(0, head));
      rest = text.slice(head);
      // A quoted value carrying on past that line: read on from its start.
      if (this.#pending !== '') rest = this.#pending + rest;
    }
    this.#pending = this.read(rest);
  }

  /** Hands on the records whole in `input`, and gives back the rest: the start of a record not finished. */
  private read(input: string): string {
    const newline = this.#newline;
    const { sink } = this;
    let pos = 0;
    let nextQuote = -1;
    while (pos < input.length) {
      const end = input.indexOf(newline, pos);
      if (end < 0) break;
      if (nextQuote < pos) {
        nextQuote = input.indexOf('"', pos);
        if (nextQuote < 0) nextQuote = input.length;
      }
      if (nextQuote > end) {
        sink.line(input.slice(pos, end));
        pos = end + newline.length;
        continue;
      }
      // A quote on this line: its record is the line where each quoted value closes on it as it should
      // (a value with a comma in it, or quotes doubled); otherwise papaparse reads the record, from
      // this line alone if the record ends on it.
      const cells = this.#quotedSplitAt === '' ? undefined : quotedLineCells(input, pos, end, this.#quotedSplitAt);
      if (cells !== undefined) {
        sink.cells(cells, NO_PROBLEMS);
        pos = end + newline.length;
        continue;
      }
      const read = this.parse(input.slice(pos, end + newline.length), true) || this.parse(input.slice(pos), true);
      if (read === 0) break;
      pos += read;
    }
    return input.slice(pos);
  }

  /** The last record, which no line break ends. */
  end(): void {
    const rest = this.#pending;
    this.#pending = '';
    if (rest !== '') this.parse(rest, false);
  }

  /** Hands on the records papaparse reads in `text` and says how much of it they take. */
  private parse(text: string, moreToCome: boolean): number {
    const result = this.#parser.parse(text, 0, moreToCome) as Papa.ParseResult<string[]>;
    const { data, errors } = result;
    for (let i = 0; i < data.length; i++) {
      this.sink.cells(data[i], errors.length === 0 ? errors : errors.filter((error) => error.row === i));
    }
    return data.length === 0 ? 0 : result.meta.cursor;
  }
}

const NO_PROBLEMS: readonly Papa.ParseError[] = Object.freeze([]);

/**
 * What a line with a quote is split at when it is read here (see `quotesInPlainPlaces`):
 * the delimiter papaparse splits at, or '' where that is the quote itself, and papaparse
 * reads every such line.
 */
export function quotedLineDelimiter(delimiter: string): string {
  const splitAt = delimiterAsRead(delimiter);
  return splitAt.includes('"') ? '' : splitAt;
}

/**
 * The cells of the line `text.slice(start, end)` (a line with a quote in it), read here
 * as papaparse reads them, when every quote is in its plain place (see
 * `quotesInPlainPlaces`). Undefined for any other line, which papaparse reads, with the
 * problems it finds. One record in ten of a centre's file may have a quoted value (an
 * address, a note with a comma); papaparse's parser costs microseconds to start on each.
 */
export function quotedLineCells(text: string, start: number, end: number, delimiter: string): string[] | undefined {
  const cells: string[] = [];
  return quotesInPlainPlaces(text, start, end, delimiter, cells) ? cells : undefined;
}

/**
 * Whether every quote of the line `text.slice(start, end)` is in its plain place: a
 * quoted value starts at its cell's start and its closing quote is followed by the
 * delimiter or the line's end, with quotes inside it doubled. Such a line is one record,
 * whatever comes after it. False for a quote inside an unquoted cell, text after a
 * closing quote, or a quoted value not closed on the line (it carries on to the next).
 * `cells`, if given, receives the line's cells as papaparse reads them.
 */
export function quotesInPlainPlaces(text: string, start: number, end: number, delimiter: string, cells?: string[]): boolean {
  let at = start;
  for (;;) {
    if (at < end && text.charCodeAt(at) === QUOTE) {
      let value = '';
      let from = at + 1;
      for (;;) {
        const quote = text.indexOf('"', from);
        if (quote < 0 || quote >= end) return false;
        if (quote + 1 < end && text.charCodeAt(quote + 1) === QUOTE) {
          if (cells) value += text.slice(from, quote + 1);
          from = quote + 2;
          continue;
        }
        if (cells) cells.push(value + text.slice(from, quote));
        at = quote + 1;
        break;
      }
      if (at === end) return true;
      if (!text.startsWith(delimiter, at)) return false;
    } else {
      let next = text.indexOf(delimiter, at);
      if (next < 0 || next > end) next = end;
      for (let i = at; i < next; i++) if (text.charCodeAt(i) === QUOTE) return false;
      cells?.push(text.slice(at, next));
      if (next === end) return true;
      at = next;
    }
    at += delimiter.length;
  }
}

const QUOTE = 0x22;
