import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileByteSource } from '../../main/spreadsheet/byte-source';
import { decodeChunks, scanUtf8 } from '../../main/spreadsheet/text-encoding';

/**
 * A file on disk read in chunks and decoded chunk by chunk: read here in chunks of a few
 * bytes, so characters of two, three and four bytes (and UTF-16's pairs) fall across chunks
 * again and again, and each decoder must carry the part of a character one chunk ends on
 * into the next.
 */

const TEXT = 'MIS ID,First name,Last name\nBA1,Siân,O’Brien\nBA2,Zoë,Ōtsuka 🙂\nBA3,Seán,Łukasz\n'.repeat(40);

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'byte-source-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function decoded(file: string, encoding: string, chunkBytes: number): Promise<string> {
  const source = await fileByteSource(file);
  let text = '';
  for await (const piece of decodeChunks(source.chunks(chunkBytes), { encoding, skipBytes: 0, tentative: false })) text += piece;
  return text;
}

describe('a file read in chunks', () => {
  it('gives the whole file in order, whatever the chunk size', async () => {
    const file = join(dir, 'bytes.bin');
    const bytes = Buffer.from(Array.from({ length: 10_007 }, (_, i) => (i * 31) % 256));
    await writeFile(file, bytes);
    for (const size of [1, 7, 4096, 1 << 20]) {
      const source = await fileByteSource(file);
      const kept: Buffer[] = [];
      for await (const chunk of source.chunks(size)) kept.push(Buffer.from(chunk));
      expect(Buffer.concat(kept).equals(bytes)).toBe(true);
    }
  });

  it.each([
    ['utf-8', 'utf8'],
    ['utf-16le', 'utf16le'],
    ['windows-1252', 'win1252'],
  ])('decodes %s with characters split between chunks', async (encoding, iconvName) => {
    const text = encoding === 'windows-1252' ? TEXT.replace(/[^\u0000-\u00ff’]/gu, '?') : TEXT;
    const file = join(dir, `names-${encoding}.csv`);
    await writeFile(file, iconv.encode(text, iconvName));
    for (const size of [1, 3, 5, 7, 64, 4096]) expect(await decoded(file, encoding, size)).toBe(text);
  });

  it('scans a file that is not UTF-8 with characters split between chunks', async () => {
    const file = join(dir, 'mixed.csv');
    // A UTF-8 line, then a Windows-1252 one: two exports put together.
    await writeFile(file, Buffer.concat([Buffer.from('BA1,Siân,Zoë 🙂\n'.repeat(20), 'utf8'), iconv.encode('BA2,Seán\n', 'win1252')]));
    for (const size of [1, 2, 3, 5, 64]) {
      const source = await fileByteSource(file);
      expect(await scanUtf8(source.chunks(size), 0)).toEqual({ utf8Characters: 60, otherLines: [21], otherLineCount: 1, cutShort: false });
    }
  });
});
