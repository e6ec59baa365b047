import * as path from 'node:path';
import cliProgress, { type GenericFormatter } from 'cli-progress';
import { ILR_NOT_EDITABLE } from '../../shared/ilr';
import { groupProblems, problemGroupLines, type ProblemGroup } from '../../shared/problem-groups';
import type { FileIssue } from '../../shared/validate';
import { formatDuration, type ProfileInUse, type ImportPlan, type ProgressEvent, type ReportFiles, type RunCounts, type RunInfo, type FinishedRun } from '../import';
import { profileLine } from './resolve-flow';
import { shellWord } from './resolve-hint';

/**
 * What the import, resume and runs commands print: the plan as a person checks it,
 * a progress bar on a terminal, the outcome, and the one JSON line scripts read.
 */

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export interface PlanHeading {
  fileName: string;
  environment: string;
  organisation: { id: number; name: string };
}

/** The calls already made for a plan, where there were any (a directory kept from an earlier look costs none). */
function callsMade(directory: number, planning: number): string {
  const made = [...(directory > 0 ? [`${directory} for the directory`] : []), ...(planning > 0 ? [`${planning} while planning`] : [])];
  return made.length > 0 ? ` (plus ${made.join(' and ')})` : '';
}

/** The plan summary: what a live run would do, row counts, calls and time. */
export function planText(plan: ImportPlan, heading: PlanHeading, extra: { profile?: ProfileInUse; problems?: ProblemGroup[]; warnings?: ProblemGroup[]; dryRun?: boolean } = {}): string[] {
  const s = plan.summary;
  const lines = [
    `${heading.fileName} -> OneFile ${heading.environment}, organisation ${heading.organisation.id} "${heading.organisation.name}"`,
    `Rows: ${s.rows}: create ${s.create}, update ${s.update}, ${s.link ? `link (set MIS ID) ${s.link}, ` : ''}unchanged ${s.unchanged}, ${s.joined ? `with an earlier row (same person) ${s.joined}, ` : ''}blocked ${s.blocked}, skipped ${s.skipped}`,
    `Assignments: ${plural(s.assignments.templates, 'framework template')}, ${plural(s.assignments.standards, 'standard')}, ` +
      `${plural(s.assignments.units, 'unit')}, ${plural(s.assignments.staff, 'staff assignment')}`,
    `OneFile calls: ${s.calls.writes + s.calls.reads} to import${callsMade(s.calls.directory, s.calls.planning ?? 0)}; at ${s.budgetPerMinute} a minute that takes ${formatDuration(s.etaMs)}`,
  ];
  for (const creation of s.creations ?? []) {
    lines.push(`Create in OneFile first: ${creation.kind === 'classroom' ? 'class' : 'placement'} "${creation.name}" (asked for; ${plural(creation.rows, 'row')} wait for it)`);
  }
  lines.push(...rowLines(plan, ROWS_LISTED, extra.dryRun));
  if (extra.profile) lines.push(profileLine(extra.profile));
  // What this OneFile does differently from its guides, and what the importer does about it.
  for (const note of s.notes ?? []) lines.push(`Note: ${note.message}`);
  const groups = extra.problems ?? [];
  if (groups.length > 0) {
    const rows = s.blocked + s.skipped;
    lines.push(`${plural(rows, 'row')} ${s.blocked > 0 ? 'not importable' : 'skipped'}; the problems, by what fixes them:`);
    lines.push(...problemGroupLines(groups, PROBLEM_LINES).map((line) => `  ${line}`));
  }
  const warnings = extra.warnings ?? [];
  if (warnings.length > 0) {
    lines.push('Worth checking before you import (these rows are imported as planned):');
    lines.push(...problemGroupLines(warnings, PROBLEM_LINES).map((line) => `  ${line}`));
  }
  return lines;
}

/** Rows whose changes the plan lists before "and N more". */
export const ROWS_LISTED = 20;

/**
 * Per row, what the import will assign or change (the operations' own words), for the
 * rows that change something; "and N more" names where every row is listed.
 */
export function rowLines(plan: ImportPlan, limit = ROWS_LISTED, dryRun = false): string[] {
  const changing = plan.rows.filter((row) => (row.action === 'create' || row.action === 'update') && row.operations.length > 0);
  if (changing.length === 0) return [];
  const lines = ['What each row does:'];
  for (const row of changing.slice(0, limit)) {
    const who = row.matched ? `${row.name} (OneFile ID ${row.matched.userId})` : row.name;
    lines.push(`  row ${row.row}, ${who}: ${row.operations.map((op) => op.description).join('; ')}`);
  }
  const everyRow = dryRun ? "the plan's workbook lists every row" : 'the results report lists every row';
  if (changing.length > limit) lines.push(`  and ${changing.length - limit} more rows (${everyRow})`);
  return lines;
}

