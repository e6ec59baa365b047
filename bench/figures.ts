import * as os from 'node:os';

/**
 * What a benchmark reports: named figures, each with the reference it is measured
 * against in the same run (the physical limit, the minimum, the bare library) and
 * the ratio between them, and where the project set one, a goal that is either met
 * or printed as NOT MET with the figure.
 */

export interface Goal {
  /** The goal as people write it: ">= 0.97", "= 0", "<= 0.02". */
  text: string;
  met: boolean;
}

export interface Figure {
  name: string;
  value: number;
  unit: string;
  /** What the value is compared with, measured or computed in the same run. */
  reference?: { label: string; value: number };
  /** value / reference.value, when that means something. */
  ratio?: number;
  goal?: Goal;
  /** Why a figure is what it is, when that is not obvious (printed under a NOT MET). */
  note?: string;
}

export interface BenchmarkReport {
  id: string;
  title: string;
  /** How the measurement was set up, in one or two sentences. */
  setup: string;
  durationMs: number;
  figures: Figure[];
  /** Present when the benchmark could not run (e.g. a part not built yet). */
  skipped?: string;
}

export function atLeast(value: number, target: number): Goal {
  return { text: `>= ${target}`, met: value >= target };
}

export function atMost(value: number, target: number): Goal {
  return { text: `<= ${target}`, met: value <= target };
}

export function exactly(value: number, target: number): Goal {
  return { text: `= ${target}`, met: value === target };
}

export function ratioOf(value: number, reference: number): number | undefined {
  return reference === 0 ? undefined : value / reference;
}

export function round(value: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

export interface Machine {
  cpu: string;
  cores: number;
  memoryGb: number;
  node: string;
  platform: string;
}

export function describeMachine(): Machine {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memoryGb: round(os.totalmem() / 1024 ** 3, 1),
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
  };
}

function show(value: number | undefined, unit = ''): string {
  if (value === undefined || Number.isNaN(value)) return '';
  const text = value.toLocaleString('en-GB', { maximumFractionDigits: Math.abs(value) >= 100 ? 0 : 3 });
  return unit ? `${text} ${unit}` : text;
}

/** The printed table: one block per benchmark, one line per figure, NOT MET spelled out. */
export function formatReports(reports: BenchmarkReport[]): string {
  const lines: string[] = [];
  const widths = [52, 16, 24, 8, 10];
  const row = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join(' ').trimEnd();
  for (const report of reports) {
    lines.push('', `== ${report.title} (${(report.durationMs / 1000).toFixed(1)} s)`, `   ${report.setup}`);
    if (report.skipped) {
      lines.push(`   SKIPPED: ${report.skipped}`);
      continue;
    }
    lines.push(row(['   figure', 'value', 'reference', 'ratio', 'goal']));
    for (const figure of report.figures) {
      const goal = figure.goal ? `${figure.goal.text} ${figure.goal.met ? 'met' : 'NOT MET'}` : '';
      const reference = figure.reference ? `${figure.reference.label} ${show(figure.reference.value)}` : '';
      lines.push(row([`   ${figure.name}`, show(figure.value, figure.unit), reference, show(figure.ratio), goal]));
      if (figure.goal && !figure.goal.met && figure.note) lines.push(`      NOT MET: ${figure.name} = ${show(figure.value, figure.unit)}; ${figure.note}`);
    }
  }
  return lines.join('\n');
}

/** Every goal not met, as "benchmark: figure = value (goal)". */
export function unmetGoals(reports: BenchmarkReport[]): string[] {
  return reports.flatMap((report) =>
    report.figures.filter((f) => f.goal && !f.goal.met).map((f) => `${report.title}: ${f.name} = ${show(f.value, f.unit)} (goal ${f.goal!.text})`),
  );
}
