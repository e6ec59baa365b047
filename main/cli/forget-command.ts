import type { Command } from 'commander';
import { isOneFileError } from '../onefile';
import { describeOrganisationData, findOrganisationData, forgetOrganisationData, defaultDataDir, environmentKeyOf, type OrganisationDataKey } from '../import';
import { uploadsDir } from '../service/uploads';
import { processImportIo, type ImportIo } from './import-command';
import { positiveInteger } from './number-options';

/**
 * `onefile-import forget --env <environment> --org <id>`: deletes what this computer
 * keeps about one organisation (its cached directory, its runs' folders, the uploaded
 * files they came from, the record of staff assignments and users it made), after saying what that is
 * and asking. `--yes` answers for a script; without a terminal and without `--yes`
 * nothing is deleted. OneFile itself is not changed.
 */

export interface ForgetOptions {
  env: string;
  org: number;
  dataDir?: string;
  yes?: boolean;
  json?: boolean;
}

export async function runForget(options: ForgetOptions, io: Pick<ImportIo, 'out' | 'err' | 'ask'> = processImportIo): Promise<number> {
  const dataDir = options.dataDir ?? defaultDataDir();
  let key: OrganisationDataKey;
  try {
    key = { dataDir, environmentKey: environmentKeyOf(options.env), organisationId: options.org, uploadsDir: uploadsDir(dataDir) };
  } catch (error) {
    if (!isOneFileError(error)) throw error;
    io.err(`${error.message}\n`);
    return 2;
  }
  const where = `organisation ${options.org} in ${options.env}`;
  const found = findOrganisationData(key);
  const counts = { runs: found.runs.length, files: found.files.length, uploads: found.uploads.length };
  if (counts.runs + counts.files + counts.uploads === 0) {
    if (options.json) io.out(`${JSON.stringify({ forgotten: true, ...counts })}\n`);
    else io.out(`This computer keeps nothing about ${where}.\n`);
    return 0;
  }
  const what = `This computer keeps, about ${where} (data folder ${dataDir}): ${describeOrganisationData(counts)}.`;
  if (!options.yes) {
    if (!io.ask) {
      io.err(`${what}\nNothing was deleted: there is no terminal to ask on. Add --yes to delete it.\n`);
      return 2;
    }
    const answer = await io.ask(`${what}\nIt cannot be undone (OneFile itself is not changed). Type yes to delete it: `);
    if ((answer ?? '').trim().toLowerCase() !== 'yes') {
      io.err('Not confirmed: nothing was deleted.\n');
      return 2;
    }
  }
  let deleted;
  try {
    deleted = forgetOrganisationData(key);
  } catch (error) {
    io.err(`${(error as Error).message}\n`);
    return 2;
  }
  if (options.json) io.out(`${JSON.stringify({ forgotten: true, ...deleted })}\n`);
  else io.out(`Deleted from this computer: ${describeOrganisationData(deleted)}.\n`);
  return 0;
}

export function registerForgetCommand(program: Command, setExitCode: (code: number) => void): void {
  program
    .command('forget')
    .description("Forget this organisation's data: delete what this computer keeps about it (cached directory, runs, uploaded files).")
    .requiredOption('--env <environment>', 'sandbox, practice, beta, live, or a OneFile API address (https://...)')
    .requiredOption('--org <id>', 'the organisation ID', positiveInteger('the organisation ID'))
    .option('--data-dir <dir>', 'the data folder (default: the user data folder)')
    .option('--yes', 'do not ask: delete it (for scripts)')
    .option('--json', 'print what was deleted as one JSON line')
    .addHelpText(
      'after',
      `
Lists what will be deleted and asks first. Refused while a run of the organisation is
running or paused. Learners already imported stay in OneFile; mapping profiles are kept
(they belong to a file's columns, not to an organisation).`,
    )
    .action(async (options: ForgetOptions) => {
      setExitCode(await runForget(options));
    });
}