/** Problem groups listed before "and N more" (--json lists them all). */
export const PROBLEM_LINES = 20;

/** Fields whose missing column the file's own problems already say (their rows do not say it again). */
export function fieldsSaidForFile(fileIssues: readonly FileIssue[]): Set<string> {
  return new Set(fileIssues.filter((issue) => issue.code === 'missing-column' && issue.field).map((issue) => issue.field!));
}

/** The problems of the rows that will not be imported, grouped by (column, value, problem). */
export function planProblemGroups(plan: ImportPlan, fileIssues: readonly FileIssue[]): ProblemGroup[] {
  const problems = plan.rows
    .filter((row) => row.action === 'blocked' || row.action === 'skipped')
    .flatMap((row) => row.problems.map((problem) => ({ ...problem, row: row.row })));
  return groupProblems(problems, { saidForFile: fieldsSaidForFile(fileIssues) });
}

/** The file's own problems, each said once. */
export function fileProblemLines(fileIssues: readonly FileIssue[]): string[] {
  return [...new Set(fileIssues.map((issue) => `${issue.severity === 'error' ? 'Error' : 'Warning'}: ${fileIssueText(issue)}`))];
}

/** What the command line's options do about a file issue, where one does. */
const OPTION_FOR_ISSUE: Partial<Record<FileIssue['code'], string>> = {
  'us-dates': 'on the command line: --date-order mdy',
};

/** A file issue's words as the command line says them: the app's, and the option that settles it. */
export function fileIssueText(issue: FileIssue): string {
  const option = OPTION_FOR_ISSUE[issue.code];
  return option ? `${issue.message.replace(/\.?$/, '')} (${option}).` : issue.message;
}

/** The stops a command line run is stopped by (Ctrl+C, the system, the terminal closed), as its outcome names them. */
const STOPPED_BY: Record<string, string> = {
  SIGINT: 'Stopped by Ctrl+C (SIGINT)',
  SIGTERM: 'Stopped by the system (SIGTERM)',
  SIGHUP: 'Stopped as the terminal closed (SIGHUP)',
};

/**
 * What a run that did not complete has to say, and how to carry it on: a run stopped by a
 * signal says so (its record has no message of its own); one stopped for a reason of its
 * own (OneFile silent too long) says that. Null for a completed run.
 */
function carryOnWords(run: RunInfo, resume: string, stoppedBy: string | undefined, rowWord: string): string {
  const why =
    run.message ??
    (run.state === 'cancelled'
      ? `${STOPPED_BY[stoppedBy ?? ''] ?? 'Stopped'} before its end: ${plural(run.counts.pending, rowWord)} not done yet, nothing lost.`
      : null);
  return `${why ? `${why} ` : ''}Carry on with: ${resume}`;
}

/** How a run stopped, or not: said in the JSON lines of import, resume and undo. */
export interface RunStopped {
  place?: RunPlace;
  /** The signal that stopped it, where one did. */
  by?: string;
}

/**
 * A run's `message`, and for a run not complete the command that carries it on
 * (`resume`) with the message saying why it stopped: the keys every command's JSON line
 * ends a run with. `rowWord` is what the run's rows are (an undo's are users).
 */
export function carryOnJson(run: RunInfo, stopped: RunStopped = {}, rowWord = 'row'): { message: string | null; resume?: string } {
  if (run.state === 'completed') return { message: run.message ?? null };
  const resume = resumeCommand(run.runId, stopped.place);
  return { message: carryOnWords(run, resume, stopped.by, rowWord), resume };
}

/**
 * The JSON line that ends `import --json` and `resume --json`. A run not complete carries
 * the command that carries it on (`resume`) and says why it stopped in `message`: a job
 * keeping only standard output has both.
 */
export function summaryJson(finished: FinishedRun, reports: ReportFiles, stopped: RunStopped = {}) {
  const { run, outcome } = finished;
  return {
    runId: run.runId,
    state: run.state,
    created: run.counts.created,
    updated: run.counts.updated,
    linked: run.counts.linked ?? 0,
    unchanged: run.counts.unchanged,
    joined: run.counts.joined ?? 0,
    failed: run.counts.failed,
    skipped: run.counts.skipped,
    pending: run.counts.pending,
    calls: outcome.calls,
    durationMs: outcome.durationMs,
    ...carryOnJson(run, stopped),
    reports: { results: reports.results, errors: reports.errors ?? null },
    ...(finished.copyProblem ? { reportCopyProblem: finished.copyProblem } : {}),
  };
}

/** 0 when every row went in, 1 when some did not (failed, skipped, or not reached). */
export function exitCodeFor(run: RunInfo): number {
  return run.state === 'completed' && run.counts.failed === 0 && run.counts.skipped === 0 ? 0 : 1;
}

