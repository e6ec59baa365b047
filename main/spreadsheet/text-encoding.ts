import chardet from 'chardet';
import iconv from 'iconv-lite';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { Utf8Decoder } from './utf8-decoder';

/**
 * Text files arrive in whatever encoding the exporting system used: UTF-8 (with or
 * without the BOM Excel adds), UTF-16 from "Unicode text" exports, or Windows-1252 from
 * older Windows tools. UTF-8 is tried first, strictly, because a Windows-1252 file is
 * almost never valid UTF-8 while the reverse guess would silently garble every accent.
 */
export interface Bom {
  encoding: 'utf-8' | 'utf-16le' | 'utf-16be';
  length: number;
}

export function detectBom(bytes: Uint8Array): Bom | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: 'utf-8', length: 3 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le', length: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be', length: 2 };
  return undefined;
}

/** UTF-16 without a BOM: mostly-ASCII text leaves a zero in every other byte. */
export function guessUtf16WithoutBom(sample: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  const pairs = Math.floor(Math.min(sample.length, 4096) / 2);
  if (pairs < 2) return undefined;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < pairs; i++) {
    if (sample[2 * i] === 0) evenZeros++;
    if (sample[2 * i + 1] === 0) oddZeros++;
  }
  if (oddZeros >= pairs * 0.4 && evenZeros <= pairs * 0.05) return 'utf-16le';
  if (evenZeros >= pairs * 0.4 && oddZeros <= pairs * 0.05) return 'utf-16be';
  return undefined;
}

export interface EncodingChoice {
  /** Lower-case name as reported in the table's source, e.g. 'utf-8', 'windows-1252'. */
  encoding: string;
  /** Bytes to skip at the start (a BOM never reaches the first header). */
  skipBytes: number;
  /** UTF-8 chosen by default, not by a BOM or the user: fall back if the bytes prove otherwise. */
  tentative: boolean;
}

/** Returns undefined for an override iconv-lite does not know. */
export function chooseEncoding(head: Uint8Array, override?: string): EncodingChoice | undefined {
  const bom = detectBom(head);
  const skipBytes = bom?.length ?? 0;
  if (override !== undefined) {
    const name = override.trim().toLowerCase();
    if (!iconv.encodingExists(name)) return undefined;
    return { encoding: name === 'utf8' ? 'utf-8' : name, skipBytes, tentative: false };
  }
  if (bom) return { encoding: bom.encoding, skipBytes, tentative: false };
  const utf16 = guessUtf16WithoutBom(head);
  if (utf16) return { encoding: utf16, skipBytes: 0, tentative: false };
  return { encoding: 'utf-8', skipBytes: 0, tentative: true };
}

/** Multi-byte encodings chardet recognises reliably; anything else is taken as Western. */
const eastAsianEncodings = new Set(['Shift_JIS', 'EUC-JP', 'EUC-KR', 'GB18030', 'Big5', 'ISO-2022-JP']);

/**
 * The encoding of text that is not UTF-8. UK providers' files are Windows-1252 (chardet
 * calls short samples ISO-8859-1/2/9 almost at random, and 1252 is their superset for
 * the names we see), unless chardet is confident of an East Asian multi-byte encoding.
 */
export function guessLegacyEncoding(sample: Uint8Array): string {
  const best = chardet.analyse(sample)[0];
  if (best && eastAsianEncodings.has(best.name) && best.confidence >= 50) return best.name.toLowerCase();
  return 'windows-1252';
}

/** Thrown by `decodeChunks` when tentative UTF-8 meets bytes that are not UTF-8. */
export class NotUtf8Error extends Error {
  constructor() {
    super('The bytes are not valid UTF-8.');
    this.name = 'NotUtf8Error';
  }
}

/** What decoding noticed that the text itself does not show. */
export interface DecodeReport {
  /** The file ends part-way through a character: it was cut short. */
  cutShort: boolean;
}

/** Bytes one UTF-16 character unit takes. */
const UTF16 = new Set(['utf-16le', 'utf-16be', 'utf16le', 'utf16be', 'ucs2', 'ucs-2']);

/**
 * Decodes chunk by chunk, so a large file never exists as one giant string, yielding to
 * the event loop between chunks so the app stays responsive.
 */
