import { laterRunsNote, shownUndoValue, type UndoPlan } from '../import';

/** The undo plan as the command line prints it: what is put back, archived, left, and to remove in OneFile. */

const LISTED = 20;
const plural = (n: number, word: string, many = `${word}s`) => `${n} ${n === 1 ? word : many}`;

/**
 * What the plan is printed for. Only an undo that runs writes an undo report (when its
 * run is made, main/import/undo/undo-run.ts); a dry run and a plan with nothing to undo
 * write none, so their lists cut short say where the whole of them is instead.
 */
export type UndoPlanPrinted = 'undo' | 'dry-run' | 'nothing-to-undo';

/** Where a list cut short is whole (`more`), and where the entries not printed at all are (`listedIn`). */
const WHOLE_LISTS: Record<UndoPlanPrinted, { more: string; listedIn: string }> = {
  undo: { more: 'all in the undo report', listedIn: 'listed in the undo report' },
  'dry-run': {
    more: "a dry run writes no report: with --json it prints them all; the undo's undo report will list them all",
    listedIn: "a dry run writes no report: --json lists them, as will the undo's undo report",
  },
  'nothing-to-undo': {
    more: 'with nothing to undo no report is written: with --json it prints them all',
    listedIn: 'with nothing to undo no report is written: --json lists them',
  },
};

function listed<T>(items: readonly T[], printed: UndoPlanPrinted, line: (item: T) => string): string[] {
  const lines = items.slice(0, LISTED).map((item) => `    ${line(item)}`);
  if (items.length > LISTED) lines.push(`    ... and ${items.length - LISTED} more (${WHOLE_LISTS[printed].more})`);
  return lines;
}

export function undoPlanText(plan: UndoPlan, environment: string, printed: UndoPlanPrinted): string[] {
  const { target } = plan;
  const fields = plan.restore.reduce((n, user) => n + user.fields.length, 0);
  const lines = [
    `Undo of run ${target.runId} (${target.fileName}) in OneFile ${environment}, organisation ${target.organisation.id}${target.organisation.name ? ` "${target.organisation.name}"` : ''}:`,
    `  Put back: ${plural(fields, 'field')} of ${plural(plan.restore.length, 'user')}, as they were before the run`,
    ...listed(plan.restore, printed, (user) => `${user.name} (OneFile ID ${user.userId}): ${user.fields.map((f) => `${f.label} ${shownUndoValue(f, 'runSet')} -> ${shownUndoValue(f, 'before')}`).join('; ')}`),
    `  Archive: ${plural(plan.archive.length, 'user')} the run created`,
    ...listed(plan.archive, printed, (user) => `${user.name} (OneFile ID ${user.userId}), row ${user.row}`),
  ];
  const later = laterRunsNote(plan);
  if (later) lines.push(`    Note: ${later}`);
  if (plan.left.length > 0) {
    lines.push(`  Left as they are: ${plan.left.length}`);
    lines.push(
      ...listed(plan.left, printed, (entry) =>
        entry.field
          ? `${entry.name} (OneFile ID ${entry.userId}): ${entry.reason} Now ${shownUndoValue(entry.field, 'now')}; the run set ${shownUndoValue(entry.field, 'runSet')}; before the run ${shownUndoValue(entry.field, 'before')}.`
          : `${entry.name}${entry.userId ? ` (OneFile ID ${entry.userId})` : ''}: ${entry.reason}`,
      ),
    );
  }
  if (plan.already.fields + plan.already.users > 0) {
    lines.push(`  Already as before the run: ${plural(plan.already.fields, 'field')}, ${plural(plan.already.users, 'created user')} already archived`);
  }
  const kept = plan.remove.filter((entry) => !entry.learnerArchived);
  const withArchived = plan.remove.length - kept.length;
  if (plan.remove.length > 0) {
    lines.push(
      `  To remove in OneFile yourself (its API cannot): ${kept.length}` +
        (withArchived > 0 ? ` (and ${withArchived} made for learners this undo archives: ${WHOLE_LISTS[printed].listedIn})` : ''),
    );
    lines.push(...listed(kept, printed, (entry) => `${entry.row ? `row ${entry.row}, ` : ''}${entry.learnerName || 'the run'}${entry.learnerId ? ` (OneFile ID ${entry.learnerId})` : ''}: ${entry.what}${entry.ids ? ` - ${entry.ids}` : ''}`));
  }
  lines.push(`  OneFile calls: ${plan.reads} made to plan this; ${plural(plan.restore.length + plan.archive.length, 'write')} to undo.`);
  return lines;
}
