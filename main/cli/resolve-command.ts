import { Command, Option } from 'commander';
import { connect } from '../connection/connect';
import { ROLE_KEYS, type RoleKey } from '../../shared/fields';
import { groupProblems, problemGroupLines } from '../../shared/problem-groups';
import type { MappingProfile } from '../../shared/profile';
import { knownFailure } from './exit-codes';
import { loadProfile } from '../mapping-store/profile-store';
import { defaultDataDir, openImport, checkAccept, checkLeaveOut, ChoiceError, type OpenedImport, type ValueChoice } from '../import';
import { askOnTerminal, type ImportIo } from './import-command';
import { positiveInteger } from './number-options';
import { PROBLEM_LINES } from './run-output';
import { profileLine, resolveNames, unresolvedProblems } from './resolve-flow';
import { sourceReadOptions, delimiterOption, DELIMITER_HELP, ENCODING_HELP, INCLUDE_ENDED_HELP, INCLUDE_HIDDEN_HELP } from './source-options';

/**
 * `onefile-import resolve <file>`: the names in a file that are not exactly one OneFile
 * record, settled once without importing: asked on a terminal, or given with
 * `--accept "Column:file value=OneFile name or ID"` in a script. Choices are saved in
 * the mapping profile for the file's columns, as the app saves them, so the next
 * import of a file with these columns resolves them by itself.
 */

export interface ResolveOptions {
  env: string;
  org: number;
  mapping?: string;
  sheet?: string;
  headerRow?: number;
  encoding?: string;
  delimiter?: string;
  dataDir?: string;
  accept?: string[];
  /** `Column:file value` of standards or units that are no OneFile record, left out of their rows. */
  leaveOut?: string[];
  json?: boolean;
  role?: RoleKey;
  rateWindowMs?: number;
  /** ILR files: the ended apprenticeships' names too. */
  includeEnded?: boolean;
  /** XLSX: read the rows Excel hides too. */
  includeHiddenRows?: boolean;
}

export type ResolveIo = Pick<ImportIo, 'out' | 'err' | 'env' | 'ask'>;

const processResolveIo: ResolveIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  env: process.env,
  ask: process.stdin.isTTY && process.stderr.isTTY ? askOnTerminal : null,
};

