import * as fs from 'node:fs';
import * as path from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { memoryByteSource } from '../../main/spreadsheet/byte-source';
import { locatePart, readZipDirectory, type ZipPart } from '../../main/spreadsheet/zip-directory';
import { picker, seededRandom, type Picker } from '../../main/sandbox/random';
import { deflated, iconv, zipOfParts, type ZipPartSpec } from '../../test/spreadsheet/fixture-files';
import { ROOT } from './cli-process';

/**
 * Mutated copies of the example spreadsheets (examples/learners.csv and .xlsx), made
 * from a seed so that a run can be repeated exactly: bytes flipped, files cut short,
 * zip entries damaged in their data, their own headers or the zip's directory, parts
 * left out or their XML spoiled, text re-encoded (UTF-16 with and without a BOM,
 * Windows-1252, a BOM that lies). Each case is what a damaged download, a careless
 * export or a hostile sender could produce; the suite checks every one reads or is
 * refused in words (fuzz-files.ts).
 */

export interface FuzzCase {
  /** The file's name: its number, what was done and its extension. */
  name: string;
  bytes: Buffer;
}

interface Base {
  csv: Buffer;
  /** The example workbook as exceljs wrote it: sizes in the local headers, the sheet before the shared strings. */
  xlsx: Buffer;
  /** Its parts, inflated, in zip order. */
  parts: { name: string; data: Buffer }[];
}

type Mutation = (base: Base, pick: Picker) => Promise<{ what: string; bytes: Buffer; extension: 'csv' | 'xlsx' }> | { what: string; bytes: Buffer; extension: 'csv' | 'xlsx' };

async function exampleBase(): Promise<Base> {
  const xlsx = fs.readFileSync(path.join(ROOT, 'examples/learners.xlsx'));
  const csv = fs.readFileSync(path.join(ROOT, 'examples/learners.csv'));
  const located = await zipParts(xlsx);
  return { csv, xlsx, parts: located.map((part) => ({ name: part.name, data: inflatedPart(xlsx, part) })) };
}

async function zipParts(bytes: Buffer): Promise<ZipPart[]> {
  const source = memoryByteSource(bytes, 'base.xlsx');
  const entries = await readZipDirectory(source);
  const parts = await Promise.all(entries.map((entry) => locatePart(source, entry)));
  return parts.sort((a, b) => a.localHeaderOffset - b.localHeaderOffset);
}

function inflatedPart(zip: Buffer, part: ZipPart): Buffer {
  const data = zip.subarray(part.dataStart, part.dataStart + part.compressedSize);
  return part.method === 0 ? Buffer.from(data) : inflateRawSync(data);
}

const TEXT_ENCODINGS = ['utf-16le', 'utf-16be', 'windows-1252'] as const;

function flipBytes(bytes: Buffer, pick: Picker, from = 0, to = bytes.length): { bytes: Buffer; count: number } {
  const copy = Buffer.from(bytes);
  const count = pick.int(1, 24);
  for (let i = 0; i < count && to > from; i++) copy[pick.int(from, to - 1)] ^= pick.int(1, 255);
  return { bytes: copy, count };
}

function csvText(base: Base): string {
  return base.csv.toString('utf8').replace(/^\ufeff/, '');
}

/** The example parts zipped again, each through `change` (undefined leaves a part out). */
function rezip(base: Base, change: (part: { name: string; data: Buffer }) => Buffer | undefined, options: Partial<ZipPartSpec> = {}): Buffer {
  const specs: ZipPartSpec[] = [];
  for (const part of base.parts) {
    const data = change(part);
    if (data !== undefined) specs.push({ name: part.name, ...deflated(data), ...options });
  }
  return zipOfParts(specs);
}

/** The parts worth spoiling: the ones exceljs reads. */
const READ_PARTS = ['xl/worksheets/sheet1.xml', 'xl/sharedStrings.xml', 'xl/workbook.xml', 'xl/_rels/workbook.xml.rels', 'xl/styles.xml', '[Content_Types].xml'];

