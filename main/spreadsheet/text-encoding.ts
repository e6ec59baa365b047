import chardet from 'chardet';
import iconv from 'iconv-lite';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { TextDecoder } from 'node:util';

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

/**
 * Decodes chunk by chunk, so a large file never exists as one giant string, yielding to
 * the event loop between chunks so the app stays responsive.
 */
export async function* decodeChunks(chunks: AsyncIterable<Uint8Array>, choice: EncodingChoice): AsyncGenerator<string> {
  let toSkip = choice.skipBytes;
  const utf8 = choice.encoding === 'utf-8' ? new TextDecoder('utf-8', { fatal: choice.tentative, ignoreBOM: true }) : undefined;
  const decoder = utf8 ? undefined : iconv.getDecoder(choice.encoding, { stripBOM: false });
  for await (let chunk of chunks) {
    if (toSkip > 0) {
      const skipped = Math.min(toSkip, chunk.length);
      chunk = chunk.subarray(skipped);
      toSkip -= skipped;
    }
    const text = utf8 ? decodeUtf8(utf8, chunk, true) : decoder!.write(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    if (text) yield text;
    await nextTurn();
  }
  const rest = utf8 ? decodeUtf8(utf8, new Uint8Array(0), false) : decoder!.end();
  if (rest) yield rest;
}

function decodeUtf8(decoder: TextDecoder, chunk: Uint8Array, stream: boolean): string {
  try {
    return decoder.decode(chunk, { stream });
  } catch {
    throw new NotUtf8Error();
  }
}
