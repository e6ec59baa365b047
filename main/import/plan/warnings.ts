import { groupProblems, type ProblemGroup } from '../../../shared/problem-groups';
import type { ImportPlan } from './types';

/**
 * The warnings on rows that are imported, grouped as problems are, for the plan to say
 * before anything is written: a cell's own (a phone number that does not look like one,
 * a whole name split before its last word) and the plan's (a learner OneFile may
 * already have under the same name, an archived user left alone).
 */
export function planWarningGroups(plan: ImportPlan): ProblemGroup[] {
  const warnings = plan.rows
    .filter((row) => row.action !== 'blocked' && row.action !== 'skipped')
    .flatMap((row) => row.problems.filter((problem) => problem.severity === 'warning').map((problem) => ({ ...problem, row: row.row })));
  return groupProblems(warnings);
}
