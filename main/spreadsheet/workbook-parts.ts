import type { ByteSource } from './byte-source';
import { spreadsheetErrors } from './errors';
import type { ReadLimits, SheetState } from './types';
import { readZipDirectory, readZipEntry, type ZipEntry } from './zip-directory';

/**
 * What the workbook says about itself before any sheet is read: its sheets in tab order
 * with their hidden state, and its date system. Read from the zip directly (one small
 * part) so the sheet list is right whatever order the parts sit in the zip, and so an
 * unreadable or dangerous file is refused before exceljs starts streaming.
 */
export interface WorkbookOutline {
  sheets: { name: string; state: SheetState }[];
  date1904: boolean;
}

const maxPartBytes = 32 * 1024 * 1024;

export async function readWorkbookOutline(source: ByteSource, limits: ReadLimits): Promise<WorkbookOutline> {
  let entries: ZipEntry[];
  try {
    entries = await readZipDirectory(source);
  } catch (error) {
    throw spreadsheetErrors.unreadable(source.name, error);
  }
  const byName = new Map(entries.map((e) => [e.name, e]));
  const workbookEntry = byName.get('xl/workbook.xml');
  if (!workbookEntry) {
    if (byName.has('content.xml') && byName.has('mimetype')) throw spreadsheetErrors.openDocument(source.name);
    throw spreadsheetErrors.zipNotXlsx(source.name);
  }
  refuseZipBomb(source.name, entries, limits);
  try {
    return outlineFrom((await readZipEntry(source, workbookEntry, maxPartBytes)).toString('utf8'));
  } catch (error) {
    throw spreadsheetErrors.unreadable(source.name, error);
  }
}

/**
 * Sheets stream with bounded memory, but shared strings are held whole and a single
 * enormous text node would be too, so the declared sizes are checked first.
 */
function refuseZipBomb(file: string, entries: ZipEntry[], limits: ReadLimits): void {
  const total = entries.reduce((sum, e) => sum + e.uncompressedSize, 0);
  if (total > limits.maxUncompressedBytes) throw spreadsheetErrors.zipBomb(file, total);
  for (const e of entries) {
    if (e.uncompressedSize > limits.bombMinBytes && e.uncompressedSize > limits.bombRatio * Math.max(1, e.compressedSize)) {
      throw spreadsheetErrors.packedTooTightly(file, e.compressedSize, e.uncompressedSize);
    }
  }
}

export function outlineFrom(workbookXml: string): WorkbookOutline {
  const sheets: WorkbookOutline['sheets'] = [];
  for (const match of workbookXml.matchAll(/<(?:\w+:)?sheet\b([^>]*)>/g)) {
    const attrs = attributes(match[1]);
    if (attrs.name === undefined) continue;
    const state: SheetState = attrs.state === 'hidden' || attrs.state === 'veryHidden' ? attrs.state : 'visible';
    sheets.push({ name: attrs.name, state });
  }
  const workbookPr = /<(?:\w+:)?workbookPr\b([^>]*)>/.exec(workbookXml);
  const date1904Value = workbookPr ? attributes(workbookPr[1]).date1904 : undefined;
  return { sheets, date1904: date1904Value === '1' || date1904Value === 'true' };
}

function attributes(text: string): Record<string, string> {
  const attrs: Record<string, string> = {};
  for (const m of text.matchAll(/([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) attrs[m[1]] = decodeXml(m[2] ?? m[3]);
  return attrs;
}

function decodeXml(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_, code: string) => {
    if (code[0] === '#') return String.fromCodePoint(code[1] === 'x' ? parseInt(code.slice(2), 16) : parseInt(code.slice(1), 10));
    return { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }[code] ?? '';
  });
}

