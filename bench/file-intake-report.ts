import { round, type BenchmarkReport, type Figure } from './figures';

/**
 * The file-intake benchmark (bench/file-intake.ts, its own engineer's) as figures:
 * our read + map + validate against the bare library read underneath, for XLSX and
 * CSV. It is loaded when the run reaches it, so the other benchmarks run even before
 * it exists.
 */

interface Measurement {
  name: string;
  ms: number;
  peakRssMb: number;
  rows: number;
}

interface FileIntakeResult {
  rows: number;
  xlsxMb: number;
  csvMb: number;
  measurements: Measurement[];
}

type BenchFileIntake = (options: { rows?: number; print?: boolean }) => Promise<FileIntakeResult>;

export async function runFileIntake(rows: number): Promise<BenchmarkReport & { raw?: FileIntakeResult }> {
  const started = Date.now();
  const base = {
    id: 'file-intake',
    title: `File intake: ${rows.toLocaleString('en-GB')} rows x 20 columns`,
    setup: 'read + auto-map + validate every row, XLSX and CSV, each measurement in its own child process, against exceljs\'s and papaparse\'s bare streaming reads.',
  };
  let bench: BenchFileIntake | undefined;
  try {
    const loaded = (await import('./file-intake')) as { benchFileIntake?: BenchFileIntake };
    bench = loaded.benchFileIntake;
  } catch (error) {
    return { ...base, durationMs: 0, figures: [], skipped: `bench/file-intake.ts could not be loaded (${error instanceof Error ? error.message : String(error)}).` };
  }
  if (!bench) return { ...base, durationMs: 0, figures: [], skipped: 'bench/file-intake.ts does not export benchFileIntake yet.' };

  const result = await bench({ rows, print: false });
  const find = (prefix: string) => result.measurements.find((m) => m.name.startsWith(prefix));
  const figures: Figure[] = [];
  for (const [kind, bare] of [['xlsx', 'bare: exceljs'], ['csv', 'bare: papaparse']] as const) {
    const ours = find(`ours: read+map+validate (${kind})`);
    const library = find(bare);
    if (!ours || !library) continue;
    figures.push(
      { name: `${kind}: time`, value: round(ours.ms / 1000, 2), unit: 's', reference: { label: 'bare s', value: round(library.ms / 1000, 2) }, ratio: ours.ms / library.ms },
      { name: `${kind}: peak RSS`, value: ours.peakRssMb, unit: 'MB', reference: { label: 'bare MB', value: library.peakRssMb }, ratio: ours.peakRssMb / library.peakRssMb },
      { name: `${kind}: rows read`, value: ours.rows, unit: '', reference: { label: 'bare', value: library.rows } },
    );
  }
  const idle = find('child process at rest');
  if (idle) figures.push({ name: 'an idle child process, for scale', value: idle.peakRssMb, unit: 'MB' });
  return { ...base, setup: `${base.setup} Files: xlsx ${result.xlsxMb} MB, csv ${result.csvMb} MB.`, durationMs: Date.now() - started, figures, raw: result };
}
