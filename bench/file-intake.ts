import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { spawn } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readSpreadsheet } from '../main/spreadsheet';
import { autoMap, toMapping } from '../shared/mapping';
import { mapTable } from '../shared/mapped-rows';
import { validateRows, type ValidationContext } from '../shared/validate';
import { writeLearnersCsv, writeLearnersXlsx } from './file-intake-data';

/**
 * File intake benchmark: how long reading a 100,000-learner file takes and how much
 * memory it needs, against the bare libraries underneath (exceljs's streaming reader,
 * papaparse), so the ratio shows what our reading adds. Each measurement runs in its own
 * child process, so its peak memory is its own.
 *
 *   node bin/run-ts bench/file-intake.ts [--rows 100000]
 */
export interface FileIntakeOptions {
  rows?: number;
  /** Print the table to stdout (default true). */
  print?: boolean;
}

export interface Measurement {
  name: string;
  ms: number;
  peakRssMb: number;
  peakHeapMb: number;
  rows: number;
}

export interface FileIntakeResult {
  rows: number;
  xlsxMb: number;
  csvMb: number;
  measurements: Measurement[];
}

/**
 * The whole intake a user waits for: read the file, map its columns automatically,
 * read every mapped cell and validate every row (duplicates across the file included),
 * exactly as `onefile-import check` does.
 */
export async function readMapValidate(filePath: string): Promise<number> {
  const { table } = await readSpreadsheet(filePath);
  const context: ValidationContext = { today: '2026-11-23', defaultRole: 'learner' };
  const mapped = autoMap(table.headers, undefined, { defaultRole: 'learner' });
  const mapping = toMapping(mapped.columns);
  context.valueMaps = mapping.values;
  const rows = mapTable(table, mapping, context);
  const validation = validateRows(rows, context);
  if (mapped.columns.filter((c) => c.field !== null).length < 10) throw new Error('the benchmark file did not map: its figures would not be the real intake');
  return validation.rows.length;
}

const measures: Record<string, (file: string) => Promise<number>> = {
  idle: async () => 0,
  ours: readMapValidate,
  'exceljs-bare': bareExcelJs,
  'papaparse-bare': barePapaparse,
};

/** exceljs's streaming reader with the options we use, touching every row and nothing more. */
async function bareExcelJs(file: string): Promise<number> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, {
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'cache',
    worksheets: 'emit',
  }) as unknown as AsyncIterable<AsyncIterable<unknown>>;
  let rows = 0;
  for await (const sheet of reader) for await (const _row of sheet) rows++;
  return rows;
}

function barePapaparse(file: string): Promise<number> {
  let rows = 0;
  return new Promise((done, fail) => {
    Papa.parse(createReadStream(file) as unknown as NodeJS.ReadableStream, {
      step: () => void rows++,
      complete: () => done(rows),
      error: fail,
    });
  });
}

/** Runs inside the child: one measurement, peak memory sampled every 20 ms. */
async function measureHere(name: string, file: string): Promise<Measurement> {
  let peakRss = process.memoryUsage.rss();
  let peakHeap = process.memoryUsage().heapUsed;
  const sample = () => {
    const usage = process.memoryUsage();
    peakRss = Math.max(peakRss, usage.rss);
    peakHeap = Math.max(peakHeap, usage.heapUsed);
  };
  const sampler = setInterval(sample, 20);
  const started = performance.now();
  const rows = await measures[name](file);
  const ms = performance.now() - started;
  sample();
  clearInterval(sampler);
  const mb = (bytes: number) => Math.round(bytes / (1024 * 1024));
  return { name, ms: Math.round(ms), peakRssMb: mb(peakRss), peakHeapMb: mb(peakHeap), rows };
}

const thisFile = fileURLToPath(import.meta.url);
const runTs = fileURLToPath(new URL('../bin/run-ts', import.meta.url));

function measureInChild(name: string, file: string, label: string): Promise<Measurement> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [runTs, thisFile, '--measure', name, file], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', fail);
    child.on('close', (code) => {
      const line = out.trim().split('\n').pop() ?? '';
      if (code !== 0 || !line.startsWith('{')) return fail(new Error(`${label}: the measurement exited with ${code}`));
      done({ ...(JSON.parse(line) as Measurement), name: label });
    });
  });
}

export async function benchFileIntake(opts: FileIntakeOptions = {}): Promise<FileIntakeResult> {
  const rows = opts.rows ?? 100_000;
  const dir = await mkdtemp(join(tmpdir(), 'file-intake-'));
  try {
    const xlsx = await writeLearnersXlsx(dir, rows);
    const csv = await writeLearnersCsv(dir, rows);
    const measurements: Measurement[] = [];
    // One after another: the machine has two cores, and parallel runs would skew times.
    for (const [name, file, label] of [
      ['idle', csv, 'child process at rest'],
      ['ours', xlsx, 'ours: read+map+validate (xlsx)'],
      ['exceljs-bare', xlsx, 'bare: exceljs stream (xlsx)'],
      ['ours', csv, 'ours: read+map+validate (csv)'],
      ['papaparse-bare', csv, 'bare: papaparse stream (csv)'],
    ] as const) {
      measurements.push(await measureInChild(name, file, label));
    }
    const result: FileIntakeResult = { rows, xlsxMb: await megabytes(xlsx), csvMb: await megabytes(csv), measurements };
    if (opts.print ?? true) printResult(result);
    return result;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function megabytes(path: string): Promise<number> {
  return Math.round(((await stat(path)).size / (1024 * 1024)) * 10) / 10;
}

function printResult({ rows, xlsxMb, csvMb, measurements }: FileIntakeResult): void {
  const [idle, oursXlsx, bareXlsx, oursCsv, bareCsv] = measurements;
  console.log(`File intake: ${rows.toLocaleString('en-GB')} learners x 20 columns (xlsx ${xlsxMb} MB, csv ${csvMb} MB)`);
  console.log(['measurement'.padEnd(32), 'rows'.padStart(9), 'time s'.padStart(8), 'peak RSS MB'.padStart(12), 'peak heap MB'.padStart(13)].join(''));
  for (const m of measurements) {
    console.log([m.name.padEnd(32), String(m.rows).padStart(9), (m.ms / 1000).toFixed(2).padStart(8), String(m.peakRssMb).padStart(12), String(m.peakHeapMb).padStart(13)].join(''));
  }
  const ratio = (ours: Measurement, bare: Measurement) =>
    `time x${(ours.ms / bare.ms).toFixed(2)}, peak RSS x${(ours.peakRssMb / bare.peakRssMb).toFixed(2)} ` +
    `(above an idle child: ${ours.peakRssMb - idle.peakRssMb} MB vs ${bare.peakRssMb - idle.peakRssMb} MB)`;
  console.log(`ours/bare xlsx: ${ratio(oursXlsx, bareXlsx)}`);
  console.log(`ours/bare csv:  ${ratio(oursCsv, bareCsv)}`);
}

const invokedDirectly = process.argv[1] !== undefined && resolve(process.argv[1]) === thisFile;
if (invokedDirectly) {
  const args = process.argv.slice(2);
  if (args[0] === '--measure') {
    console.log(JSON.stringify(await measureHere(args[1], args[2])));
  } else {
    const rowsAt = args.indexOf('--rows');
    await benchFileIntake({ rows: rowsAt >= 0 ? Number(args[rowsAt + 1]) : undefined });
  }
}
