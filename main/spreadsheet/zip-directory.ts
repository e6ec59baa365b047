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

/** A part whose data has been found: where its compressed bytes start in the file. */
export interface ZipPart extends ZipEntry {
  dataStart: number;
}

/** The part's own (local) header gives sizes or a method other than the directory's. */
export class ZipSizesDisagree extends ZipFormatError {
  constructor(readonly part: string) {
    super(`The part ${part} has other sizes or another method in its own header than in the zip directory.`);
  }
}

/**
 * Finds a part's data after its local header, and checks that header agrees with the
 * directory: a reader that walks the local headers (as exceljs's unzipper does) and one
 * that reads the directory (as we do) must see the same part, or a zip bomb could show
 * one size to the check and inflate another. A header that defers its sizes to a data
 * descriptor (flag bit 3, sizes 0) is normal and agrees by definition.
 */
export async function locatePart(source: ByteSource, entry: ZipEntry): Promise<ZipPart> {
  const header = Buffer.from(await source.read(entry.localHeaderOffset, 30));
  if (header.length < 30 || header.readUInt32LE(0) !== localHeaderSignature) throw new ZipFormatError(`The part ${entry.name} is damaged.`);
  const flags = header.readUInt16LE(6);
  const nameLength = header.readUInt16LE(26);
  const extraLength = header.readUInt16LE(28);
  let compressedSize = header.readUInt32LE(18);
  let uncompressedSize = header.readUInt32LE(22);
  if (compressedSize === 0xffffffff || uncompressedSize === 0xffffffff) {
    const extra = Buffer.from(await source.read(entry.localHeaderOffset + 30 + nameLength, extraLength));
    ({ compressedSize, uncompressedSize } = localZip64Sizes(extra, compressedSize, uncompressedSize));
  }
  const deferred = (flags & 0x08) !== 0 && compressedSize === 0 && uncompressedSize === 0;
  const agrees = header.readUInt16LE(8) === entry.method && (deferred || (compressedSize === entry.compressedSize && uncompressedSize === entry.uncompressedSize));
  if (!agrees) throw new ZipSizesDisagree(entry.name);
  const dataStart = entry.localHeaderOffset + 30 + nameLength + extraLength;
  if (dataStart + entry.compressedSize > source.size) throw new ZipFormatError(`The part ${entry.name} runs past the end of the file.`);
  return { ...entry, dataStart };
}

/** In a local header, zip64's extra field 0x0001 holds both sizes, uncompressed first. */
function localZip64Sizes(extra: Buffer, compressedSize: number, uncompressedSize: number) {
  for (let at = 0; at + 4 <= extra.length; at += 4 + extra.readUInt16LE(at + 2)) {
    if (extra.readUInt16LE(at) === 0x0001 && extra.readUInt16LE(at + 2) >= 16 && at + 20 <= extra.length) {
      return { uncompressedSize: Number(extra.readBigUInt64LE(at + 4)), compressedSize: Number(extra.readBigUInt64LE(at + 12)) };
    }
  }
  return { compressedSize, uncompressedSize };
}