/** Where a run lives and what it also writes: said again in the command that carries it on. */
export interface RunPlace {
  dataDir?: string;
  reportDir?: string;
}

/** The folders a command was given, made absolute: the printed command works from any folder it is pasted in. */
export function runPlace(options: RunPlace): RunPlace {
  return { dataDir: options.dataDir && path.resolve(options.dataDir), reportDir: options.reportDir && path.resolve(options.reportDir) };
}

/**
 * `onefile-import resume <runId>` with the data folder (and report folder) the run was
 * given: printed after a stop, it must work pasted as it is (a run in another folder is
 * not found without --data-dir).
 */
export function resumeCommand(runId: string, place: RunPlace = {}, platform: NodeJS.Platform = process.platform): string {
  const words = ['onefile-import', 'resume', runId];
  if (place.dataDir) words.push('--data-dir', place.dataDir);
  if (place.reportDir) words.push('--report-dir', place.reportDir);
  return words.map((word) => shellWord(word, platform)).join(' ');
}

/** What became of a run's rows, as the outcome, `runs` and `resume` say it. */
function countWords(c: RunCounts): string {
  return `created ${c.created}, updated ${c.updated}, ${c.linked ? `linked ${c.linked}, ` : ''}unchanged ${c.unchanged}, ${c.joined ? `with an earlier row ${c.joined}, ` : ''}failed ${c.failed}, skipped ${c.skipped}`;
}

/**
 * `resume` of a run that completed with every row in: nothing to carry on, which is no
 * failure (exit 0, as for a run that just did so). It has no errors report to speak of.
 */
export function alreadyCompleteWords(run: RunInfo): string {
  const undone = run.undoneBy?.length ? ` (an undo has taken it back since: run ${run.undoneBy.at(-1)})` : '';
  return `Run ${run.runId} is already complete, nothing to resume${undone}.`;
}

/** The same for a person: what the run made, and its results report (`--quiet`: the one line). */
export function alreadyCompleteText(run: RunInfo, quiet = false): string[] {
  const line = `${alreadyCompleteWords(run).replace(/\.$/, '')}: ${countWords(run.counts)}.`;
  return quiet || !run.reports ? [line] : [line, `Results: ${run.reports.results.xlsx}`];
}

/** The same as `resume --json` ends: the JSON line of a run's end, for a session that made no call. */
export function alreadyCompleteJson(run: RunInfo) {
  const c = run.counts;
  return {
    runId: run.runId,
    state: run.state,
    created: c.created,
    updated: c.updated,
    linked: c.linked ?? 0,
    unchanged: c.unchanged,
    joined: c.joined ?? 0,
    failed: c.failed,
    skipped: c.skipped,
    pending: c.pending,
    calls: 0,
    durationMs: 0,
    message: alreadyCompleteWords(run),
    reports: { results: run.reports?.results ?? null, errors: null },
  };
}

/** The outcome for a person: counts, where the reports are, and how to carry on. */
export function outcomeText(finished: FinishedRun, reports: ReportFiles, place: RunPlace = {}): string[] {
  const { run, outcome } = finished;
  const c = run.counts;
  const lines = [
    `Run ${run.runId} ${run.state}: ${countWords(c)}` +
      (c.pending ? `, not done yet ${c.pending}` : '') +
      ` (${plural(outcome.calls, 'call')}, ${Math.round(outcome.durationMs / 1000)} s)`,
    `Results: ${reports.results.xlsx}`,
  ];
  if (reports.errors) lines.push(`Errors to fix and import again: ${reports.errors.xlsx}`);
  if (reports.errors && run.file.format === 'ilr') lines.push(ILR_NOT_EDITABLE);
  if (run.message) lines.push(run.message);
  if (run.state !== 'completed') lines.push(`Carry on with: ${resumeCommand(run.runId, place)}`);
  return lines;
}

/** `--quiet`: the outcome's one line, and where the errors are when there are some. */
export function quietOutcome(finished: FinishedRun, reports: ReportFiles, place: RunPlace = {}): string[] {
  const [line] = outcomeText(finished, reports, place);
  const { run } = finished;
  const more = [];
  if (reports.errors) more.push(`Errors to fix and import again: ${reports.errors.xlsx}`);
  if (reports.errors && run.file.format === 'ilr') more.push(ILR_NOT_EDITABLE);
  if (run.state !== 'completed') more.push(`${run.message ? `${run.message} ` : ''}Carry on with: ${resumeCommand(run.runId, place)}`);
  return [line, ...more];
}

/** Calls waiting for OneFile's calls-a-minute allowance (run-pace's `rateLimitWait`), said on the bar beside the runner's own state. */
export type BarWait = { resumesInMs: number } | null;

