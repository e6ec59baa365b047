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

/**
 * The `onefile-import` command line. Each command lives in its own file under
 * `main/cli/` and registers itself here. Returns the process exit code.
 */
export async function runCli(argv: string[]): Promise<number> {
  const program = new Command();
  program
    .name('onefile-import')
    .description('Import learners, staff and programmes from a spreadsheet into OneFile.')
    .showHelpAfterError()
    .exitOverride();
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
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? 0 : 2;
    }
    throw error;
  }
  return exitCode;
}
