import { Command, CommanderError } from 'commander';
import { registerSandboxCommand } from './cli/sandbox-command';
import { registerCheckCommand } from './cli/check-command';
import { registerExportCommand, registerTemplateCommand } from './cli/export-command';
import { registerUndoCommand } from './cli/undo-command';
import { registerForgetCommand } from './cli/forget-command';
import { registerImportCommand } from './cli/import-command';
import { registerProbeCommand } from './cli/probe-command';
import { registerResumeCommand } from './cli/resume-command';
import { registerRunsCommand } from './cli/runs-command';
import { registerUiCommand } from './cli/ui-command';
import { defaultDataDir, NoHomeFolder } from './import';
import { folderUnusableReason } from './private-files';
import { diskRefusal, EXIT } from './cli/exit-codes';
import { carryOnWhenOutputCloses } from './cli/closed-output';

/**
 * The `onefile-import` command line. Each command lives in its own file under
 * `main/cli/` and registers itself here. Returns the process exit code.
 */
export async function runCli(argv: string[]): Promise<number> {
  carryOnWhenOutputCloses();
  const program = new Command();
  program
    .name('onefile-import')
    .description('Import learners, staff and programmes from a spreadsheet into OneFile.')
    // One line after a mistyped option or command (commander also suggests the nearest): the whole help would bury the error.
    .showHelpAfterError('(add --help to the command for its options)')
    .exitOverride();
  // Every command keeping data checks its data folder first: a file in its place (or on its path) is said in words, not met as a stack trace half-way.
  program.hook('preAction', (_program, action) => {
    if (!action.options.some((option) => option.attributeName() === 'dataDir')) return;
    const given = action.opts<{ dataDir?: string }>().dataDir;
    let folder = given;
    if (folder === undefined) {
      try {
        folder = defaultDataDir();
      } catch (error) {
        if (error instanceof NoHomeFolder) throw new UnusableDataFolder(`The data folder cannot be found: ${error.message} Give --data-dir a folder you can write to.`);
        throw error;
      }
    }
    const reason = folderUnusableReason(folder);
    if (reason) throw new UnusableDataFolder(`The data folder ${folder} cannot be used: ${reason} Give --data-dir a folder you can write to${given ? ' (it is created when missing)' : ''}.`);
  });
  let exitCode = 0;
  const setExitCode = (code: number) => {
    exitCode = code;
  };
  registerSandboxCommand(program, setExitCode);
  registerCheckCommand(program, setExitCode);
  registerImportCommand(program, setExitCode);
  registerResumeCommand(program, setExitCode);
  registerRunsCommand(program, setExitCode);
  registerUiCommand(program, setExitCode);
  registerForgetCommand(program, setExitCode);
  registerProbeCommand(program, setExitCode);
  registerExportCommand(program, setExitCode);
  registerTemplateCommand(program, setExitCode);
  registerUndoCommand(program, setExitCode);
  (await import('./cli/resolve-command')).registerResolveCommand(program, setExitCode);
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof UnusableDataFolder) {
      process.stderr.write(`${error.message}\n`);
      return EXIT.couldNotStart;
    }
    const refusal = diskRefusal(error);
    if (refusal) {
      process.stderr.write(`${refusal}\n`);
      return EXIT.couldNotStart;
    }
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? 0 : 2;
    }
    throw error;
  }
  return exitCode;
}

/** The data folder is a file, or on a path through one, or not writable: said before the command does anything. */
class UnusableDataFolder extends Error {}
