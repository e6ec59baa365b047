import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { shellWord } from '../../main/cli/resolve-hint';
import { listRuns } from '../../main/import/journal/run-store';
import { learnerLine, savedLearners, writeCsv } from '../import/cli-fixtures';
import { tempDir } from '../import/run-fixtures';
import { screenLines } from './screen';
import { CLI, runInTerminal, runPiped, terminalKind } from './terminal';

/**
 * An import followed on a terminal, as a person at the weekly import watches it: the
 * progress bar is drawn on its own line, and what is written while it is drawn (Ctrl+C's
 * answer) and after it (the outcome) is on lines of their own, whole, with no bar drawn
 * over them. Before, the outcome was written onto the bar's line (line wrap off, so cut at
 * the edge) and the bar of mid-run drawn again after it: a finished run ended on screen as
 * "32/40 rows ... running". And the command printed to carry on a stopped run works as
 * printed: it names the data folder the run is in.
 */

const HAS_TERMINAL = terminalKind() !== null;
const COLUMNS = 100;
/** Paced at 10 calls a second, so a run of 40 learners lasts long enough to be stopped. */
const PACED = ['--budget', '10', '--rate-window-ms', '1000'];

/** The screen's lines from the first that contains `text` (the screen has nothing after them but the shell's exit line). */
function linesFrom(lines: string[], text: string): string[] {
  const at = lines.findIndex((line) => line.includes(text));
  expect(at, lines.join('\n')).toBeGreaterThanOrEqual(0);
  return lines.slice(at);
}

describe.skipIf(!HAS_TERMINAL)('an import on a terminal', () => {
  it('says when calls wait for OneFile\'s allowance, ends on the bar at the run\'s end, then the outcome on lines of its own, whole', async () => {
    const dir = tempDir('bar-end-');
    const dataDir = path.join(dir, 'data');
    const file = writeCsv(dir, 'learners.csv', Array.from({ length: 12 }, (_, i) => learnerLine('BAR', i + 1)));
    // 20 calls a 3-second window: the calls wait seconds for the allowance, and the bar says so.
    const run = runInTerminal(['import', file, '--env', 'sandbox', '--org', '5740', '--data-dir', dataDir, '--budget', '20', '--rate-window-ms', '3000'], {}, COLUMNS);
    await run.waitFor("waiting for OneFile's allowance, ");
    expect(await run.exited, run.screen()).toBe(0);

    const lines = screenLines(run.screen(), COLUMNS).filter((line) => line !== '');
    const end = linesFrom(lines, 'Importing |');
    // The bar's last drawing is the run's end; no bar after it.
    expect(end[0], lines.join('\n')).toMatch(/Importing \|.*\| 12\/12 rows \| 0 failed \| \d+ calls.* \| completed \| left: /);
    expect(end.slice(1).some((line) => line.includes('Importing |'))).toBe(false);
    const [runId] = listRuns(dataDir).map((record) => record.runId);
    expect(end[1]).toMatch(new RegExp(`^Run ${runId} completed: created 12, updated 0, unchanged 0, failed 0, skipped 0 \\(\\d+ calls, \\d+ s\\)$`));
    expect(end[2]).toMatch(/^Results: .*results\.xlsx$/);
    expect(end[3]).toBe('[exit code 0]');
    expect(await savedLearners(dataDir, 'BAR')).toHaveLength(12);
  }, 60_000);

  it('says Ctrl+C\'s answer under the bar, and the resume it prints, pasted as it is, makes every learner once', async () => {
    const dir = tempDir('bar-stop-');
    // A data folder whose name has a space: the printed command quotes it.
    const dataDir = path.join(dir, 'weekly data');
    const file = writeCsv(dir, 'learners.csv', Array.from({ length: 40 }, (_, i) => learnerLine('STP', i + 1)));
    const run = runInTerminal(['import', file, '--env', 'sandbox', '--org', '5740', '--data-dir', dataDir, ...PACED], {}, COLUMNS);
    await run.waitFor('Importing |');
    run.type('\x03');
    expect(await run.exited, run.screen()).toBe(1);

    const lines = screenLines(run.screen(), COLUMNS);
    const [record] = listRuns(dataDir);
    expect(record.state).toBe('cancelled');
    const quoted = shellWord(dataDir, 'linux');
    const resume = `onefile-import resume ${record.runId} --data-dir ${quoted}`;
    // Ctrl+C's answer on lines of its own, whole, under the bar as it stood.
    const stopping = lines.findIndex((line) => line.startsWith('Stopping after the calls in flight'));
    expect(stopping, lines.join('\n')).toBeGreaterThan(0);
    expect(lines[stopping - 1]).toMatch(/^Importing \|.*\| \d+\/40 rows/);
    expect(lines[stopping]).toBe(`Stopping after the calls in flight... (Ctrl+C again to quit at once; resume with: ${resume})`);
    const end = linesFrom(lines, `Run ${record.runId} cancelled`);
    expect(lines[lines.indexOf(end[0]) - 1]).toMatch(/^Importing \|.*\| cancelled \| left: /);
    expect(end.filter((line) => line.includes('Importing |'))).toEqual([]);
    const carryOn = end.find((line) => line.startsWith('Carry on with: '));
    expect(carryOn).toBe(`Carry on with: ${resume}`);

    // Pasted into a shell as printed (the program's name standing for this checkout's).
    const pasted = await runPiped(carryOn!.slice('Carry on with: '.length).replace(/^onefile-import/, `${shellWord(process.execPath)} ${shellWord(CLI)}`));
    expect(pasted.code, pasted.stderr).toBe(0);
    expect(listRuns(dataDir)[0]).toMatchObject({ runId: record.runId, state: 'completed', counts: { created: 40, failed: 0 } });
    const learners = await savedLearners(dataDir, 'STP');
    expect(learners).toHaveLength(40);
    expect(new Set(learners.map((learner) => learner.misid)).size).toBe(40);
  }, 90_000);
  it('quits at a second Ctrl+C with the terminal given back (line wrap on, the cursor shown), and the run carries on later, every learner once', async () => {
    const dir = tempDir('bar-quit-');
    const dataDir = path.join(dir, 'data');
    const file = writeCsv(dir, 'learners.csv', Array.from({ length: 40 }, (_, i) => learnerLine('QIT', i + 1)));
    const run = runInTerminal(['import', file, '--env', 'sandbox', '--org', '5740', '--data-dir', dataDir, ...PACED], {}, COLUMNS);
    await run.waitFor('Importing |');
    run.type('\x03');
    await run.waitFor('Stopping after the calls in flight');
    run.type('\x03');
    expect(await run.exited, run.screen()).toBe(130);
    const screen = run.screen();
    expect(screen.lastIndexOf('\x1b[?7h'), 'line wrap turned back on').toBeGreaterThan(screen.lastIndexOf('\x1b[?7l'));
    expect(screen.lastIndexOf('\x1b[?25h'), 'the cursor shown again').toBeGreaterThan(screen.lastIndexOf('\x1b[?25l'));

    const [record] = listRuns(dataDir);
    const pasted = await runPiped(`${shellWord(process.execPath)} ${shellWord(CLI)} resume ${record.runId} --data-dir ${shellWord(dataDir)}`);
    expect(pasted.code, pasted.stderr).toBe(0);
    const learners = await savedLearners(dataDir, 'QIT');
    expect(learners).toHaveLength(40);
    expect(new Set(learners.map((learner) => learner.misid)).size).toBe(40);
  }, 90_000);
});
