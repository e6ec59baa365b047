import { laterRunsNote, shownUndoValue, type UndoPlan } from '../import';

/** The undo plan as the command line prints it: what is put back, archived, left, and to remove in OneFile. */

const LISTED = 20;
const plural = (n: number, word: string, many = `${word}s`) => `${n} ${n === 1 ? word : many}`;

function listed<T>(items: readonly T[], line: (item: T) => string): string[] {
  const lines = items.slice(0, LISTED).map((item) => `    ${line(item)}`);
  if (items.length > LISTED) lines.push(`    ... and ${items.length - LISTED} more (all in the undo report)`);
  return lines;
}

export function undoPlanText(plan: UndoPlan, environment: string): string[] {
  const { target } = plan;
  const fields = plan.restore.reduce((n, user) => n + user.fields.length, 0);
  const lines = [
    `Undo of run ${target.runId} (${target.fileName}) in OneFile ${environment}, organisation ${target.organisation.id}${target.organisation.name ? ` "${target.organisation.name}"` : ''}:`,
    `  Put back: ${plural(fields, 'field')} of ${plural(plan.restore.length, 'user')}, as they were before the run`,
    ...listed(plan.restore, (user) => `${user.name} (OneFile ID ${user.userId}): ${user.fields.map((f) => `${f.label} ${shownUndoValue(f, 'runSet')} -> ${shownUndoValue(f, 'before')}`).join('; ')}`),
    `  Archive: ${plural(plan.archive.length, 'user')} the run created`,
    ...listed(plan.archive, (user) => `${user.name} (OneFile ID ${user.userId}), row ${user.row}`),
  ];
  const later = laterRunsNote(plan);
  if (later) lines.push(`    Note: ${later}`);
  if (plan.left.length > 0) {
    lines.push(`  Left as they are: ${plan.left.length}`);
    lines.push(
      ...listed(plan.left, (entry) =>
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
        (withArchived > 0 ? ` (and ${withArchived} made for learners this undo archives, listed in the undo report)` : ''),
    );
    lines.push(...listed(kept, (entry) => `${entry.row ? `row ${entry.row}, ` : ''}${entry.learnerName || 'the run'}${entry.learnerId ? ` (OneFile ID ${entry.learnerId})` : ''}: ${entry.what}${entry.ids ? ` - ${entry.ids}` : ''}`));
  }
  lines.push(`  OneFile calls: ${plan.reads} made to plan this; ${plural(plan.restore.length + plan.archive.length, 'write')} to undo.`);
  return lines;
}
