import { atMost, round, type BenchmarkReport, type Figure } from './figures';
import type { FileIntakeOptions, FileIntakeResult, IntakeComparison } from './file-intake';

/**
 * The file-intake benchmark (bench/file-intake.ts) as figures: our read + map +
 * validate against the bare library read underneath, for XLSX and CSV, in time and in
 * peak memory, each against issue 14's goal (x1.3 of exceljs, x1.5 of papaparse). It
 * is loaded when the run reaches it, so the other benchmarks run even if it fails to.
 */

interface FileIntakeModule {
  benchFileIntake(options: FileIntakeOptions): Promise<FileIntakeResult>;
  compareIntake(result: FileIntakeResult): IntakeComparison[];
}

export async function runFileIntake(rows: number, repeats = 2): Promise<BenchmarkReport & { raw?: FileIntakeResult }> {
  const started = Date.now();
  const base = {
    id: 'file-intake',
    title: `File intake: ${rows.toLocaleString('en-GB')} rows x 20 columns`,
    setup: `read + auto-map + validate every row, XLSX and CSV, each measurement in its own child process, against exceljs's and papaparse's bare streaming reads; ours and the bare read in turn, best of ${repeats}.`,
  };
  let intake: FileIntakeModule;
  try {
    intake = (await import('./file-intake')) as FileIntakeModule;
  } catch (error) {
    return { ...base, durationMs: 0, figures: [], skipped: `bench/file-intake.ts could not be loaded (${error instanceof Error ? error.message : String(error)}).` };
  }

  const result = await intake.benchFileIntake({ rows, repeats, print: false });
  const figures: Figure[] = [];
  for (const c of intake.compareIntake(result)) {
    figures.push(
      {
        name: `${c.format}: time`,
        value: round(c.ours.ms / 1000, 2),
        unit: 's',
        reference: { label: `bare ${c.library} s`, value: round(c.bare.ms / 1000, 2) },
        ratio: c.timeRatio,
        goal: atMost(round(c.timeRatio, 2), c.goal),
        note: c.timeNote,
      },
      {
        name: `${c.format}: processor time (all threads)`,
        value: round(c.ours.cpuMs / 1000, 2),
        unit: 's',
        reference: { label: `bare ${c.library} s`, value: round(c.bare.cpuMs / 1000, 2) },
        ratio: c.ours.cpuMs / c.bare.cpuMs,
      },
      {
        name: `${c.format}: peak RSS`,
        value: c.ours.peakRssMb,
        unit: 'MB',
        reference: { label: `bare ${c.library} MB`, value: c.bare.peakRssMb },
        ratio: c.memoryRatio,
        goal: atMost(round(c.memoryRatio, 2), c.goal),
        note: c.memoryNote,
      },
      { name: `${c.format}: reading alone, time`, value: round(c.readOnly.ms / 1000, 2), unit: 's', reference: { label: `bare ${c.library} s`, value: round(c.bare.ms / 1000, 2) }, ratio: c.readOnly.ms / c.bare.ms },
      { name: `${c.format}: reading alone, peak RSS`, value: c.readOnly.peakRssMb, unit: 'MB', reference: { label: `bare ${c.library} MB`, value: c.bare.peakRssMb }, ratio: c.readOnly.peakRssMb / c.bare.peakRssMb },
      { name: `${c.format}: rows read`, value: c.ours.rows, unit: '', reference: { label: 'bare', value: c.bare.rows } },
    );
  }
  const idle = result.measurements.find((m) => m.name === 'child process at rest');
  if (idle) figures.push({ name: 'an idle child process, for scale', value: idle.peakRssMb, unit: 'MB' });
  return { ...base, setup: `${base.setup} Files: xlsx ${result.xlsxMb} MB, csv ${result.csvMb} MB.`, durationMs: Date.now() - started, figures, raw: result };
}