export interface ProgressBar {
  onEvent(event: ProgressEvent, wait?: BarWait): void;
  /**
   * Writes text while the run goes on: the bar is left where it stands (its line kept),
   * the text written under it, and the bar drawn again under the text. Written over
   * the bar's line, text would be cut at the terminal's edge (the bar turns line wrap off)
   * and drawn over by the bar's next update.
   */
  say(text: string, write: (text: string) => void): void;
  /** The bar's last drawing, with the run's final totals, then its line ended: what follows starts on a line of its own. */
  finish(event?: ProgressEvent): void;
}

interface BarPayload {
  failed: number;
  calls: number;
  perMinute: number;
  state: string;
  left: string;
}

/**
 * The bar's line, made to fit the terminal's width: the figures whole, the bar as long as
 * the room left allows (10 to 40 characters), or no bar on a terminal too narrow for one.
 * cli-progress cuts a longer line at the edge, which took the state and the time left.
 */
const barLine: GenericFormatter = (options, params, payload: BarPayload) => {
  const line = (bar: string) =>
    `Importing ${bar}${params.value}/${params.total} rows | ${payload.failed} failed | ${payload.calls} calls, ${payload.perMinute}/min | ${payload.state} | left: ${payload.left}`;
  const room = params.maxWidth - line('||  ').length;
  if (room < 10) return line('');
  const size = Math.min(40, room);
  const progress = Number.isFinite(params.progress) ? Math.min(1, Math.max(0, params.progress)) : 0;
  const done = Math.round(progress * size);
  return line(`|${(options.barCompleteChar ?? '#').repeat(done)}${(options.barIncompleteChar ?? '-').repeat(size - done)}| `);
};

function stateWords(event: ProgressEvent, wait: BarWait | undefined): string {
  if (event.totals.unanswered) return 'waiting for OneFile to answer';
  if (wait) return `waiting for OneFile's allowance, ${Math.ceil(wait.resumesInMs / 1000)} s`;
  return event.state;
}

/** A progress bar on stderr with ETA; only on a terminal (a log file gets no bar). */
export function progressBar(stream: NodeJS.WriteStream = process.stderr): ProgressBar | null {
  if (!stream.isTTY) return null;
  const bar = new cliProgress.SingleBar({ stream, format: barLine, hideCursor: true, clearOnComplete: false }, cliProgress.Presets.shades_classic);
  let drawing = false;
  let last: { event: ProgressEvent; wait: BarWait | undefined } | null = null;
  const draw = (event: ProgressEvent, wait: BarWait | undefined) => {
    last = { event, wait };
    const t = event.totals;
    const payload: BarPayload = {
      failed: t.failed,
      calls: t.calls,
      perMinute: t.callsPerMinute,
      state: stateWords(event, wait),
      left: t.etaMs === null ? '?' : formatDuration(t.etaMs),
    };
    const value = t.done + t.failed + t.skipped;
    if (!drawing) {
      // start() keeps the cursor's place and turns line wrap off until stop().
      bar.start(t.rows, value, payload);
      drawing = true;
    } else bar.update(value, payload);
  };
  const end = () => {
    if (!drawing) return;
    bar.stop();
    drawing = false;
  };
  return {
    onEvent: draw,
    say(text, write) {
      const wasDrawing = drawing;
      end();
      write(wasDrawing ? text.replace(/^\n/, '') : text);
      if (wasDrawing && last) draw(last.event, last.wait);
    },
    finish(event) {
      if (event) draw(event, null);
      end();
    },
  };
}

/** Where a run imports into, as `runs` lists it: the environment's name, or for an address given by hand its host (two test servers are told apart). */
export function environmentLabel(environment: { name: string; baseUrl: string }): string {
  if (environment.name !== 'custom') return environment.name;
  try {
    return new URL(environment.baseUrl).host;
  } catch {
    return environment.baseUrl;
  }
}

/** `runs`: one line per run. */
/** `superseded`: stopped runs another run changed the organisation after, and that run (they are not resumed). */
export function runsText(runs: RunInfo[], superseded: ReadonlyMap<string, string> = new Map()): string[] {
  if (runs.length === 0) return ['No runs yet.'];
  return runs.map((run) => {
    const c = run.counts;
    const later = superseded.get(run.runId);
    return (
      `${run.runId}  ${run.state.padEnd(11)}  ${run.file.name}  ${environmentLabel(run.environment)} org ${run.organisation.id}  ` +
      `rows ${c.rows}: ${countWords(c)}, pending ${c.pending}` +
      (later ? `  (not resumable: run ${later} changed the organisation since; import ${run.file.name} again)` : '')
    );
  });
}
