import iconv from 'iconv-lite';
import type { ParseError } from 'papaparse';
import type { ByteSource } from './byte-source';
import { delimiterAsRead, DelimitedRecords } from './delimited-records';
import { sniffDelimiter } from './delimiter-sniff';
import { FieldTooLong, guardFieldLengths, RowTooWide } from './field-length-guard';
import { SpreadsheetError, joinAnd, spreadsheetErrors } from './errors';
import { MAX_CELL_CHARACTERS, RowCollector } from './row-collector';
import { chooseEncoding, decodeChunks, guessLegacyEncoding, NotUtf8Error, scanUtf8, type DecodeReport, type EncodingChoice } from './text-encoding';
import type { RawSheet, ReadLimits, ReadOptions } from './types';

export interface DelimitedText extends RawSheet {
  encoding: string;
  delimiter: string;
}

const sampleBytes = 64 * 1024;

const ENCODING_NAMES: Record<string, string> = { 'utf-8': 'UTF-8', 'utf-16le': 'UTF-16', 'utf-16be': 'UTF-16' };

/**
 * Reads CSV, TSV and other delimited text. Row numbers are the ones Excel shows when it
 * opens the file: one per record, so a quoted value spanning three lines is one row
 * (and `line` keeps the physical line, for people who open the file in a text editor).
 */
export async function readDelimitedText(source: ByteSource, options: ReadOptions, limits: ReadLimits): Promise<DelimitedText> {
  const head = await source.read(0, sampleBytes);
  const choice = chooseEncoding(head, options.encoding);
  if (!choice) throw spreadsheetErrors.unknownEncoding(source.name, options.encoding ?? '');
  try {
    return await parseWith(source, head, choice, options, limits, []);
  } catch (error) {
    if (!(error instanceof NotUtf8Error)) throw error;
    const scan = await scanUtf8(source.chunks(64 * 1024), choice.skipBytes);
    if (scan.cutShort) throw spreadsheetErrors.cutShort(source.name, undefined, 'UTF-8');
    const legacy: EncodingChoice = { encoding: guessLegacyEncoding(head), skipBytes: 0, tentative: false };
    if (scan.utf8Characters > 0 && legacy.encoding === 'windows-1252') {
      throw spreadsheetErrors.mixedEncodings(source.name, scan.otherLines, scan.otherLineCount);
    }
    const warning =
      legacy.encoding === 'windows-1252'
        ? 'The file is not UTF-8, so it was read as Windows-1252 (Western European); if accented names look wrong, choose its encoding.'
        : `The file is not UTF-8, so it was read as ${legacy.encoding}; if names look wrong, choose its encoding.`;
    return await parseWith(source, head, legacy, options, limits, [warning]);
  }
}

async function parseWith(
  source: ByteSource,
  head: Uint8Array,
  choice: EncodingChoice,
  options: ReadOptions,
  limits: ReadLimits,
  warnings: string[],
): Promise<DelimitedText> {
  const sample = decodeSample(head.subarray(choice.skipBytes), choice.encoding);
  const sniffed = sniffDelimiter(sample, source.name, head.length >= source.size);
  // An empty delimiter is none given (papaparse would guess one).
  const delimiter = options.delimiter || sniffed.delimiter;
  const splitAt = delimiterAsRead(delimiter);
  const rows = new RowCollector();
  const oddQuoteRows: number[] = [];
  let row = 0;
  let line = 1;
  const report: DecodeReport = { cutShort: false };
  const records = new DelimitedRecords(delimiter, sniffed.newline, {
    line(text) {
      row++;
      if (row > limits.maxRows) throw spreadsheetErrors.tooManyRows(source.name, limits.maxRows);
      if (rows.addLine(row, text, splitAt, line) > limits.maxColumns) throw spreadsheetErrors.tooManyColumns(source.name, row, limits.maxColumns);
      line += 1 + countLineBreaksIn(text);
    },
    cells(cells, errors) {
      row++;
      const problem = checkRecord(source.name, cells, errors, row, line, limits, oddQuoteRows);
      if (problem) throw problem;
      rows.add(row, asExcelShows(cells), line);
      line += 1 + countLineBreaks(cells);
    },
  });
  // 512 KB at a time: a piece of text this long is a large object to V8, made outside the
  // young generation, so the rows' text (slices of the pieces) is never copied by the
  // scavenger; 64 KB pieces were copied twice each, about 50 ms for a 20 MB file.
  const texts = guardFieldLengths(decodeChunks(source.chunks(512 * 1024), choice, report), delimiter, { cellCharacters: MAX_CELL_CHARACTERS, columns: limits.maxColumns });
  try {
    for await (const text of texts) records.push(text);
    records.end();
  } catch (error) {
    if (error instanceof RowTooWide) throw spreadsheetErrors.tooManyColumns(source.name, error.row, limits.maxColumns);
    if (error instanceof FieldTooLong) throw spreadsheetErrors.cellTooLong(source.name, error.field.row, error.field.column, undefined, MAX_CELL_CHARACTERS);
    throw error;
  }
  if (report.cutShort) throw spreadsheetErrors.cutShort(source.name, row > 0 ? row : undefined, ENCODING_NAMES[choice.encoding] ?? choice.encoding);
  if (oddQuoteRows.length > 0) warnings.push(oddQuotesWarning(oddQuoteRows));
  return { rows: rows.rows, kinds: rows.kinds, columnsWithData: rows.columnsWithData, overlong: rows.overlong, warnings, encoding: choice.encoding, delimiter };
}

