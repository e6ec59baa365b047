import cliProgress from 'cli-progress';
import { DIRECTORY_STEP_COUNT, directoryStepWords, formatDuration, type DirectoryProgress, type TaskProgress } from '../import';

/** A bar for a task whose total is not known ahead: 0..100 %, the calls made and the time left. */
export function taskBar(stream: NodeJS.WriteStream | null, title: string): { update(progress: TaskProgress): void; stop(): void } {
  if (!stream) return { update: () => {}, stop: () => {} };
  const bar = new cliProgress.SingleBar(
    { stream, format: `${title} |{bar}| {percentage}% | {calls} calls | left: {left} | {what}`, hideCursor: true, clearOnComplete: false },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(progress) {
      const payload = { calls: progress.calls, left: progress.etaMs === null ? '?' : formatDuration(progress.etaMs), what: progress.description };
      if (!started) bar.start(100, 0, payload);
      started = true;
      bar.update(Math.round(progress.value * 100), payload);
    },
    stop: () => started && bar.stop(),
  };
}

/** Fewest users to read for a log (no terminal) to be told the plan's progress: a smaller plan takes a minute or so. */
const USERS_WORTH_TELLING = 100;

/**
 * The plan's reads of the users the file matches (one call or two each at the rate limit:
 * a thousand take ten minutes or more), said as they go: on a terminal a bar with the
 * calls and the time left; in a log (a scheduled import), a line as each quarter is read,
 * where there are enough to take a while. Each plan (one made again after names were
 * chosen) has its own bar.
 */
export function planReadsSaid(barStream: NodeJS.WriteStream | null, say: (text: string) => void): (progress: TaskProgress) => void {
  let bar: ReturnType<typeof taskBar> | undefined;
  let quarters = 0;
  return (progress) => {
    const count = progress.count;
    if (!count) return;
    if (barStream) {
      if (count.done === 0 || !bar) {
        bar?.stop();
        bar = taskBar(barStream, 'Planning');
      }
      bar.update(progress);
      if (count.done >= count.of) {
        bar.stop();
        bar = undefined;
      }
      return;
    }
    if (count.of < USERS_WORTH_TELLING) return;
    const of = count.of.toLocaleString('en-GB');
    if (count.done === 0) {
      quarters = 0;
      say(`Reading the ${of} learners and staff the file matches in OneFile (one call or two each, at the rate limit)...\n`);
      return;
    }
    const reached = Math.floor((count.done / count.of) * 4);
    if (reached <= quarters) return;
    quarters = reached;
    const left = count.done < count.of && progress.etaMs ? `; about ${formatDuration(progress.etaMs)} left` : '';
    say(`  ${count.done.toLocaleString('en-GB')} of ${of} read (${progress.calls.toLocaleString('en-GB')} calls so far${left})\n`);
  };
}

/**
 * The organisation's directory as it is read (the kinds the file needs, side by side; a
 * large organisation's learners are many pages): on a terminal a bar of the kinds read
 * whole, with the records and calls so far; in a log, a line for each kind read whole
 * that holds any records, once.
 */
export function directorySaid(barStream: NodeJS.WriteStream | null, say: (text: string) => void): (progress: DirectoryProgress) => void {
  let bar: ReturnType<typeof taskBar> | undefined;
  let kindsDone = 0;
  const said = new Set<string>();
  return ({ step, records, calls, stepsDone }) => {
    const finished = stepsDone > kindsDone;
    kindsDone = stepsDone;
    if (barStream) {
      bar ??= taskBar(barStream, 'Directory');
      bar.update({ phase: 'reading', value: stepsDone / DIRECTORY_STEP_COUNT, calls, etaMs: null, description: directoryStepWords({ step, records, stepsDone }) });
      if (stepsDone >= DIRECTORY_STEP_COUNT) {
        bar.stop();
        bar = undefined;
      }
      return;
    }
    // Once a kind: a name missing from a kind read whole is looked for again page by page (a second reading).
    if (!finished || records === 0 || said.has(step)) return;
    said.add(step);
    say(`  ${records.toLocaleString('en-GB')} ${step} (${calls.toLocaleString('en-GB')} calls so far)\n`);
  };
}
