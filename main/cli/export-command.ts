import * as fs from 'node:fs';
import * as path from 'node:path';
import { Command, Option } from 'commander';
import { connect } from '../connection/connect';
import { defaultDataDir, exportFromOneFile, formatDuration, templateFromOneFile, untilOneFileAnswers, type Connection, type OutageTiming } from '../import';
import { isAddressGivenByHand } from '../onefile/environments';
import { sayWaitingBeforeRun } from './follow-run';
import { taskBar } from './task-bar';
import { EXIT, knownFailure } from './exit-codes';
import { readDiskRefusal, type DiskRefusal } from '../../shared/disk-refusal';
import { fieldLabelOf } from '../../shared/fields';
import { callBudget, positiveInteger } from './number-options';

/**
 * `onefile-import export` and `onefile-import template`: workbooks read from an
 * organisation's OneFile. The export is what OneFile holds (its Learners sheet
 * imports back as it is); the template is a sheet for new learners with drop-down
 * lists of the organisation's assessors, classes, placements, standards and
 * templates. Both only read, through the same rate limit as an import.
 */

interface WorkbookCommandOptions {
  env: string;
  org: number;
  out?: string;
  overwrite?: boolean;
  dataDir?: string;
  json?: boolean;
  budget?: number;
  rateWindowMs?: number;
  /** How long to wait for a OneFile that stops answering (tests shorten it). */
  outageTiming?: OutageTiming;
}

export interface ExportCommandOptions extends WorkbookCommandOptions {
  includeArchived?: boolean;
  withAims?: boolean;
}

export interface WorkbookIo {
  out(text: string): void;
  err(text: string): void;
  env: NodeJS.ProcessEnv;
  /** The terminal a progress bar is drawn on, or null. */
  barStream: NodeJS.WriteStream | null;
}

const processIo: WorkbookIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  env: process.env,
  barStream: process.stderr.isTTY ? process.stderr : null,
};

/** Where the workbook goes: `--out`, else a dated name in the current folder; an existing file only with --overwrite. */
function outputFile(options: WorkbookCommandOptions, stem: string): string {
  const file = path.resolve(options.out ?? `${stem}-${options.org}-${new Date().toISOString().slice(0, 10)}.xlsx`);
  if (!file.toLowerCase().endsWith('.xlsx')) throw new WorkbookError(`${file}: the workbook is written as Excel; give --out a name ending .xlsx.`);
  const folder = path.dirname(file);
  if (!fs.existsSync(folder)) throw new WorkbookError(`${folder} does not exist: create the folder or choose another --out.`);
  if (!fs.statSync(folder).isDirectory()) throw new WorkbookError(`${folder} is a file, not a folder: choose another --out.`);
  if (fs.existsSync(file) && fs.statSync(file).isDirectory()) throw new WorkbookError(`${file} is a folder: give --out a file name ending .xlsx.`);
  if (fs.existsSync(file) && !options.overwrite) throw new WorkbookError(`${file} exists: choose another --out, or add --overwrite to replace it.`);
  try {
    fs.accessSync(folder, fs.constants.W_OK);
  } catch {
    throw new WorkbookError(`You do not have permission to write in ${folder}: choose another --out.`);
  }
  return file;
}

class WorkbookError extends Error {}

/**
 * Chooses the workbook's file, connects, does the task, closes; says what went wrong in
 * words (exit 2) for anything a person can act on. A OneFile that stops answering (no
 * connection, a 5xx, a maintenance page) part-way through the reading is waited out and
 * the reading done again from the start, as an import's directory is: the task only
 * reads, and writes the workbook once it has everything.
 */
async function withConnection(
  options: WorkbookCommandOptions,
  io: WorkbookIo,
  workbook: { stem: string; words: { outcome: string; next: string } },
  /** `answered`: OneFile has answered a call of this try (said before the bar, when it had not been answering). */
  task: (connection: Connection, dataDir: string, file: string, answered: () => void) => Promise<number>,
): Promise<number> {
  const dataDir = options.dataDir ?? defaultDataDir();
  try {
    const file = outputFile(options, workbook.stem);
    return await untilOneFileAnswers(
      async (answered) => {
        const connection = await connect({
          environment: options.env,
          customerToken: io.env.ONEFILE_CUSTOMER_TOKEN || undefined,
          dataDir,
          budgetPerMinute: options.budget,
          windowMs: options.rateWindowMs,
        });
        try {
          return await task(connection, dataDir, file, answered);
        } finally {
          await connection.close();
        }
      },
      { timing: options.outageTiming, onWaiting: sayWaitingBeforeRun(io.err), giveUpWords: workbook.words, addressGivenByHand: isAddressGivenByHand(options.env) },
    );
  } catch (error) {
    const known = error instanceof WorkbookError ? { message: error.message, exitCode: EXIT.couldNotStart } : knownFailure(error);
    const code = (error as NodeJS.ErrnoException).code;
    const disk = known ? undefined : readDiskRefusal(error, 'the workbook');
    if (disk) {
      io.err(`${disk.problem} ${OUT_REMEDY[disk.kind]}, then try again.\n`);
      return EXIT.couldNotStart;
    }
    if (!known && typeof code === 'string' && /^E[A-Z]+$/.test(code)) {
      io.err(`The workbook could not be written (${code}): ${(error as Error).message}\n`);
      return EXIT.couldNotStart;
    }
    if (!known) throw error;
    io.err(`${known.message}\n`);
    return known.exitCode;
  }
}

