import * as path from 'node:path';
import { connect } from '../connection/connect';
import { Command, InvalidArgumentError, Option } from 'commander';
import { ROLE_KEYS, type RoleKey } from '../../shared/fields';
import { ProfileError, type MappingProfile } from '../../shared/profile';
import { loadProfile } from '../mapping-store/profile-store';
import { knownFailure } from './exit-codes';
import { columnMisfits, defaultDataDir, namesakesInFile, openImport, takeIn, type MappingOptions, type OpenedImport, type ProfileInUse } from '../import';
import type { EveryRowValues } from '../../shared/mapping';
import { sourceReadOptions, delimiterOption, DELIMITER_HELP, ENCODING_HELP, everyRowOption, EVERY_ROW_HELP, INCLUDE_ENDED_HELP, INCLUDE_HIDDEN_HELP } from './source-options';
import { checkJson, checkText, issuesByRow, type CheckFindings } from './check-output';
import { askOnTerminal } from './import-command';
import { positiveInteger as wholeNumber } from './number-options';
import { columnOfField, resolveNames, unresolvedProblems } from './resolve-flow';
import { resolveCommands } from './resolve-hint';
import type { Ask } from './resolve-questions';

/**
 * `onefile-import check <file>`: read a spreadsheet, map its columns and validate every
 * row, without touching the network. The same reading, mapping and validation the
 * import uses, so a clean check means the file is ready to import (bar what only
 * OneFile can say: whether the assessors, classes and placements exist).
 */

export interface CheckOptions {
  sheet?: string;
  headerRow?: number;
  encoding?: string;
  delimiter?: string;
  mapping?: string;
  json?: boolean;
  dateOrder?: 'dmy' | 'mdy';
  role?: RoleKey;
  /** Look the names up in this OneFile (with --org); without it, no network. */
  env?: string;
  org?: number;
  dataDir?: string;
  rateWindowMs?: number;
  /** ILR files: read the ended apprenticeships too. */
  includeEnded?: boolean;
  /** XLSX: read the rows Excel hides too. */
  includeHiddenRows?: boolean;
  /** Values for every row of fields the file has no column for. */
  everyRow?: EveryRowValues;
}

export interface CheckIo {
  out: (text: string) => void;
  err: (text: string) => void;
  /** The clock: today's date decides ages and 2-digit years. */
  now: () => Date;
  /** For --env: the customer token's environment. */
  env?: NodeJS.ProcessEnv;
  /** For --env: asks on the terminal about names OneFile does not know; null with no terminal. */
  ask?: Ask | null;
}

const processIo: CheckIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  now: () => new Date(),
  env: process.env,
  ask: process.stdin.isTTY && process.stderr.isTTY ? askOnTerminal : null,
};


/** Reads, maps and validates; with --env, also looks every name up in OneFile. Prints the findings. Returns the exit code (0, 1 or 2). */
export async function runCheck(file: string, options: CheckOptions, io: CheckIo = processIo): Promise<number> {
  const dataDir = options.dataDir ?? defaultDataDir();
  /** The check could not be made: said on stderr, and with --json as the one document a script reads. */
  const cannotCheck = (message: string) => {
    io.err(`${message}\n`);
    if (options.json) io.out(`${JSON.stringify({ file: path.resolve(file), error: message }, null, 2)}\n`);
    return 2;
  };
  if (options.env !== undefined && options.org === undefined) return cannotCheck('check --env looks names up in one organisation: give it with --org <id>.');
  let given: { value: MappingProfile; path: string } | undefined;
  if (options.mapping) {
    try {
      given = { value: await loadProfile(options.mapping), path: options.mapping };
    } catch (error) {
      if (!(error instanceof ProfileError)) throw error;
      return cannotCheck(error.message);
    }
  }
  const read = sourceReadOptions(options);
  const mappingOptions = { dateOrder: options.dateOrder, defaultRole: options.role ?? 'learner', now: io.now };

  let findings: CheckFindings;
  let opened: OpenedImport | undefined;
  try {
    if (options.env !== undefined) {
      opened = await openImport({
        file,
        read,
        profile: given?.value,
        profileFile: given?.path,
        connect: () => connect({ environment: options.env!, customerToken: io.env?.ONEFILE_CUSTOMER_TOKEN || undefined, dataDir, windowMs: options.rateWindowMs }),
        organisationId: options.org!,
        dataDir,
        windowMs: options.rateWindowMs,
        useCachedDirectory: true,
        everyRow: options.everyRow,
        ...mappingOptions,
      });
      const ask = options.json ? null : (io.ask ?? null);
      const resolved = await resolveNames(opened, dataDir, { ask, say: io.err }, []);
      if (resolved.choices.length > 0) opened = opened.withProfile(resolved.profile);
      findings = findingsOf(opened, opened.headerRowGuessed, opened.profile, mappingOptions);
      findings.references = unresolvedProblems(opened);
      const unresolved = opened.unresolvedValues();
      if (unresolved.length > 0) {
        const target = { file: path.resolve(file), env: options.env, org: options.org!, mapping: given ? path.resolve(given.path) : undefined, sheet: options.sheet, headerRow: options.headerRow, includeEnded: options.includeEnded, includeHiddenRows: options.includeHiddenRows, dataDir: options.dataDir ? path.resolve(options.dataDir) : undefined, role: options.role };
        findings.resolve = resolveCommands(target, unresolved, (field) => columnOfField(opened!, field)?.header ?? field);
      }
    } else {
      // The same intake as import and the app: our own reports' quotes undone, the saved profile found.
      const intake = await takeIn(file, { dataDir, read, given, everyRow: options.everyRow, ...mappingOptions });
      findings = findingsOf(intake, intake.headerRowGuessed, intake.profile, mappingOptions);
    }
  } catch (error) {
    const known = knownFailure(error);
    if (!known) throw error;
    return cannotCheck(known.message);
  } finally {
    await opened?.close();
  }

  if (options.json) io.out(`${JSON.stringify(checkJson(findings), null, 2)}\n`);
  else io.out(`${checkText(findings).join('\n')}\n`);

  const failed =
    findings.issues.some((issues) => issues.some((issue) => issue.severity === 'error')) ||
    findings.fileIssues.some((issue) => issue.severity === 'error') ||
    (findings.references ?? []).length > 0;
  return failed ? 1 : 0;
}

