import { spawn } from 'node:child_process';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SaxesParser } from 'saxes';
import { readSpreadsheet } from '../main/spreadsheet';
import { atMost, round, type BenchmarkReport, type Figure } from './figures';
import { readMapValidate } from './file-intake';
import { generateCentre, writeIlrFile, type IlrLearnerSpec } from '../test/ilr/ilr-generator';

/**
 * ILR intake: a 100 MB ILR file (about 33,000 learners with every sensitive block an
 * MIS writes) read, mapped and validated as `check` does, against saxes's bare
 * streaming parse of the same file (the floor: reading XML at all) and our CSV read of
 * the same learners' rows (what the same import costs from a CSV). Each measurement
 * runs in its own child process, so its peak memory is its own.
 *
 *   node bin/run-ts bench/ilr-intake.ts [--mb 100]
 *   npm run bench -- --only ilr-intake
 */

interface Measurement {
  name: string;
  ms: number;
  peakRssMb: number;
  rows: number;
}

export interface IlrIntakeResult {
  ilrMb: number;
  learners: number;
  csvMb: number;
  measurements: Measurement[];
}

const EMPLOYERS = ['154549452', '100200300', '100200301', '100200302', '100200303'];
/** Bytes of one generated learner, near enough to size the file. */
const BYTES_PER_LEARNER = 3_020;

const measures: Record<string, (file: string) => Promise<number>> = {
  idle: async () => 0,
  ours: readMapValidate,
  'saxes-bare': bareSaxes,
};

/** saxes over the file's chunks, counting learners and keeping nothing. */
async function bareSaxes(file: string): Promise<number> {
  const parser = new SaxesParser({ xmlns: true });
  let learners = 0;
  parser.on('opentag', (tag) => {
    if (tag.local === 'Learner') learners += 1;
  });
  for await (const chunk of createReadStream(file, { encoding: 'utf8', highWaterMark: 64 * 1024 })) parser.write(chunk as string);
  parser.close();
  return learners;
}

async function measureHere(name: string, file: string): Promise<Measurement> {
  let peakRss = process.memoryUsage.rss();
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 20);
  const started = performance.now();
  const rows = await measures[name](file);
  const ms = performance.now() - started;
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
  clearInterval(sampler);
  return { name, ms: Math.round(ms), peakRssMb: Math.round(peakRss / (1024 * 1024)), rows };
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

function* learners(count: number): Generator<IlrLearnerSpec> {
  // In blocks, so the generator's own arrays stay small whatever the file's size.
  for (let done = 0; done < count; done += 1_000) {
    const block = generateCentre({ learners: Math.min(1_000, count - done), tag: `B${String(done / 1_000).padStart(3, '0')}`, seed: done + 1, employers: EMPLOYERS });
    for (const learner of block) yield learner.spec;
  }
}

const csvCell = (text: string) => (/[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);

export async function benchIlrIntake(options: { megabytes?: number; print?: boolean } = {}): Promise<IlrIntakeResult> {
  const megabytes = options.megabytes ?? 100;
  const dir = await mkdtemp(join(tmpdir(), 'ilr-intake-'));
  try {
    const ilr = join(dir, 'ILR-10012345-2425-20250106-090000-01.xml');
    const count = writeIlrFile(ilr, learners(Math.round((megabytes * 1024 * 1024) / BYTES_PER_LEARNER)));
    // The same learners' rows as a CSV export would hold them.
    const { table } = await readSpreadsheet(ilr);
    const csv = join(dir, 'same-learners.csv');
    await writeFile(csv, `${[table.headers, ...table.rows.map((row) => row.cells)].map((cells) => cells.map(csvCell).join(',')).join('\r\n')}\r\n`);

    const measurements: Measurement[] = [];
    for (const [name, file, label] of [
      ['idle', csv, 'child process at rest'],
      ['ours', ilr, 'ours: read+map+validate (ilr)'],
      ['saxes-bare', ilr, 'bare: saxes stream (ilr)'],
      ['ours', csv, 'ours: read+map+validate (csv of the same rows)'],
    ] as const) {
      measurements.push(await measureInChild(name, file, label));
    }
    const result: IlrIntakeResult = { ilrMb: await sizeMb(ilr), learners: count, csvMb: await sizeMb(csv), measurements };
    if (options.print ?? true) printResult(result);
    return result;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function sizeMb(file: string): Promise<number> {
  return round((await stat(file)).size / (1024 * 1024), 1);
}

function printResult(result: IlrIntakeResult): void {
  console.log(`ILR intake: ${result.learners.toLocaleString('en-GB')} learners, ILR ${result.ilrMb} MB; the rows read as CSV ${result.csvMb} MB`);
  for (const m of result.measurements) {
    console.log(`${m.name.padEnd(48)}${String(m.rows).padStart(8)}${(m.ms / 1000).toFixed(2).padStart(8)} s${String(m.peakRssMb).padStart(7)} MB peak RSS`);
  }
}

/** The figures `npm run bench` prints: the ILR's peak memory and time against the bare parse and the CSV of the same rows. */
export async function runIlrIntake(megabytes: number): Promise<BenchmarkReport & { raw?: IlrIntakeResult }> {
  const started = Date.now();
  const result = await benchIlrIntake({ megabytes, print: false });
  const find = (prefix: string) => result.measurements.find((m) => m.name.startsWith(prefix))!;
  const [idle, ours, bare, csv] = [find('child'), find('ours: read+map+validate (ilr)'), find('bare'), find('ours: read+map+validate (csv')];
  const figures: Figure[] = [
    {
      name: 'ilr: peak RSS',
      value: ours.peakRssMb,
      unit: 'MB',
      reference: { label: 'csv of the same rows MB', value: csv.peakRssMb },
      ratio: ours.peakRssMb / csv.peakRssMb,
      goal: atMost(round(ours.peakRssMb / csv.peakRssMb, 2), 1.5),
      note: 'The ILR is read streaming; only the mapped fields of the learners read are kept, as a CSV of those rows would be.',
    },
    { name: 'ilr: peak RSS above an idle child', value: ours.peakRssMb - idle.peakRssMb, unit: 'MB', reference: { label: 'bare saxes MB', value: bare.peakRssMb - idle.peakRssMb } },
    { name: 'ilr: time', value: round(ours.ms / 1000, 2), unit: 's', reference: { label: 'bare saxes s', value: round(bare.ms / 1000, 2) }, ratio: ours.ms / bare.ms },
    { name: 'ilr: learners in the file / rows read', value: bare.rows, unit: '', reference: { label: 'rows', value: ours.rows } },
  ];
  return {
    id: 'ilr-intake',
    title: `ILR intake: a ${result.ilrMb} MB ILR (${result.learners.toLocaleString('en-GB')} learners)`,
    setup: 'read + auto-map + validate as check does, each measurement in its own child process, against saxes\'s bare streaming parse of the same file and our read of a CSV of the same rows.',
    durationMs: Date.now() - started,
    figures,
    raw: result,
  };
}

const invokedDirectly = process.argv[1] !== undefined && resolve(process.argv[1]) === thisFile;
if (invokedDirectly) {
  const args = process.argv.slice(2);
  if (args[0] === '--measure') {
    console.log(JSON.stringify(await measureHere(args[1], args[2])));
  } else {
    const at = args.indexOf('--mb');
    await benchIlrIntake({ megabytes: at >= 0 ? Number(args[at + 1]) : undefined });
  }
}
