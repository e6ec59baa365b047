import ExcelJS from 'exceljs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, deflateRawSync } from 'node:zlib';

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
  const locals: Buffer[] = [];
  const directory: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const data = Buffer.from(entry.data);
    const compressed = deflateRawSync(data);
    const name = Buffer.from(entry.name, 'utf8');
    const sizes = (header: Buffer, at: number) => {
      header.writeUInt32LE(crc32(data), at);
      header.writeUInt32LE(compressed.length, at + 4);
      header.writeUInt32LE(data.length, at + 8);
    };
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    sizes(local, 14);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    sizes(central, 16);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, compressed);
    directory.push(central, name);
    offset += local.length + name.length + compressed.length;
  }
  const directoryBytes = Buffer.concat(directory);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directoryBytes.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directoryBytes, end]);
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