type Mapped = Pick<OpenedImport, 'table' | 'columns' | 'rows' | 'validationIssues' | 'fileIssues'>;

/** A row sharing a key with another: a row per standard, a copy, or keys that clash. */
const LINKED_CODES: ReadonlySet<string> = new Set(['same-person', 'duplicate']);

function findingsOf(mapped: Mapped, headerRowGuessed: boolean, profile: ProfileInUse, options: MappingOptions): CheckFindings {
  const issues = issuesByRow(mapped.rows, mapped.validationIssues);
  const namesakes = namesakesInFile(mapped.rows, (index) => issues[index].some((issue) => LINKED_CODES.has(issue.code)));
  return {
    table: mapped.table,
    headerRowGuessed,
    columns: mapped.columns,
    misfits: columnMisfits(mapped.table, mapped.columns, options),
    rows: mapped.rows,
    issues: namesakes.length === 0 ? issues : issuesByRow(mapped.rows, [...mapped.validationIssues, ...namesakes]),
    fileIssues: mapped.fileIssues,
    profile,
  };
}

function positiveInteger(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new InvalidArgumentError('give the row number as Excel shows it, e.g. 3.');
  return Number(value);
}

export function registerCheckCommand(program: Command, setExitCode: (code: number) => void): void {
  program
    .command('check')
    .description('Read a spreadsheet, map its columns and check every row, without connecting to OneFile.')
    .argument('<file>', 'the spreadsheet: .xlsx, .csv, .tsv or .txt, or an ILR file (.xml)')
    .option('--sheet <name>', 'XLSX: the sheet to read (default: the first visible sheet with data, or the one whose headers name far more fields)')
    .option('--header-row <n>', 'the header row as Excel numbers it (default: detected)', positiveInteger)
    .option('--encoding <name>', ENCODING_HELP)
    .option('--delimiter <char>', DELIMITER_HELP, delimiterOption)
    .option('--mapping <file>', 'a mapping profile (JSON) choosing columns and value maps; columns it does not name are auto-mapped')
    .option('--include-ended', INCLUDE_ENDED_HELP)
    .option('--include-hidden-rows', INCLUDE_HIDDEN_HELP)
    .option('--every-row <field=value>', EVERY_ROW_HELP, everyRowOption, {})
    .addOption(new Option('--date-order <order>', 'dmy reads 03/04/2001 as 3 April (UK); mdy as March 4 (US). Default: UK, and a file that looks US is reported').choices(['dmy', 'mdy']))
    .addOption(new Option('--role <role>', 'the role of rows without a Role column').choices(ROLE_KEYS).default('learner'))
    .option('--json', 'print one JSON document: {file, sheet, headerRow, encoding, delimiter, profile, columns, rows, problems, summary, namesNotLookedUp, fileIssues?}, or {file, error} when it cannot check; never asks')
    .option('--env <environment>', 'also look every name (standards, classes, assessors...) up in this OneFile: sandbox, practice, beta, live or an address')
    .option('--org <id>', 'with --env: the OneFile organisation ID', wholeNumber('the organisation ID'))
    .option('--data-dir <dir>', 'where saved mapping profiles live (default: the user data folder)')
    .addOption(new Option('--rate-window-ms <ms>', 'rate window length (tests)').argParser(wholeNumber('the window')).hideHelp())
    .addHelpText(
      'after',
      `
A mapping profile saved for the file's columns (by the app or "onefile-import resolve")
is used without --mapping. With --env and --org the names are looked up in OneFile too:
on a terminal each name OneFile does not know is asked about once (the choice is saved
in that profile); without one, the "resolve" command that settles them is printed.

Exit codes: 0 when no row has an error (warnings allowed), 1 when some row or the file
has an error (or, with --env, a name is not one OneFile record), 2 when the file, the
mapping profile or OneFile cannot be read.
The rows are counted as the app's Review counts them: those with errors and those
ready make every row; with --env, the unresolved (naming a record OneFile does not
have) are among those with errors; those with warnings among the ready.
In --json: summary.withErrors and summary.valid (ready) add up to summary.rows;
summary.unresolvedRows (null without --env) and summary.readyWithWarnings are their
parts; summary.withWarnings, as before, counts every row with a warning, errors or not.`,
    )
    .action(async (file: string, options: CheckOptions) => {
      setExitCode(await runCheck(file, options));
    });
}