const CSV_MUTATIONS: Mutation[] = [
  (base, pick) => {
    const { bytes, count } = flipBytes(base.csv, pick);
    return { what: `csv-${count}-bytes-flipped`, bytes, extension: 'csv' };
  },
  (base, pick) => {
    const at = pick.int(0, base.csv.length - 1);
    return { what: `csv-cut-at-${at}`, bytes: base.csv.subarray(0, at), extension: 'csv' };
  },
  (base, pick) => {
    const encoding = pick.pick(TEXT_ENCODINGS);
    const bom = encoding !== 'windows-1252' && pick.chance(0.5);
    return { what: `csv-as-${encoding}${bom ? '-bom' : ''}`, bytes: iconv.encode(csvText(base), encoding, { addBOM: bom }), extension: 'csv' };
  },
  (base, pick) => {
    // A BOM that lies: UTF-8 bytes behind a UTF-16 BOM, or UTF-16 behind a UTF-8 one.
    const utf16 = pick.chance(0.5);
    const body = utf16 ? iconv.encode(csvText(base), pick.pick(['utf-16le', 'utf-16be'])) : Buffer.from(csvText(base), 'utf8');
    const bom = utf16 ? Buffer.from([0xef, 0xbb, 0xbf]) : Buffer.from(pick.chance(0.5) ? [0xff, 0xfe] : [0xfe, 0xff]);
    return { what: `csv-${utf16 ? 'utf16-behind-utf8-bom' : 'utf8-behind-utf16-bom'}`, bytes: Buffer.concat([bom, body]), extension: 'csv' };
  },
  (base, pick) => {
    const encoding = pick.pick(TEXT_ENCODINGS);
    const { bytes, count } = flipBytes(iconv.encode(csvText(base), encoding, { addBOM: encoding !== 'windows-1252' }), pick);
    return { what: `csv-as-${encoding}-${count}-bytes-flipped`, bytes, extension: 'csv' };
  },
  (base, pick) => {
    const encoding = pick.pick(['utf-16le', 'utf-16be'] as const);
    const whole = iconv.encode(csvText(base), encoding, { addBOM: true });
    const at = pick.int(1, whole.length - 1);
    return { what: `csv-as-${encoding}-cut-at-${at}`, bytes: whole.subarray(0, at), extension: 'csv' };
  },
  (base, pick) => {
    const lines = csvText(base).split('\r\n');
    const quoted = lines.map((line) => (pick.chance(0.15) ? line.replace(/,/, ',"') : line));
    return { what: 'csv-stray-quotes', bytes: Buffer.from(quoted.join('\r\n')), extension: 'csv' };
  },
  (base, pick) => {
    const delimiter = pick.pick([';', '\t', '|']);
    const lineEnd = pick.pick(['\r\n', '\n', '\r']);
    const text = csvText(base).split('\r\n').map((line) => line.replaceAll(',', delimiter)).join(lineEnd);
    return { what: `csv-delimiter-${delimiter === '\t' ? 'tab' : delimiter}-line-end-${JSON.stringify(lineEnd).slice(1, -1)}`, bytes: Buffer.from(text), extension: 'csv' };
  },
  (base, pick) => {
    const junk = Buffer.from(Array.from({ length: pick.int(1, 600) }, () => pick.int(0, 255)));
    const at = pick.int(0, base.csv.length);
    return { what: `csv-${junk.length}-random-bytes-inserted`, bytes: Buffer.concat([base.csv.subarray(0, at), junk, base.csv.subarray(at)]), extension: 'csv' };
  },
  (base, pick) => {
    const lines = csvText(base).split('\r\n');
    const kept = lines.filter(() => !pick.chance(0.3));
    const shuffled = pick.chance(0.5) ? [kept[0], ...kept] : kept.map((line) => (pick.chance(0.2) ? `${line},extra,"cell"` : line));
    return { what: 'csv-lines-dropped-or-doubled', bytes: Buffer.from(shuffled.join('\r\n')), extension: 'csv' };
  },
  (base, pick) => {
    // A workbook named .csv, or text named .xlsx: the bytes decide, not the name.
    const workbook = pick.chance(0.5);
    return { what: workbook ? 'xlsx-named-csv' : 'csv-named-xlsx', bytes: workbook ? base.xlsx : base.csv, extension: workbook ? 'csv' : 'xlsx' };
  },
];

