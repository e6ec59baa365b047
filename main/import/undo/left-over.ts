import { roleLabelOf } from '../../../shared/fields';
import type { OperationResult } from '../journal/journal';
import type { Operation, RowPlan } from '../plan/types';

/**
 * What an undo cannot take away, because OneFile's API has no call to: a framework
 * template's learning aims, a standard's learning aim, a unit summary, a staff user
 * assigned to a learner, a class or placement the run created. Each is listed with
 * its OneFile IDs, so the centre can find and remove it in OneFile; those on a learner
 * the undo archives go with the learner and are marked so.
 */

/** Something the run made that is not a user's field: an assignment, a learning aim, a class. */
export interface MadeByRun {
  row: RowPlan | null;
  op: Operation;
  /** The learner it was made for (an existing one, or the one the row created). */
  userId: number | null;
  result?: OperationResult;
}

/** One thing for the centre to remove in OneFile. */
export interface RemoveEntry {
  /** The undone run's spreadsheet row (0: not a row's, a class or placement the run made). */
  row: number;
  learnerId: number | null;
  learnerName: string;
  what: string;
  /** Its OneFile IDs, in words. */
  ids: string;
  /** The learner is archived by this undo: what was made for them goes with them. */
  learnerArchived: boolean;
}

function describe(op: Operation, ids: { aims: number[]; summaries: number[]; place?: number }): { what: string; ids: string } {
  const list = (label: string, values: Array<number | string>) => (values.length > 0 ? `${label} ${values.join(', ')}` : '');
  switch (op.kind) {
    case 'assign-template':
      return {
        what: `Framework template "${op.templateName}" (ID ${op.templateId}): its learning aims and unit summaries`,
        ids: [list('learning aims', ids.aims), list('unit summaries', ids.summaries)].filter(Boolean).join('; ') || 'not recorded: look at the learner\'s learning aims',
      };
    case 'assign-standard':
      return { what: `Learning aim for standard "${op.standardTitle}" (ID ${op.standardId})`, ids: list('learning aim', ids.aims) || 'not recorded' };
    case 'assign-unit':
      return { what: `Unit summary for unit "${op.unitTitle}" (${op.unitId})`, ids: list('unit summary', ids.summaries) || 'not recorded' };
    case 'assign-staff':
      return {
        what: `${op.staffName} assigned as ${roleLabelOf(op.staffRole) ?? `role ${op.staffRole}`}${op.standardId !== undefined ? ` on standard ${op.standardId}` : ''}${op.unitId !== undefined ? ` on unit ${op.unitId}` : ''}`,
        ids: `staff user ${op.staffUserId}`,
      };
    default:
      return { what: op.description, ids: ids.place !== undefined ? `ID ${ids.place}` : '' };
  }
}

export function leftOver(made: readonly MadeByRun[], archived: ReadonlySet<number>): RemoveEntry[] {
  // A class or placement OneFile had before the run (answered to its create, or found by a check) is not the run's to remove.
  return made.filter(({ result }) => !result?.placeAlreadyThere).map(({ row, op, userId, result }) => {
    const place = (result as { placeId?: number } | undefined)?.placeId;
    const { what, ids } = describe(op, { aims: result?.learningAimIds ?? [], summaries: result?.unitSummaryIds ?? [], place });
    return {
      row: row?.row ?? 0,
      learnerId: userId,
      learnerName: row?.name ?? '',
      what,
      ids,
      learnerArchived: userId !== null && archived.has(userId),
    };
  });
}
