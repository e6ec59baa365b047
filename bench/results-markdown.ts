import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BenchmarkReport } from './figures';

/**
 * Prints the figures of bench/results.json (or bench/soak-results.json) as the
 * Markdown table BENCHMARKS.md and RELIABILITY.md quote, so the documents are updated
 * from a run rather than by hand:
 *
 *   node bin/run-ts bench/results-markdown.ts [bench/soak-results.json]
 */

interface Results {
  takenAt: string;
  machine: { cpu: string; cores: number; memoryGb: number; node: string; platform: string };
  benchmarks?: BenchmarkReport[];
  scenarios?: BenchmarkReport[];
}

const file = path.resolve(process.argv[2] ?? path.join(import.meta.dirname, 'results.json'));
const results = JSON.parse(fs.readFileSync(file, 'utf8')) as Results;
const show = (value: number | undefined) => (value === undefined || value === null ? '' : value.toLocaleString('en-GB', { maximumFractionDigits: Math.abs(value) >= 100 ? 0 : 3 }));
const cell = (text: string) => text.replace(/\|/g, '\\|');

const { machine } = results;
console.log(`Taken ${results.takenAt.slice(0, 16).replace('T', ' ')} UTC on: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGb} GB, Node ${machine.node}, ${machine.platform}.`);
console.log('');
console.log('| benchmark | figure | value | reference | ratio | goal |');
console.log('|---|---|---|---|---|---|');
for (const report of results.benchmarks ?? results.scenarios ?? []) {
  if (report.skipped) {
    console.log(`| ${cell(report.title)} | skipped: ${cell(report.skipped)} | | | | |`);
    continue;
  }
  report.figures.forEach((figure, i) => {
    const goal = figure.goal ? `${figure.goal.text} ${figure.goal.met ? 'met' : '**NOT MET**'}` : '';
    const reference = figure.reference ? `${figure.reference.label} ${show(figure.reference.value)}` : '';
    const value = `${show(figure.value)}${figure.unit ? ` ${figure.unit}` : ''}`;
    console.log(`| ${i === 0 ? cell(report.title) : ''} | ${cell(figure.name)} | ${value} | ${reference} | ${show(figure.ratio)} | ${goal} |`);
  });
}
