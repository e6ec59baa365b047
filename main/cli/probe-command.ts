import { Command } from 'commander';
import { DEFAULT_PAGE_SIZE } from '../../shared/defaults';
import type { ApiKnowledge } from '../onefile';
import { knownFailure } from './exit-codes';
import { MOST_PROBE_CALLS, probeCallRecorder, probeOneFile, type FindingStatus, type ProbeReport } from '../onefile/probe';
import { findingsPath, saveProbeFindings, defaultDataDir, environmentKeyOf, learnedByImports, learnedNotProbed } from '../import';
import { connect } from '../connection/connect';
import { positiveInteger } from './number-options';

/**
 * `onefile-import probe --env …`: a read-only look at a OneFile environment before its
 * first import. Checks each point where OneFile may differ from its guides, prints what
 * it found and what the importer will do about it, and saves the findings for that
 * environment in the data folder, where every later import starts from them.
 */

interface ProbeCommandOptions {
  env: string;
  org?: number;
  json?: boolean;
  dataDir?: string;
  pageSize?: number;
}

interface ProbeIo {
  out(text: string): void;
  err(text: string): void;
  env: NodeJS.ProcessEnv;
}

const processIo: ProbeIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  env: process.env,
};

const MARK: Record<FindingStatus, string> = { 'as-expected': 'ok     ', differs: 'DIFFERS', unknown: 'unknown', failed: 'FAILED ' };

/** The report as a person reads it: one block per check. */
export function probeText(report: ProbeReport, environment: string, savedTo: string | undefined, learned: ApiKnowledge = {}): string {
  const lines = [
    `OneFile ${environment}${report.organisation ? `, organisation ${report.organisation.id} "${report.organisation.name}"` : ''}: ${report.calls} calls, no writes.`,
    '',
  ];
  for (const finding of report.findings) {
    lines.push(`${MARK[finding.status]}  ${finding.title}: ${finding.found}`);
    lines.push(`         -> ${finding.action}`);
  }
  lines.push('', 'Not checked (it would need a write): whose ID goes in POST User/{id}/Assign. Default staff-in-path; set it with import --assign-path.');
  lines.push(learnedByImports(learned));
  if (savedTo) lines.push(`Findings saved (${savedTo}); imports into this environment use them from now on.`);
  return `${lines.join('\n')}\n`;
}

export async function runProbe(options: ProbeCommandOptions, io: ProbeIo = processIo): Promise<number> {
  const dataDir = options.dataDir ?? defaultDataDir();
  const recorder = probeCallRecorder();
  let connection;
  try {
    connection = await connect({
      environment: options.env,
      customerToken: io.env.ONEFILE_CUSTOMER_TOKEN || undefined,
      dataDir,
      useFindings: false,
      onCall: recorder.onCall,
    });
  } catch (error) {
    const known = knownFailure(error);
    if (!known) throw error;
    io.err(`${known.message}\n`);
    return known.exitCode;
  }
  try {
    const report = await probeOneFile(connection.client, recorder, { organisationId: options.org, pageSize: options.pageSize });
    let savedTo: string | undefined;
    let learned: ApiKnowledge = {};
    if (report.completed) {
      const saved = saveProbeFindings(dataDir, environmentKeyOf(options.env), report);
      learned = learnedNotProbed(saved, report);
      savedTo = findingsPath(dataDir, environmentKeyOf(options.env));
    }
    if (options.json) io.out(`${JSON.stringify({ environment: connection.environment.name, ...report, savedTo })}\n`);
    else io.out(probeText(report, connection.environment.name, savedTo, learned));
    return report.completed ? 0 : 2;
  } finally {
    await connection.close();
  }
}

export function registerProbeCommand(program: Command, setExitCode: (code: number) => void): void {
  program
    .command('probe')
    .description("Check a OneFile environment before its first import: read-only, at most 30 calls; the findings are saved and used by later imports.")
    .requiredOption('--env <environment>', 'sandbox, practice, beta, live, or a OneFile API address (https://...)')
    .option('--org <id>', 'the organisation to look at (default: the customer\'s first)', positiveInteger('the organisation ID'))
    .option('--page-size <n>', `rows to ask for per page, as imports will (default ${DEFAULT_PAGE_SIZE})`, positiveInteger('the page size'))
    .option('--data-dir <dir>', 'where the findings are kept (default: the user data folder)')
    .option('--json', 'print the report as one JSON object')
    .addHelpText(
      'after',
      `
The customer API token is read from ONEFILE_CUSTOMER_TOKEN. The probe sends no write and
at most ${MOST_PROBE_CALLS} calls, through the same rate limit as an import. It checks sign-in and the
session token, the organisations, how many rows OneFile serves a page (and, where that
ends searches, how many learners the organisation holds, up to two pages), the keys of each
kind of search row, whether learner rows carry ULN and email, whether a framework
template's contents can be read, whether archived learners come back when asked for,
OneFile's latency, and any rate-limit headers. Exit codes: 0 the probe ran, 2 it could
not sign in or find the organisation.`,
    )
    .action(async (options: ProbeCommandOptions) => {
      setExitCode(await runProbe(options));
    });
}
