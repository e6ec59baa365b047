import { isUtf8 } from 'node:buffer';
import { TextDecoder } from 'node:util';

/**
 * UTF-8 decoded chunk by chunk into strings V8 keeps at one byte a character wherever
 * the text is Latin-1 (accented names included). TextDecoder's strings take two bytes
 * a character, outside the heap: for a 20 MB file of names that is 20 MB more held for
 * as long as the rows are. A character split between two chunks is carried over.
 *
 * `fatal`: bytes that are not UTF-8 throw `invalid()`'s error (the caller then reads the
 * file as another encoding); otherwise they become U+FFFD, as TextDecoder does.
 */
export class Utf8Decoder {
  private carry: Buffer = Buffer.alloc(0);

  constructor(
    private readonly fatal: boolean,
    private readonly invalid: () => Error,
  ) {}

  write(chunk: Uint8Array): string {
    const bytes = this.carry.length > 0 ? Buffer.concat([this.carry, chunk]) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const end = completeLength(bytes);
    this.carry = Buffer.from(bytes.subarray(end));
    const complete = bytes.subarray(0, end);
    if (isUtf8(complete)) return complete.toString('utf8');
    if (this.fatal) throw this.invalid();
    return new TextDecoder('utf-8', { ignoreBOM: true }).decode(complete);
  }

  /** What is left at the end: '' or, for a character begun and never finished, U+FFFD. */
  end(): string {
    if (this.carry.length === 0) return '';
    if (this.fatal) throw this.invalid();
    this.carry = Buffer.alloc(0);
    return '\ufffd';
  }
}

/** The bytes up to the start of a character the chunk ends part-way through (all of them if none). */
function completeLength(bytes: Uint8Array): number {
  const n = bytes.length;
  for (let back = 1; back <= Math.min(3, n); back++) {
    const byte = bytes[n - back];
    if ((byte & 0xc0) === 0x80) continue; // a continuation byte: look further back for the lead
    const length = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return length > back ? n - back : n;
  }
  return n;
}
