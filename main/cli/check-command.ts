import { Command, InvalidArgumentError, Option } from 'commander';
import { ROLE_KEYS, type RoleKey } from '../../shared/fields';
import { autoMap, conflictIssues, toMapping } from '../../shared/mapping';
import { mapTable } from '../../shared/mapped-rows';
import { ProfileError, type MappingProfile } from '../../shared/profile';
import { validateRows, type FileIssue, type ValidationContext } from '../../shared/validate';
import { loadProfile } from '../mapping-store/profile-store';
import { readSpreadsheet, SpreadsheetError } from '../spreadsheet';
import { checkJson, checkText, type CheckFindings } from './check-output';

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
}

export interface CheckIo {
  out: (text: string) => void;
  err: (text: string) => void;
  /** The clock: today's date decides ages and 2-digit years. */
  now: () => Date;
}

const processIo: CheckIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  now: () => new Date(),
};

/** The local calendar date, `YYYY-MM-DD`. */
function localDate(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** Reads, maps and validates; prints the findings. Returns the exit code (0, 1 or 2). */
export async function runCheck(file: string, options: CheckOptions, io: CheckIo = processIo): Promise<number> {
  let profile: MappingProfile | undefined;
  if (options.mapping) {
    try {
      profile = await loadProfile(options.mapping);
    } catch (error) {
      if (!(error instanceof ProfileError)) throw error;
      io.err(`${error.message}\n`);
      return 2;
    }
  }

  let read: Awaited<ReturnType<typeof readSpreadsheet>>;
  try {
    read = await readSpreadsheet(file, {
      sheet: options.sheet,
      headerRow: options.headerRow,
      encoding: options.encoding,
      delimiter: options.delimiter,
    });
  } catch (error) {
    if (!(error instanceof SpreadsheetError)) throw error;
    io.err(`${error.message}\n`);
    return 2;
  }

  const { table } = read;
  const context: ValidationContext = {
    today: localDate(io.now()),
    dateOrder: options.dateOrder,
    defaultRole: options.role ?? 'learner',
  };
  const mapped = autoMap(table.headers, profile, { defaultRole: context.defaultRole });
  const mapping = toMapping(mapped.columns, profile);
  context.valueMaps = mapping.values;
  const rows = mapTable(table, mapping, context);
  const validation = validateRows(rows, context);
  const fileIssues: FileIssue[] = [
    ...read.warnings.map((message): FileIssue => ({ code: 'read-warning', severity: 'warning', message })),
    ...conflictIssues(mapped.conflicts),
    ...validation.fileIssues,
  ];
  const findings: CheckFindings = {
    table,
    headerRowGuessed: read.headerRowGuessed,
    columns: mapped.columns,
    rows,
    issues: validation.rows,
    fileIssues,
  };

  if (options.json) io.out(`${JSON.stringify(checkJson(findings), null, 2)}\n`);
  else io.out(`${checkText(findings).join('\n')}\n`);

  const failed =
    validation.rows.some((issues) => issues.some((issue) => issue.severity === 'error')) ||
    fileIssues.some((issue) => issue.severity === 'error');
  return failed ? 1 : 0;
}

function positiveInteger(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new InvalidArgumentError('give the row number as Excel shows it, e.g. 3.');
  return Number(value);
}

export function registerCheckCommand(program: Command, setExitCode: (code: number) => void): void {
  program
    .command('check')
    .description('Read a spreadsheet, map its columns and check every row, without connecting to OneFile.')
    .argument('<file>', 'the spreadsheet: .xlsx, .csv, .tsv or .txt')
    .option('--sheet <name>', 'XLSX: the sheet to read (default: the first visible sheet with data)')
    .option('--header-row <n>', 'the header row as Excel numbers it (default: detected)', positiveInteger)
    .option('--encoding <name>', 'text files: utf-8, utf-16le, windows-1252... (default: detected)')
    .option('--delimiter <char>', 'text files: the delimiter, e.g. "," ";" "|" or "\\t" (default: detected)')
    .option('--mapping <file>', 'a mapping profile (JSON) choosing columns and value maps; columns it does not name are auto-mapped')
    .addOption(new Option('--date-order <order>', 'dmy reads 03/04/2001 as 3 April (UK); mdy as March 4 (US). Default: UK, and a file that looks US is reported').choices(['dmy', 'mdy']))
    .addOption(new Option('--role <role>', 'the role of rows without a Role column').choices(ROLE_KEYS).default('learner'))
    .option('--json', 'print one JSON document: {file, sheet, headerRow, encoding, delimiter, columns, rows, summary, fileIssues?}')
    .addHelpText(
      'after',
      `
Exit codes: 0 when no row has an error (warnings allowed), 1 when some row or the file
has an error, 2 when the file or the mapping profile cannot be read.
In --json, summary.valid counts rows without errors; summary.withWarnings counts rows
with at least one warning.`,
    )
    .action(async (file: string, options: CheckOptions) => {
      const delimiter = options.delimiter === '\\t' ? '\t' : options.delimiter;
      setExitCode(await runCheck(file, { ...options, delimiter }));
    });
}
