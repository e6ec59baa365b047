import { inflateRawSync } from 'node:zlib';
import type { ByteSource } from './byte-source';

/**
 * A tiny reader for a zip's central directory: the list of parts and their declared
 * sizes, read from the end of the file without inflating anything. It lets us refuse a
 * zip bomb before exceljs starts, and read the small workbook.xml (sheet names, hidden
 * states, date system) before streaming the sheets.
 */
export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

const endOfDirectorySignature = 0x06054b50;
const zip64LocatorSignature = 0x07064b50;
const zip64EndSignature = 0x06064b50;
const directoryEntrySignature = 0x02014b50;
const localHeaderSignature = 0x04034b50;
/** The end record is 22 bytes plus a comment of up to 65,535. */
const maxTailBytes = 22 + 0xffff;
const maxDirectoryBytes = 64 * 1024 * 1024;

export class ZipFormatError extends Error {}

export async function readZipDirectory(source: ByteSource): Promise<ZipEntry[]> {
  const tailStart = Math.max(0, source.size - maxTailBytes);
  const tail = Buffer.from(await source.read(tailStart, source.size - tailStart));
  const endAt = findEndRecord(tail);
  if (endAt < 0) throw new ZipFormatError('No end-of-directory record: the zip is truncated.');
  let count = tail.readUInt16LE(endAt + 10);
  let directorySize = tail.readUInt32LE(endAt + 12);
  let directoryOffset = tail.readUInt32LE(endAt + 16);
  if (count === 0xffff || directorySize === 0xffffffff || directoryOffset === 0xffffffff) {
    ({ count, directorySize, directoryOffset } = await readZip64End(source, tail, tailStart + endAt));
  }
  if (directorySize > maxDirectoryBytes || directoryOffset + directorySize > source.size) {
    throw new ZipFormatError('The zip directory is out of bounds.');
  }
  const directory = Buffer.from(await source.read(directoryOffset, directorySize));
  const entries: ZipEntry[] = [];
  let at = 0;
  for (let i = 0; i < count; i++) {
    if (at + 46 > directory.length || directory.readUInt32LE(at) !== directoryEntrySignature) {
      throw new ZipFormatError('A zip directory entry is damaged.');
    }
    const nameLength = directory.readUInt16LE(at + 28);
    const extraLength = directory.readUInt16LE(at + 30);
    const commentLength = directory.readUInt16LE(at + 32);
    const entry: ZipEntry = {
      name: directory.toString('utf8', at + 46, at + 46 + nameLength).replace(/^\//, ''),
      method: directory.readUInt16LE(at + 10),
      compressedSize: directory.readUInt32LE(at + 20),
      uncompressedSize: directory.readUInt32LE(at + 24),
      localHeaderOffset: directory.readUInt32LE(at + 42),
    };
    applyZip64Extra(entry, directory.subarray(at + 46 + nameLength, at + 46 + nameLength + extraLength));
    entries.push(entry);
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

function findEndRecord(tail: Buffer): number {
  for (let at = tail.length - 22; at >= 0; at--) {
    if (tail.readUInt32LE(at) === endOfDirectorySignature) return at;
  }
  return -1;
}

async function readZip64End(source: ByteSource, tail: Buffer, endOffset: number) {
  const locatorAt = endOffset - 20 - (source.size - tail.length);
  if (locatorAt < 0 || tail.readUInt32LE(locatorAt) !== zip64LocatorSignature) {
    throw new ZipFormatError('A zip64 archive without its locator.');
  }
  const recordOffset = Number(tail.readBigUInt64LE(locatorAt + 8));
  const record = Buffer.from(await source.read(recordOffset, 56));
  if (record.length < 56 || record.readUInt32LE(0) !== zip64EndSignature) throw new ZipFormatError('A damaged zip64 record.');
  return {
    count: Number(record.readBigUInt64LE(32)),
    directorySize: Number(record.readBigUInt64LE(40)),
    directoryOffset: Number(record.readBigUInt64LE(48)),
  };
}

/** Zip64 keeps the real sizes in extra field 0x0001, in a fixed order, for fields set to 0xFFFFFFFF. */
function applyZip64Extra(entry: ZipEntry, extra: Buffer): void {
  for (let at = 0; at + 4 <= extra.length; ) {
    const id = extra.readUInt16LE(at);
    const size = extra.readUInt16LE(at + 2);
    if (id === 0x0001) {
      let field = at + 4;
      const next = () => {
        const value = field + 8 <= at + 4 + size ? Number(extra.readBigUInt64LE(field)) : 0;
        field += 8;
        return value;
      };
      if (entry.uncompressedSize === 0xffffffff) entry.uncompressedSize = next();
      if (entry.compressedSize === 0xffffffff) entry.compressedSize = next();
      if (entry.localHeaderOffset === 0xffffffff) entry.localHeaderOffset = next();
      return;
    }
    at += 4 + size;
  }
}

/** Inflates one small part, refusing to produce more than `maxBytes`. */
export async function readZipEntry(source: ByteSource, entry: ZipEntry, maxBytes: number): Promise<Buffer> {
  const header = Buffer.from(await source.read(entry.localHeaderOffset, 30));
  if (header.length < 30 || header.readUInt32LE(0) !== localHeaderSignature) throw new ZipFormatError(`The part ${entry.name} is damaged.`);
  const dataStart = entry.localHeaderOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
  const data = Buffer.from(await source.read(dataStart, entry.compressedSize));
  if (entry.method === 0) return data.subarray(0, maxBytes);
  if (entry.method !== 8) throw new ZipFormatError(`The part ${entry.name} uses an unsupported compression method.`);
  return inflateRawSync(data, { maxOutputLength: maxBytes });
}
