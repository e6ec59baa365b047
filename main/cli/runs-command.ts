import { Command } from 'commander';
import { defaultDataDir, listRuns } from '../import';
import { runsText } from './run-output';

/**
 * `onefile-import runs`: the import runs in the data folder, newest first, with their
 * state and counts. A run whose process died is shown as interrupted: resume it.
 */

export interface RunsOptions {
  dataDir?: string;
  json?: boolean;
}

export function runRuns(options: RunsOptions, out: (text: string) => void = (text) => process.stdout.write(text)): number {
  const runs = listRuns(options.dataDir ?? defaultDataDir());
  if (options.json) out(`${JSON.stringify(runs)}\n`);
  else out(`${runsText(runs).join('\n')}\n`);
  return 0;
}

export function registerRunsCommand(program: Command, setExitCode: (code: number) => void): void {
  program
    .command('runs')
    .description('List the import runs, newest first, with their state and counts.')
    .option('--data-dir <dir>', 'where the runs live (default: the user data folder)')
    .option('--json', 'print the runs as one JSON array (each as its run.json, with the state as it is now)')
    .addHelpText('after', '\nStates: planned, running, paused, cancelled, interrupted (its process died: resume it), completed, failed.')
    .action((options: RunsOptions) => {
      setExitCode(runRuns(options));
    });
}
