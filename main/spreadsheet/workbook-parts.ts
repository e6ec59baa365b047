import type { ByteSource } from './byte-source';
import { SpreadsheetError, spreadsheetErrors } from './errors';
import type { ReadLimits, SheetState } from './types';
import { locatePart, readZipDirectory, ZipSizesDisagree, type ZipEntry, type ZipPart } from './zip-directory';
import { PartLargerThanDeclared, PartOverCap, readWholePart } from './zip-part';

/**
 * What the workbook says about itself before any sheet is read: its sheets in tab order
 * with their hidden state, and its date system. Read from the zip directly (one small
 * part) so the sheet list is right whatever order the parts sit in the zip, and so an
 * unreadable or dangerous file is refused before exceljs starts streaming.
 */
export interface WorkbookOutline {
  sheets: { name: string; state: SheetState }[];
  date1904: boolean;
  /** The parts exceljs reads, in the order it needs them, each checked and located. */
  parts: StreamedPart[];
}

/** A part for exceljs, with the most bytes it may inflate to besides its declared size. */
export interface StreamedPart {
  part: ZipPart;
  capBytes: number;
  /** Shared strings are held whole by exceljs, so they are counted as they pass. */
  sharedStrings: boolean;
}

/** Parts exceljs holds whole besides the shared strings: relationships, the workbook, styles. */
const maxHeldPartBytes = 64 * 1024 * 1024;
const relsName = 'xl/_rels/workbook.xml.rels';
const workbookName = 'xl/workbook.xml';
const stylesName = 'xl/styles.xml';
export const sharedStringsName = 'xl/sharedStrings.xml';
/** The sheets exceljs reads (its own pattern, anchored). */
const sheetName = /^xl\/worksheets\/sheet\d+\.xml$/;

export async function readWorkbookOutline(source: ByteSource, limits: ReadLimits): Promise<WorkbookOutline> {
  let entries: ZipEntry[];
  try {
    entries = await readZipDirectory(source);
  } catch (error) {
    throw spreadsheetErrors.unreadable(source.name, error);
  }
  const byName = new Map(entries.map((e) => [e.name, e]));
  const workbookEntry = byName.get(workbookName);
  if (!workbookEntry) {
    if (byName.has('content.xml') && byName.has('mimetype')) throw spreadsheetErrors.openDocument(source.name);
    throw spreadsheetErrors.zipNotXlsx(source.name);
  }
  refuseZipBomb(source.name, entries, limits);
  const parts = await locateParts(source, plannedParts(byName, entries, limits));
  const workbook = parts.find((p) => p.part.name === workbookName)!;
  try {
    return { ...outlineFrom((await readWholePart(source, workbook.part, workbook.capBytes)).toString('utf8')), parts };
  } catch (error) {
    throw partError(source.name, error);
  }
}

/**
 * What exceljs will read, ordered so that it never has to park a sheet in a temporary
 * file (it does when a sheet comes before the shared strings, as Excel writes them):
 * relationships, workbook, styles and shared strings first, then the sheets in file
 * order. Without the relationships exceljs cannot name a sheet, so none is passed.
 */
function plannedParts(byName: Map<string, ZipEntry>, entries: ZipEntry[], limits: ReadLimits) {
  const held = [relsName, workbookName, stylesName].flatMap((name) => (byName.has(name) ? [{ entry: byName.get(name)!, capBytes: maxHeldPartBytes, sharedStrings: false }] : []));
  const strings = byName.has(sharedStringsName) ? [{ entry: byName.get(sharedStringsName)!, capBytes: limits.maxUncompressedBytes, sharedStrings: true }] : [];
  const sheets = byName.has(relsName)
    ? entries
        .filter((e) => sheetName.test(e.name))
        .sort((a, b) => a.localHeaderOffset - b.localHeaderOffset)
        .map((entry) => ({ entry, capBytes: limits.maxUncompressedBytes, sharedStrings: false }))
    : [];
  return [...held, ...strings, ...sheets];
}

/** Every part's own header is checked against the directory before a byte is inflated. */
async function locateParts(source: ByteSource, planned: { entry: ZipEntry; capBytes: number; sharedStrings: boolean }[]): Promise<StreamedPart[]> {
  const parts: StreamedPart[] = [];
  for (const { entry, capBytes, sharedStrings } of planned) {
    if (entry.uncompressedSize > capBytes) throw spreadsheetErrors.partTooLarge(source.name, entry.name, entry.uncompressedSize, capBytes);
    try {
      parts.push({ part: await locatePart(source, entry), capBytes, sharedStrings });
    } catch (error) {
      throw partError(source.name, error);
    }
  }
  return parts;
}

/** A zip part's failure in the words a person reads. */
export function partError(file: string, error: unknown): SpreadsheetError {
  if (error instanceof SpreadsheetError) return error;
  if (error instanceof ZipSizesDisagree) return spreadsheetErrors.zipSizesDisagree(file, error.part, error);
  if (error instanceof PartLargerThanDeclared) return spreadsheetErrors.falseSizes(file, error.part, error.declaredBytes, error);
  if (error instanceof PartOverCap) return spreadsheetErrors.partTooLarge(file, error.part, error.declaredBytes, error.capBytes);
  return spreadsheetErrors.unreadable(file, error);
}

/**
 * Sheets stream with bounded memory, but shared strings are held whole and a single
 * enormous text node would be too, so the declared sizes are checked first (and the
 * real sizes are held to them as the parts inflate).
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

export function outlineFrom(workbookXml: string): Omit<WorkbookOutline, 'parts'> {
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

