import * as fs from 'node:fs';
import * as path from 'node:path';
import { readSpreadsheet, readSpreadsheetBytes, SpreadsheetError, type ReadResult } from '../../main/spreadsheet';
import { autoMap, toMapping } from '../../shared/mapping';
import { mapTable } from '../../shared/mapped-rows';
import { validateRows, type ValidationContext } from '../../shared/validate';

/**
 * The fuzz suite's child process: reads each file it is given as the desktop app and the
 * command line do (from its path) and as browser mode does (an upload's bytes), maps and
 * validates what it read, and prints one JSON line before and one after each file, with
 * the process's peak memory so far. The parent watches the clock and the process: a file
 * with no answer in time is a hang, a process that dies is a crash.
 *
 *   node bin/run-ts bench/reliability/fuzz-worker.ts <list.json>
 */

export type FuzzAnswer =
  | { kind: 'read'; rows: number }
  | { kind: 'refused'; code: string; message: string; problem: string; hint: string }
  | { kind: 'crash'; message: string };

export interface FuzzLine {
  index: number;
  /** Present on the line after the file; absent on the line before it. */
  answer?: FuzzAnswer;
  /** Reading through the path and through the bytes gave different answers. */
  disagreement?: string;
  ms?: number;
  maxRssMb?: number;
}

async function answer(read: () => Promise<ReadResult>): Promise<FuzzAnswer> {
  try {
    const { table } = await read();
    const context: ValidationContext = { today: '2026-11-23', defaultRole: 'learner' };
    const mapping = toMapping(autoMap(table.headers, undefined, { defaultRole: 'learner' }).columns);
    context.valueMaps = mapping.values;
    const rows = validateRows(mapTable(table, mapping, context), context).rows.length;
    return { kind: 'read', rows };
  } catch (error) {
    if (error instanceof SpreadsheetError) return { kind: 'refused', code: error.code, message: error.message, problem: error.problem, hint: error.hint };
    return { kind: 'crash', message: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
}

function say(line: FuzzLine): void {
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

async function main(): Promise<void> {
  const { files, from } = JSON.parse(fs.readFileSync(process.argv[2], 'utf8')) as { files: string[]; from: number };
  for (let index = from; index < files.length; index++) {
    const file = files[index];
    say({ index });
    const started = performance.now();
    const fromPath = await answer(() => readSpreadsheet(file));
    const fromBytes = await answer(async () => readSpreadsheetBytes(fs.readFileSync(file), path.basename(file)));
    const same = JSON.stringify(fromPath) === JSON.stringify(fromBytes);
    say({
      index,
      answer: fromPath,
      disagreement: same ? undefined : `as an upload: ${JSON.stringify(fromBytes).slice(0, 300)}`,
      ms: Math.round(performance.now() - started),
      maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    });
  }
}

await main();
