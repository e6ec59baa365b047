import { Command } from 'commander';
import { defaultDataDir, listRuns, supersedingWrite, type RunInfo } from '../import';
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
  const dataDir = options.dataDir ?? defaultDataDir();
  const runs = listRuns(dataDir);
  const superseded = supersededRuns(dataDir, runs);
  if (options.json) out(`${JSON.stringify(runs.map((run) => (superseded.has(run.runId) ? { ...run, supersededBy: superseded.get(run.runId) } : run)))}\n`);
  else out(`${runsText(runs, superseded).join('\n')}\n`);
  return 0;
}

/** Stopped imports another run changed the organisation after: the run that did, by run (they are not resumed). */
function supersededRuns(dataDir: string, runs: RunInfo[]): Map<string, string> {
  const superseded = new Map<string, string>();
  for (const run of runs) {
    const later = supersedingWrite(dataDir, run, runs);
    if (later) superseded.set(run.runId, later.run.runId);
  }
  return superseded;
}

export function registerRunsCommand(program: Command, setExitCode: (code: number) => void): void {
  program
    .command('runs')
    .description('List the import runs, newest first, with their state and counts.')
    .option('--data-dir <dir>', 'where the runs live (default: the user data folder)')
    .option('--json', 'print the runs as one JSON array (each as its run.json, with the state as it is now)')
    .addHelpText('after', '\nStates: planned, running, paused, cancelled, interrupted (its process died: resume it), completed, failed. A stopped run that another run changed the organisation after is not resumed: import its file again.')
    .action((options: RunsOptions) => {
      setExitCode(runRuns(options));
    });
}