/** Returns the exit code: 0 every name resolved, 1 some left unresolved, 2 could not start or a bad --accept. */
export async function runResolve(file: string, options: ResolveOptions, io: ResolveIo = processResolveIo): Promise<number> {
  const dataDir = options.dataDir ?? defaultDataDir();
  let opened: OpenedImport | undefined;
  try {
    let profile: MappingProfile | undefined;
    if (options.mapping) profile = await loadProfile(options.mapping);
    opened = await openImport({
      file,
      read: sourceReadOptions(options),
      profile,
      profileFile: options.mapping,
      connect: () => connect({ environment: options.env, customerToken: io.env.ONEFILE_CUSTOMER_TOKEN || undefined, dataDir, windowMs: options.rateWindowMs }),
      organisationId: options.org,
      dataDir,
      windowMs: options.rateWindowMs,
      defaultRole: options.role,
      useCachedDirectory: true,
    });
    if (!options.json) io.err(`${profileLine(opened.profile)}\n`);
    const accepted: ValueChoice[] = [
      ...(options.accept ?? []).map((text) => checkAccept(text, opened!)),
      ...(options.leaveOut ?? []).map((text) => checkLeaveOut(text, opened!)),
    ];
    const ask = options.json ? null : io.ask;
    const resolved = await resolveNames(opened, dataDir, { ask, say: (text) => io.err(text) }, accepted);
    const after = resolved.choices.length > 0 ? opened.withProfile(resolved.profile) : opened;
    const left = after.unresolvedValues();
    const groups = groupProblems(unresolvedProblems(after));
    if (options.json) {
      io.out(`${JSON.stringify({ chosen: resolved.choices, profile: resolved.savedTo ?? after.profile.path, unresolved: groups })}\n`);
    } else if (left.length === 0) {
      io.out(`Every name in ${opened.file.name} is one OneFile record: the import can go ahead.\n`);
    } else {
      io.out(`${[`${left.length} name${left.length === 1 ? '' : 's'} still to resolve:`, ...problemGroupLines(groups, PROBLEM_LINES).map((l) => `  ${l}`)].join('\n')}\n`);
      if (!io.ask) io.out('Run this on a terminal to choose, or give each with --accept "Column:value in the file=OneFile name or ID" (or --leave-out "Column:value" for a standard or unit OneFile has not got).\n');
    }
    return left.length === 0 ? 0 : 1;
  } catch (error) {
    const known = error instanceof ChoiceError || knownFailure(error) !== null;
    if (!known) throw error;
    io.err(`${(error as Error).message}\n`);
    return 2;
  } finally {
    await opened?.close();
  }
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function registerResolveCommand(program: Command, setExitCode: (code: number) => void): void {
  program
    .command('resolve')
    .description('Choose the OneFile records for names in a spreadsheet (standards, classes, assessors...) once, without importing.')
    .argument('<file>', 'the spreadsheet: .xlsx, .csv, .tsv or .txt')
    .requiredOption('--env <environment>', 'sandbox, practice, beta, live, or a OneFile API address (https://...)')
    .requiredOption('--org <id>', 'the OneFile organisation ID', positiveInteger('the organisation ID'))
    .option('--mapping <file>', 'a mapping profile (JSON) choosing columns and value maps')
    .option('--include-ended', INCLUDE_ENDED_HELP)
    .option('--include-hidden-rows', INCLUDE_HIDDEN_HELP)
    .option('--sheet <name>', 'XLSX: the sheet to read (default: the first visible sheet with data, or the one whose headers name far more fields)')
    .option('--header-row <n>', 'the header row as Excel numbers it (default: detected)', positiveInteger('the header row'))
    .option('--encoding <name>', ENCODING_HELP)
    .option('--delimiter <char>', DELIMITER_HELP, delimiterOption)
    .option('--data-dir <dir>', 'where saved profiles, runs and the sandbox data live (default: the user data folder)')
    .option('--accept <choice>', 'Column:value in the file=OneFile name or ID, e.g. "Programme:Business Administrator=Business Administrator Level 3" (repeatable)', collect)
    .option('--leave-out <value>', 'Column:value in the file that is no OneFile standard or unit, left out of its rows, e.g. "Standard:ZPROG001" (repeatable)', collect)
    .option('--json', 'print one JSON line: {chosen, profile, unresolved}; never asks')
    .addOption(new Option('--role <role>', 'the role of rows without a Role column').choices(ROLE_KEYS).default('learner'))
    .addOption(new Option('--rate-window-ms <ms>', 'rate window length (tests)').argParser(positiveInteger('the window')).hideHelp())
    .addHelpText(
      'after',
      `
On a terminal each name that is not exactly one OneFile record is asked about once:
pick a suggestion by its number, s to skip, a to see every record of that kind,
n (standards and units) to leave it out: no OneFile record, such as an MIS report's
programme aim ZPROG001; its rows are imported with their other standards and say so.
--accept gives the answers in a script; the OneFile side may be a name, MIS ID,
standard code or ID; --leave-out "Column:value" leaves a standard or unit out.
Choices are saved in the mapping profile for the file's columns (<data-dir>/profiles,
where the app saves them too); import and check use it by themselves. The customer
token is read from ONEFILE_CUSTOMER_TOKEN.

Exit codes: 0 every name resolved; 1 some are left (skipped, or no terminal to ask on);
2 the file, profile or OneFile could not be read, or an --accept or --leave-out is wrong.`,
    )
    .action(async (file: string, options: ResolveOptions) => {
      setExitCode(await runResolve(file, options));
    });
}