/**
 * A cell written `="0123"`, as exports meant for Excel write a value whose leading zeros
 * Excel must keep (an MIS ID, a ULN, a phone number): a formula giving that text, which
 * Excel shows as 0123, and so the importer reads it. Quotes inside are doubled, as in
 * any Excel text; a cell that is not such a formula is left as it is. Only a record
 * with a quote can hold one (see DelimitedRecords), so only those are looked at.
 */
export function asExcelShows(cells: string[]): string[] {
  for (let i = 0; i < cells.length; i++) {
    const cell = cells[i];
    if (cell.length < 3 || cell.charCodeAt(0) !== 0x3d || cell.charCodeAt(1) !== 0x22 || cell.charCodeAt(cell.length - 1) !== 0x22) continue;
    const inner = cell.slice(2, -1);
    if (inner.replaceAll('""', '').includes('"')) continue;
    cells[i] = inner.replaceAll('""', '"');
  }
  return cells;
}

function checkRecord(
  file: string,
  cells: string[],
  errors: readonly ParseError[],
  row: number,
  line: number,
  limits: ReadLimits,
  oddQuoteRows: number[],
): SpreadsheetError | undefined {
  if (errors.some((e) => e.code === 'MissingQuotes')) return spreadsheetErrors.brokenQuotes(file, row, line);
  if (errors.some((e) => e.code === 'InvalidQuotes')) oddQuoteRows.push(row);
  if (row > limits.maxRows) return spreadsheetErrors.tooManyRows(file, limits.maxRows);
  if (cells.length > limits.maxColumns) return spreadsheetErrors.tooManyColumns(file, row, limits.maxColumns);
  return undefined;
}

function oddQuotesWarning(rows: number[]): string {
  const shown = rows.slice(0, 5).map(String);
  const more = rows.length > 5 ? ` and ${rows.length - 5} more` : '';
  return `Row${rows.length > 1 ? 's' : ''} ${joinAnd(shown)}${more} ha${rows.length > 1 ? 've' : 's'} a quote (") after a closing quote; it was kept as text, so check those values.`;
}

function decodeSample(bytes: Uint8Array, encoding: string): string {
  if (encoding === 'utf-8') return new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
  return iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), encoding, { stripBOM: false });
}

/** Line breaks inside the record's values (CR LF counting as one), as a text editor counts lines. */
function countLineBreaks(cells: readonly string[]): number {
  let breaks = 0;
  for (const text of cells) breaks += countLineBreaksIn(text);
  return breaks;
}

/** Line breaks in one text (CR LF counting as one). */
function countLineBreaksIn(text: string): number {
  // Nearly every line has none: two native searches say so at a fraction of a loop's cost.
  if (text.indexOf('\n') < 0 && text.indexOf('\r') < 0) return 0;
  let breaks = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 10) breaks++;
    else if (ch === 13) {
      breaks++;
      if (text.charCodeAt(i + 1) === 10) i++;
    }
  }
  return breaks;
}
