import ExcelJS from 'exceljs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSpreadsheet, SpreadsheetError } from '../../main/spreadsheet';
import { constants as zlibConstants, crc32, deflateRawSync } from 'node:zlib';

/**
 * Fixtures are made by the tests themselves (exceljs workbooks, raw bytes, hand-built
 * zips) in a temporary folder, so every file's exact content is visible in the test.
 */
export interface FixtureFolder {
  path(name: string): string;
  bytes(name: string, content: Uint8Array | string): Promise<string>;
  workbook(name: string, build: (workbook: ExcelJS.Workbook) => void): Promise<string>;
  remove(): Promise<void>;
}

export async function fixtureFolder(): Promise<FixtureFolder> {
  const dir = await mkdtemp(join(tmpdir(), 'spreadsheet-test-'));
  const path = (name: string) => join(dir, name);
  return {
    path,
    async bytes(name, content) {
      await writeFile(path(name), content);
      return path(name);
    },
    async workbook(name, build) {
      const workbook = new ExcelJS.Workbook();
      build(workbook);
      await workbook.xlsx.writeFile(path(name));
      return path(name);
    },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

/** A minimal zip writer (deflate, no data descriptors) for files exceljs would never write. */
export function zipOf(entries: { name: string; data: Buffer | string }[]): Buffer {
  return zipOfParts(entries.map((entry) => ({ name: entry.name, ...deflated(Buffer.from(entry.data)) })));
}

/**
 * A part as a hand-built zip holds it: its deflated bytes and real size, and, for a
 * hostile file, the sizes its headers claim instead (`declaredSize` in both the local
 * header and the directory, `localSize` in the local header alone). `dataDescriptor`
 * sets flag bit 3 and zeroes the local sizes, as streaming zip writers do.
 */
export interface ZipPartSpec {
  name: string;
  compressed: Buffer;
  size: number;
  crc: number;
  declaredSize?: number;
  localSize?: number;
  dataDescriptor?: boolean;
}

export function deflated(data: Buffer): Pick<ZipPartSpec, 'compressed' | 'size' | 'crc'> {
  return { compressed: deflateRawSync(data), size: data.length, crc: crc32(data) };
}

export function zipOfParts(parts: ZipPartSpec[]): Buffer {
  const locals: Buffer[] = [];
  const directory: Buffer[] = [];
  let offset = 0;
  for (const part of parts) {
    const name = Buffer.from(part.name, 'utf8');
    const declared = part.declaredSize ?? part.size;
    const sizes = (header: Buffer, at: number, compressedSize: number, size: number) => {
      header.writeUInt32LE(part.crc, at);
      header.writeUInt32LE(compressedSize, at + 4);
      header.writeUInt32LE(size, at + 8);
    };
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(part.dataDescriptor ? 0x08 : 0, 6);
    local.writeUInt16LE(8, 8);
    if (part.dataDescriptor) sizes(local, 14, 0, 0);
    else sizes(local, 14, part.compressed.length, part.localSize ?? declared);
    local.writeUInt16LE(name.length, 26);
    const descriptor = Buffer.alloc(part.dataDescriptor ? 16 : 0);
    if (part.dataDescriptor) {
      descriptor.writeUInt32LE(0x08074b50, 0);
      descriptor.writeUInt32LE(part.crc, 4);
      descriptor.writeUInt32LE(part.compressed.length, 8);
      descriptor.writeUInt32LE(declared, 12);
    }
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(part.dataDescriptor ? 0x08 : 0, 8);
    central.writeUInt16LE(8, 10);
    sizes(central, 16, part.compressed.length, declared);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, part.compressed, descriptor);
    directory.push(central, name);
    offset += local.length + name.length + part.compressed.length + descriptor.length;
  }
  const directoryBytes = Buffer.concat(directory);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(directoryBytes.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directoryBytes, end]);
}

