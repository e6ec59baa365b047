import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { basename } from 'node:path';

/**
 * The file's bytes, wherever they are: a path on disk (desktop, CLI) or an upload held in
 * memory (browser mode). Readers take one of these so both arrive at the same code, and
 * a file on disk is never loaded whole.
 */
export interface ByteSource {
  /** The file's base name, as messages show it. */
  name: string;
  size: number;
  /** Up to `length` bytes from `offset` (fewer at the end of the file). */
  read(offset: number, length: number): Promise<Uint8Array>;
  /** The whole file in order, in chunks of about `chunkBytes`. */
  chunks(chunkBytes?: number): AsyncIterable<Uint8Array>;
  /**
   * `length` bytes from `offset` in order, in chunks of about `chunkBytes` (fewer at the
   * end of the file): one zip part's compressed data, streamed without holding it whole.
   */
  range(offset: number, length: number, chunkBytes?: number): AsyncIterable<Uint8Array>;
}

const defaultChunkBytes = 1024 * 1024;

export async function fileByteSource(filePath: string): Promise<ByteSource> {
  const info = await stat(filePath);
  if (info.isDirectory()) throw Object.assign(new Error(`${basename(filePath)} is a folder`), { code: 'EISDIR' });
  const { size } = info;
  return {
    name: basename(filePath),
    size,
    async read(offset, length) {
      const handle = await open(filePath, 'r');
      try {
        const buffer = Buffer.alloc(Math.max(0, Math.min(length, size - offset)));
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, offset);
        return buffer.subarray(0, bytesRead);
      } finally {
        await handle.close();
      }
    },
    async *chunks(chunkBytes = defaultChunkBytes) {
      for await (const chunk of createReadStream(filePath, { highWaterMark: chunkBytes })) {
        yield chunk as Buffer;
      }
    },
    async *range(offset, length, chunkBytes = defaultChunkBytes) {
      if (length <= 0) return;
      for await (const chunk of createReadStream(filePath, { start: offset, end: offset + length - 1, highWaterMark: chunkBytes })) {
        yield chunk as Buffer;
      }
    },
  };
}

export function memoryByteSource(bytes: Uint8Array, fileName: string): ByteSource {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return {
    name: basename(fileName),
    size: buffer.length,
    read: async (offset, length) => buffer.subarray(offset, offset + length),
    async *chunks(chunkBytes = defaultChunkBytes) {
      for (let offset = 0; offset < buffer.length; offset += chunkBytes) {
        yield buffer.subarray(offset, offset + chunkBytes);
      }
    },
    async *range(offset, length, chunkBytes = defaultChunkBytes) {
      const end = Math.min(buffer.length, offset + Math.max(0, length));
      for (let at = offset; at < end; at += chunkBytes) {
        yield buffer.subarray(at, Math.min(end, at + chunkBytes));
      }
    },
  };
}