export async function* decodeChunks(chunks: AsyncIterable<Uint8Array>, choice: EncodingChoice, report?: DecodeReport): AsyncGenerator<string> {
  let toSkip = choice.skipBytes;
  let decodedBytes = 0;
  const utf8 = choice.encoding === 'utf-8' ? new Utf8Decoder(choice.tentative, () => new NotUtf8Error()) : undefined;
  const decoder = utf8 ? undefined : iconv.getDecoder(choice.encoding, { stripBOM: false });
  for await (let chunk of chunks) {
    if (toSkip > 0) {
      const skipped = Math.min(toSkip, chunk.length);
      chunk = chunk.subarray(skipped);
      toSkip -= skipped;
    }
    decodedBytes += chunk.length;
    const text = utf8 ? utf8.write(chunk) : decoder!.write(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    if (text) yield text;
    await nextTurn();
  }
  const rest = utf8 ? utf8.end() : decoder!.end();
  // A UTF-8 decoder has something left only for a character begun and not finished.
  if (report && ((utf8 && rest) || (UTF16.has(choice.encoding) && decodedBytes % 2 === 1))) report.cutShort = true;
  if (rest) yield rest;
}

/** How the bytes of a file that is not valid UTF-8 stand. */
export interface Utf8Scan {
  /** Characters of two or more bytes that are valid UTF-8. */
  utf8Characters: number;
  /** Lines (as a text editor counts them) with bytes that cannot be UTF-8, in order. */
  otherLines: number[];
  /** How many lines have such bytes. */
  otherLineCount: number;
  /** The file ends with the start of a UTF-8 character and nothing more: cut short. */
  cutShort: boolean;
}

/**
 * Reads a file that failed as UTF-8 once more, to tell the three ways that happens
 * apart: a Windows-1252 file (no valid multi-byte UTF-8 at all), a file with lines of
 * both (two exports put together), and a UTF-8 file cut off in the middle of a
 * character. Only the first few lines with other bytes are kept, to name them.
 */
export async function scanUtf8(chunks: AsyncIterable<Uint8Array>, skipBytes: number): Promise<Utf8Scan> {
  const scan: Utf8Scan = { utf8Characters: 0, otherLines: [], otherLineCount: 0, cutShort: false };
  let line = 1;
  let lastOtherLine = 0;
  let carry: Uint8Array = new Uint8Array(0);
  let toSkip = skipBytes;
  const other = () => {
    if (lastOtherLine === line) return;
    lastOtherLine = line;
    scan.otherLineCount++;
    if (scan.otherLines.length < 6) scan.otherLines.push(line);
  };
  for await (let chunk of chunks) {
    if (toSkip > 0) {
      const skipped = Math.min(toSkip, chunk.length);
      chunk = chunk.subarray(skipped);
      toSkip -= skipped;
    }
    const bytes = carry.length > 0 ? concat(carry, chunk) : chunk;
    let i = 0;
    while (i < bytes.length) {
      const byte = bytes[i];
      if (byte < 0x80) {
        if (byte === 0x0a) line++;
        i++;
        continue;
      }
      const length = utf8CharacterLength(bytes, i);
      if (length === 0) {
        other();
        i++;
      } else if (length < 0) {
        break; // begun at the end of this chunk: finished (or not) in the next
      } else {
        scan.utf8Characters++;
        i += length;
      }
    }
    carry = bytes.slice(i);
    await nextTurn();
  }
  if (carry.length > 0) {
    // Only the start of a character is left. Cut short, unless the file was never UTF-8.
    if (scan.otherLineCount === 0) scan.cutShort = true;
    else other();
  }
  return scan;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const joined = new Uint8Array(a.length + b.length);
  joined.set(a);
  joined.set(b, a.length);
  return joined;
}

/**
 * The length of the valid UTF-8 character starting at `at` (2 to 4), 0 when the bytes
 * there cannot be UTF-8, or -1 when they are a valid start that the bytes run out on.
 */
export function utf8CharacterLength(bytes: Uint8Array, at: number): number {
  const lead = bytes[at];
  let length: number;
  let low = 0x80;
  let high = 0xbf;
  if (lead >= 0xc2 && lead <= 0xdf) length = 2;
  else if (lead >= 0xe0 && lead <= 0xef) {
    length = 3;
    if (lead === 0xe0) low = 0xa0;
    if (lead === 0xed) high = 0x9f; // no surrogates
  } else if (lead >= 0xf0 && lead <= 0xf4) {
    length = 4;
    if (lead === 0xf0) low = 0x90;
    if (lead === 0xf4) high = 0x8f;
  } else return 0;
  for (let k = 1; k < length; k++) {
    if (at + k >= bytes.length) return -1;
    const next = bytes[at + k];
    if (k === 1 ? next < low || next > high : next < 0x80 || next > 0xbf) return 0;
  }
  return length;
}