const XLSX_MUTATIONS: Mutation[] = [
  (base, pick) => {
    const { bytes, count } = flipBytes(base.xlsx, pick);
    return { what: `xlsx-${count}-bytes-flipped`, bytes, extension: 'xlsx' };
  },
  (base, pick) => {
    const at = pick.int(0, base.xlsx.length - 1);
    return { what: `xlsx-cut-at-${at}`, bytes: base.xlsx.subarray(0, at), extension: 'xlsx' };
  },
  async (base, pick) => {
    const part = pick.pick((await zipParts(base.xlsx)).filter((p) => p.compressedSize > 0));
    const { bytes, count } = flipBytes(base.xlsx, pick, part.dataStart, part.dataStart + part.compressedSize);
    return { what: `xlsx-entry-data-damaged-${count}-in-${part.name.replace(/\W+/g, '_')}`, bytes, extension: 'xlsx' };
  },
  async (base, pick) => {
    const part = pick.pick(await zipParts(base.xlsx));
    const field = pick.pick([
      ['method', 8, 2],
      ['compressed-size', 18, 4],
      ['size', 22, 4],
      ['name-length', 26, 2],
      ['extra-length', 28, 2],
      ['signature', 0, 4],
    ] as const);
    const bytes = Buffer.from(base.xlsx);
    const at = part.localHeaderOffset + field[1];
    if (field[2] === 2) bytes.writeUInt16LE(pick.pick([0, 1, 0xffff, pick.int(0, 0xffff)]), at);
    else bytes.writeUInt32LE(pick.pick([0, 1, 0xffffffff, pick.int(0, 0xffffffff)]), at);
    return { what: `xlsx-local-${field[0]}-of-${part.name.replace(/\W+/g, '_')}`, bytes, extension: 'xlsx' };
  },
  async (base, pick) => {
    // A field of the zip's directory: an entry's sizes, offset, name length or method, or the entry count.
    const bytes = Buffer.from(base.xlsx);
    const end = bytes.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    const directoryAt = bytes.readUInt32LE(end + 16);
    const entries = (await zipParts(base.xlsx)).length;
    const which = pick.int(0, entries);
    let at = directoryAt;
    for (let i = 0; i < which && i < entries; i++) at += 46 + bytes.readUInt16LE(at + 28) + bytes.readUInt16LE(at + 30) + bytes.readUInt16LE(at + 32);
    const field = which === entries ? (['entry-count', end + 10, 2] as const) : pick.pick([['method', at + 10, 2], ['compressed-size', at + 20, 4], ['size', at + 24, 4], ['name-length', at + 28, 2], ['offset', at + 42, 4]] as const);
    if (field[2] === 2) bytes.writeUInt16LE(pick.pick([0, 1, 0xffff, pick.int(0, 0xffff)]), field[1]);
    else bytes.writeUInt32LE(pick.pick([0, 1, 0xffffffff, pick.int(0, 0xffffffff)]), field[1]);
    return { what: `xlsx-directory-${field[0]}`, bytes, extension: 'xlsx' };
  },
  (base, pick) => {
    const left = pick.pick(READ_PARTS);
    return { what: `xlsx-without-${left.replace(/\W+/g, '_')}`, bytes: rezip(base, (p) => (p.name === left ? undefined : p.data)), extension: 'xlsx' };
  },
  (base, pick) => {
    const spoiled = pick.pick(READ_PARTS);
    return {
      what: `xlsx-xml-bytes-flipped-in-${spoiled.replace(/\W+/g, '_')}`,
      bytes: rezip(base, (p) => (p.name === spoiled ? flipBytes(p.data, pick).bytes : p.data)),
      extension: 'xlsx',
    };
  },
  (base, pick) => {
    const spoiled = pick.pick(READ_PARTS);
    return { what: `xlsx-xml-cut-short-in-${spoiled.replace(/\W+/g, '_')}`, bytes: rezip(base, (p) => (p.name === spoiled ? p.data.subarray(0, pick.int(0, p.data.length - 1)) : p.data)), extension: 'xlsx' };
  },
  (base, pick) => {
    // XML re-encoded: UTF-16 (its declaration left saying UTF-8, or changed), or Windows-1252.
    const spoiled = pick.pick(['xl/worksheets/sheet1.xml', 'xl/sharedStrings.xml', 'xl/workbook.xml']);
    const encoding = pick.pick(TEXT_ENCODINGS);
    const declare = pick.chance(0.5);
    return {
      what: `xlsx-xml-as-${encoding}${declare ? '-declared' : ''}-in-${spoiled.replace(/\W+/g, '_')}`,
      bytes: rezip(base, (p) => (p.name === spoiled ? iconv.encode(declare ? p.data.toString('utf8').replace('UTF-8', encoding.toUpperCase()) : p.data.toString('utf8'), encoding, { addBOM: encoding !== 'windows-1252' }) : p.data)),
      extension: 'xlsx',
    };
  },
  (base, pick) => {
    // Shared-string references out of range, cell types and rows gone wrong.
    const sheet = (p: { data: Buffer }) =>
      p.data
        .toString('utf8')
        .replace(/<v>(\d+)<\/v>/g, (whole, n: string) => (pick.chance(0.2) ? `<v>${pick.pick(['-1', '999999999', 'x', '', n + n])}</v>` : whole))
        .replace(/ r="(\d+)"/g, (whole) => (pick.chance(0.1) ? ` r="${pick.pick(['0', '-3', '2000000', 'A'])}"` : whole))
        .replace(/ t="s"/g, (whole) => (pick.chance(0.1) ? ` t="${pick.pick(['e', 'b', 'n', 'str', 'd', 'zz'])}"` : whole));
    return { what: 'xlsx-sheet-references-spoiled', bytes: rezip(base, (p) => (p.name === 'xl/worksheets/sheet1.xml' ? Buffer.from(sheet(p)) : p.data)), extension: 'xlsx' };
  },
  (base, pick) => {
    // Written as streaming writers do (sizes after the data), parts shuffled, some twice.
    const order = [...base.parts];
    for (let i = order.length - 1; i > 0; i--) {
      const j = pick.int(0, i);
      [order[i], order[j]] = [order[j], order[i]];
    }
    const twice = pick.chance(0.3) ? [pick.pick(order)] : [];
    const specs = [...order, ...twice].map((p) => ({ name: p.name, ...deflated(p.data), dataDescriptor: pick.chance(0.7) }));
    const { bytes, count } = pick.chance(0.5) ? flipBytes(zipOfParts(specs), pick) : { bytes: zipOfParts(specs), count: 0 };
    return { what: `xlsx-rezipped-shuffled${twice.length ? '-duplicate-part' : ''}${count ? `-${count}-bytes-flipped` : ''}`, bytes, extension: 'xlsx' };
  },
];

/**
 * `count` cases from `seed`, alternating text and workbook mutations and cycling
 * through each family's kinds, so every kind is tried whatever the count.
 */
export async function fuzzCases(seed: number, count: number): Promise<FuzzCase[]> {
  const base = await exampleBase();
  const pick = picker(seededRandom(seed));
  const cases: FuzzCase[] = [];
  for (let i = 0; i < count; i++) {
    const family = i % 2 === 0 ? CSV_MUTATIONS : XLSX_MUTATIONS;
    const mutation = family[Math.floor(i / 2) % family.length];
    const made = await mutation(base, pick);
    cases.push({ name: `fuzz-${String(i + 1).padStart(4, '0')}-${made.what.slice(0, 100)}.${made.extension}`, bytes: made.bytes });
  }
  return cases;
}
