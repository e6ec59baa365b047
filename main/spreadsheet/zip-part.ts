import { Readable, pipeline } from 'node:stream';
import { createInflateRaw } from 'node:zlib';
import type { ByteSource } from './byte-source';
import { ZipFormatError, type ZipPart } from './zip-directory';

/**
 * One zip part's bytes as they inflate, counted on the way. The sizes a zip declares are
 * only claims: a zip bomb declares a few kilobytes and inflates to gigabytes. So the
 * real bytes are counted while streaming and the part is stopped at the first chunk past
 * the smaller of its declared size and the cap, long before the rest is inflated.
 */

/** A part inflates to more than its directory entry says: the zip's sizes are false. */
export class PartLargerThanDeclared extends ZipFormatError {
  constructor(
    readonly part: string,
    readonly declaredBytes: number,
  ) {
    super(`The part ${part} inflates to more than the ${declaredBytes} bytes it declares.`);
  }
}

/** A part declares more bytes than the reader takes from one part. */
export class PartOverCap extends ZipFormatError {
  constructor(
    readonly part: string,
    readonly declaredBytes: number,
    readonly capBytes: number,
  ) {
    super(`The part ${part} declares ${declaredBytes} bytes, more than the ${capBytes} read from one part.`);
  }
}

/** zlib's output chunk: the most inflated bytes that exist before they are counted. */
const inflateChunkBytes = 64 * 1024;

export async function* inflatePart(source: ByteSource, part: ZipPart, capBytes: number): AsyncGenerator<Buffer> {
  if (part.uncompressedSize > capBytes) throw new PartOverCap(part.name, part.uncompressedSize, capBytes);
  let produced = 0;
  for await (const chunk of partBytes(source, part)) {
    produced += chunk.length;
    if (produced > part.uncompressedSize) throw new PartLargerThanDeclared(part.name, part.uncompressedSize);
    yield chunk;
  }
  if (produced < part.uncompressedSize) throw new ZipFormatError(`The part ${part.name} is shorter than it declares.`);
}

/** A small part whole (the workbook's own description), through the same counting. */
export async function readWholePart(source: ByteSource, part: ZipPart, capBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of inflatePart(source, part, capBytes)) chunks.push(chunk);
  return Buffer.concat(chunks);
}

function partBytes(source: ByteSource, part: ZipPart): AsyncIterable<Buffer> {
  const compressed = Readable.from(source.range(part.dataStart, part.compressedSize), { objectMode: false });
  if (part.method === 0) return compressed;
  if (part.method !== 8) throw new ZipFormatError(`The part ${part.name} uses an unsupported compression method.`);
  // Errors reach the inflater, whose iteration throws them; a consumer that stops early
  // destroys it, which closes the file too. The callback only keeps the error handled.
  return pipeline(compressed, createInflateRaw({ chunkSize: inflateChunkBytes }), () => undefined);
}