/** What to do when the disk refuses the workbook at --out. */
const OUT_REMEDY: Record<DiskRefusal, string> = {
  full: 'Free some space on that disk, or choose another --out',
  unavailable: 'Reconnect it, or choose another --out',
  locked: 'Close it there, or choose another --out',
  'read-only': 'Choose another --out',
  'no-permission': 'Choose another --out',
};

export async function runExport(options: ExportCommandOptions, io: WorkbookIo = processIo): Promise<number> {
  const words = { outcome: 'the export was not written', next: 'export again' };
  return withConnection(options, io, { stem: 'onefile-export', words }, async (connection, dataDir, file, answered) => {
    const bar = taskBar(options.json ? null : io.barStream, 'Exporting');
    let result;
    try {
      result = await exportFromOneFile({
        connection,
        organisationId: options.org,
        dataDir,
        file,
        includeArchived: options.includeArchived,
        withAims: options.withAims,
        // Told once calls are answered: OneFile's return is said then, before the bar and the outcome.
        onProgress: (progress) => {
          answered();
          bar.update(progress);
        },
      });
    } finally {
      bar.stop();
    }
    if (options.json) io.out(`${JSON.stringify(result)}\n`);
    else {
      const counts = result.sheets.map((s) => `${s.rows} ${s.name.toLowerCase()}`).join(', ');
      io.out(`Exported ${result.organisation.name} (${result.organisation.id}) from OneFile ${connection.environment.name} to ${file}: ${counts}. ${result.calls} calls, ${formatDuration(result.durationMs)}.\n`);
      io.out('Its Learners sheet imports back as it is: change cells, then import the file; only what you changed is sent.\n');
    }
    return EXIT.ok;
  });
}

export async function runTemplate(options: WorkbookCommandOptions, io: WorkbookIo = processIo): Promise<number> {
  const words = { outcome: 'the template was not written', next: 'ask for it again' };
  return withConnection(options, io, { stem: 'onefile-template', words }, async (connection, dataDir, file, answered) => {
    const bar = taskBar(options.json ? null : io.barStream, 'Reading OneFile');
    let result;
    try {
      result = await templateFromOneFile({
        connection,
        organisationId: options.org,
        dataDir,
        file,
        onProgress: (progress) => {
          answered();
          bar.update(progress);
        },
      });
    } finally {
      bar.stop();
    }
    if (options.json) io.out(`${JSON.stringify(result)}\n`);
    else {
      // In the fields' own names, as the template's headers and the app say them ("Class", not "Classroom").
      const lists = Object.entries(result.lists).map(([list, count]) => `${fieldLabelOf(list)} ${count}`).join(', ');
      io.out(`Template for ${result.organisation.name} (${result.organisation.id}) written to ${file}. Drop-down lists: ${lists}. ${result.calls} calls.\n`);
    }
    return EXIT.ok;
  });
}

function commonOptions(command: Command, what: string): Command {
  return command
    .requiredOption('--env <environment>', 'sandbox, practice, beta, live, or a OneFile API address (https://...)')
    .requiredOption('--org <id>', 'the OneFile organisation ID', positiveInteger('the organisation ID'))
    .option('--out <file.xlsx>', `where to write the workbook (default: ${what}-<org>-<date>.xlsx here)`)
    .option('--overwrite', 'replace the --out file if it exists')
    .option('--data-dir <dir>', 'where the sandbox data and the directory cache live (default: the user data folder)')
    .option('--budget <n>', 'OneFile calls per minute (default 100; max 300)', callBudget)
    .option('--json', 'print one JSON line at the end')
    .addOption(new Option('--rate-window-ms <ms>', 'rate window length (tests)').argParser(positiveInteger('the window')).hideHelp());
}

export function registerExportCommand(program: Command, setExitCode: (code: number) => void): void {
  commonOptions(program.command('export').description('Export what OneFile holds to one workbook: learners, staff, classes, placements, standards with units, framework templates.'), 'onefile-export')
    .option('--include-archived', 'archived learners and staff too (default: active ones only)')
    .option('--with-aims', "each learner's learning aims (standard titles): one more call per learner")
    .addHelpText(
      'after',
      `
Reads only (no change to OneFile), with the paged searches an import's directory uses:
a 1,000-learner centre takes a few dozen calls; --with-aims adds a learning aim search
per learner. The Learners sheet imports back as it is: every column that goes to
OneFile is headed with the importer's own field name, each learner is found again by its
OneFile ID, and Assessor, Class and Placement name each record so it is found exactly.
Import it unedited and nothing is sent; edit a cell and only that field is updated.
The token is read from ONEFILE_CUSTOMER_TOKEN (none for --env sandbox).
Exit codes: 0 written; 2 could not connect, find the organisation, or write the file.`,
    )
    .action(async (options: ExportCommandOptions) => setExitCode(await runExport(options)));
}

export function registerTemplateCommand(program: Command, setExitCode: (code: number) => void): void {
  commonOptions(program.command('template').description('Write a spreadsheet template for new learners, with drop-down lists of what this OneFile holds.'), 'onefile-template')
    .addHelpText(
      'after',
      `
The headers are the importer's own field names (required ones marked *), dates are
formatted dd/mm/yyyy, MIS ID and ULN are text, and Assessor, Class, Placement, Employer
contact, IQA, Observer, Standards and Framework template are drop-down lists read from
the organisation now (long lists on a hidden Lists sheet). A sheet filled from its own
lists has no name to resolve. Reads only. Exit codes: 0 written; 2 could not start.`,
    )
    .action(async (options: WorkbookCommandOptions) => setExitCode(await runTemplate(options)));
}
