import { programmeGivenKey } from '../journal/assignment-ledger';
import type { Operation, RowProblem } from './types';

/**
 * How long a standard or unit this importer gave a learner is taken as there though the
 * learner's learning aims or unit summaries do not show it: a search trailing OneFile's
 * writes by seconds or minutes is plausible (docs/onefile-assumptions.md, "Searches and
 * new records"); one still missing an hour on was taken away in OneFile, and is given again.
 */
export const GIVEN_RECENTLY_MS = 60 * 60_000;

/**
 * The row's operations without the standards and units an earlier import gave this
 * learner within the hour (the ledger's `programmeGiven`) that the search the plan read
 * does not show yet: sent again, each would be made twice. Each one left out is said on the
 * row, so nothing is skipped unseen.
 */
export function withoutGivenRecently(operations: Operation[], given: ReadonlyMap<string, number> | undefined, now: number): { operations: Operation[]; problems: RowProblem[] } {
  if (!given || given.size === 0) return { operations, problems: [] };
  const kept: Operation[] = [];
  const left: { description: string; givenAt: number }[] = [];
  for (const operation of operations) {
    const givenAt = givenAtFor(operation, given);
    if (givenAt === undefined || now - givenAt >= GIVEN_RECENTLY_MS) kept.push(operation);
    else left.push({ description: operation.description, givenAt });
  }
  if (left.length === 0) return { operations: kept, problems: [] };
  const minutes = Math.max(1, Math.round((now - Math.min(...left.map((l) => l.givenAt))) / 60_000));
  const problems: RowProblem[] = [
    {
      code: 'given-recently-not-shown',
      severity: 'warning',
      message:
        `Not sent again: ${left.map((l) => `"${l.description}"`).join(', ')}. An import did ${left.length === 1 ? 'it' : 'them'} about ${minutes} minute${minutes === 1 ? '' : 's'} ago, and OneFile's ` +
        `search of the learner's learning aims and unit summaries does not show ${left.length === 1 ? 'it' : 'them'} yet (its searches can trail what it was given); ` +
        'sent again, each would be made twice. If still missing in an hour, import the row again.',
    },
  ];
  return { operations: kept, problems };
}

/** When the ledger says an import gave this matched learner the operation's standard or unit, if it does. */
function givenAtFor(operation: Operation, given: ReadonlyMap<string, number>): number | undefined {
  if (operation.kind !== 'assign-standard' && operation.kind !== 'assign-unit') return undefined;
  if (!('existing' in operation.learner)) return undefined;
  const unitId = operation.kind === 'assign-unit' ? operation.unitId : undefined;
  return given.get(programmeGivenKey(operation.learner.existing, operation.standardId, unitId));
}