/**
 * Deflated XML of any size, made in milliseconds: `before`, then `fillMegabytes` MB of
 * one repeated character, then `after`. Each piece is deflated on its own and ends on a
 * byte boundary (a sync flush), and a piece refers back only within itself, so one
 * compressed megabyte can be repeated as often as wanted: 1 GB deflates to about 1 MB.
 * The CRC is left 0 (no reader here checks it).
 */
export function repetitiveDeflated(before: string, fill: string, fillMegabytes: number, after: string): Pick<ZipPartSpec, 'compressed' | 'size' | 'crc'> {
  const flush = { finishFlush: zlibConstants.Z_SYNC_FLUSH };
  const megabyte = deflateRawSync(Buffer.alloc(1024 * 1024, fill), flush);
  const compressed = Buffer.concat([deflateRawSync(Buffer.from(before), flush), ...Array.from({ length: fillMegabytes }, () => megabyte), deflateRawSync(Buffer.from(after))]);
  return { compressed, size: Buffer.byteLength(before) + fillMegabytes * 1024 * 1024 + Buffer.byteLength(after), crc: 0 };
}

/** Rewrites the uncompressed size a zip's central directory declares for one part. */
export function withDeclaredSize(zip: Buffer, partName: string, size: number): Buffer {
  const copy = Buffer.from(zip);
  for (let at = copy.length - 22; at >= 0; at--) {
    if (copy.readUInt32LE(at) !== 0x02014b50) continue;
    const nameLength = copy.readUInt16LE(at + 28);
    if (copy.toString('utf8', at + 46, at + 46 + nameLength).replace(/^\//, '') === partName) {
      copy.writeUInt32LE(size, at + 24);
      return copy;
    }
  }
  throw new Error(`No part ${partName} in the zip`);
}

/** The smallest workbook parts exceljs will read, around one sheet's XML. */
export function minimalWorkbookParts(sheetXml: string): { name: string; data: string }[] {
  return [
    {
      name: '[Content_Types].xml',
      data: '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
    },
    {
      name: '_rels/.rels',
      data: '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    },
    {
      name: 'xl/workbook.xml',
      data: '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Learners" sheetId="1" r:id="rId1"/></sheets></workbook>',
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data: '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
    },
    { name: 'xl/worksheets/sheet1.xml', data: sheetXml },
  ];
}

/** Text encoded for a fixture; iconv-lite covers Windows-1252 and UTF-16 BE. */
export { default as iconv } from 'iconv-lite';

/** The SpreadsheetError reading `path` ends in (fails the test if it reads, or fails otherwise). */
export async function failureOf(path: string): Promise<SpreadsheetError> {
  const error = await readSpreadsheet(path).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof SpreadsheetError)) throw new Error(`expected a SpreadsheetError, got ${String(error)}`);
  return error;
}

/**
 * A zip bomb with false sizes: a workbook whose shared strings claim `declaredSize` bytes
 * (in the directory and, unless `localSize` differs, in their own header) and inflate
 * to `fillMegabytes` MB of one text. 3,072 MB make a file of about 3 MB.
 */
export function falseSizesWorkbook(fillMegabytes: number, options: { declaredSize?: number; localSize?: number; dataDescriptor?: boolean } = {}): Buffer {
  const sheetXml =
    '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>' +
    '<row r="1"><c r="A1" t="inlineStr"><is><t>Forename</t></is></c></row><row r="2"><c r="A2" t="s"><v>0</v></c></row></sheetData></worksheet>';
  const strings = repetitiveDeflated('<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>', 'a', fillMegabytes, '</t></si></sst>');
  return zipOfParts([
    ...minimalWorkbookParts(sheetXml).map((part) => ({ name: part.name, ...deflated(Buffer.from(part.data)) })),
    { name: 'xl/sharedStrings.xml', ...strings, declaredSize: options.declaredSize ?? 4096, localSize: options.localSize, dataDescriptor: options.dataDescriptor },
  ]);
}
