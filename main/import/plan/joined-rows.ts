import type { MappedRow } from '../../../shared/mapped-rows';
import { spanOf } from '../../../shared/people-in-file';
import type { RowDraft } from './plan';
import { hasError, type RowPlan } from './types';

/**
 * One person on several rows (a row per standard, as an MIS's aims report writes them):
 * validation found the rows alike in every column but the standards and units
 * (shared/people-in-file.ts) and gave each later row `sameAs`, the first row. The plan
 * imports the person on the first row with every row's standards and units, and the
 * earliest start and latest planned end date of them all; a later row's own assessor
 * is assigned for that row's standards (learning-aim level). The later rows are
 * 'joined' to it and send nothing of their own.
 */

/**
 * A later row about the person an earlier row imports (validation found them alike in
 * every column but the standards and units): its standards and units join the earlier
 * row's, each once. A row with errors of its own adds nothing (it is blocked, and said).
 */
export function joinRowsOfOnePerson(drafts: readonly RowDraft[]): void {
  const byRow = new Map(drafts.map((draft) => [draft.plan.row, draft]));
  const rowsOf = new Map<RowDraft, MappedRow[]>();
  for (const draft of drafts) {
    if (draft.plan.joinedTo === undefined) continue;
    const leader = byRow.get(draft.plan.joinedTo);
    if (!leader) {
      draft.plan.problems.push({
        code: 'joined-row-missing',
        severity: 'error',
        message: `Row ${draft.plan.joinedTo}, the first row about this person, is not among the rows imported: import the whole file.`,
      });
      continue;
    }
    if (hasError(draft.plan)) continue;
    const rows = rowsOf.get(leader);
    if (rows) rows.push(draft.mapped);
    else rowsOf.set(leader, [leader.mapped, draft.mapped]);
    const refs = leader.refs;
    for (const standard of draft.refs.Standards) if (!refs.Standards.some((s) => s.id === standard.id)) refs.Standards.push(standard);
    for (const unit of draft.refs.Units) if (!refs.Units.some((u) => u.id === unit.id)) refs.Units.push(unit);
    // An assessor of the row's own (validation allowed it only with standards): assigned for them, per learning aim.
    const assessor = draft.refs.Assessor;
    if (assessor && refs.Assessor && assessor.id !== refs.Assessor.id && draft.refs.Standards.length > 0) {
      (refs.aimAssessors ??= []).push({ staff: assessor, standardIds: draft.refs.Standards.map((s) => s.id) });
      draft.plan.joinedAssessor = assessor.name;
    }
  }
  // The learner's dates span their rows: a copy of the first row's values, never the file's rows changed.
  for (const [leader, rows] of rowsOf) {
    const span = spanOf(rows);
    const { values } = leader.mapped;
    if (span.StartOn === values.StartOn && span.PlannedEndDate === values.PlannedEndDate) continue;
    leader.mapped = { row: leader.mapped.row, values: { ...values, ...span }, raw: leader.mapped.raw };
  }
}

/**
 * The first row of a joined row's person, its action decided; a joined row whose first
 * row cannot be imported is blocked with it, saying so (its standards have no one to go to).
 */
export function leaderOf(plan: RowPlan, plansByRow: ReadonlyMap<number, RowPlan>): RowPlan | undefined {
  const leader = plansByRow.get(plan.joinedTo!);
  if (leader && (leader.action === 'blocked' || leader.action === 'skipped') && !hasError(plan)) {
    plan.problems.push({
      code: 'joined-row-not-imported',
      severity: 'error',
      message: `Row ${leader.row}, which imports this person with this row's standards and units, cannot be imported: correct it and both go ahead.`,
    });
  }
  return leader;
}
