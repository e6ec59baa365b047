import { AppError } from '../../shared/app-error';
import type { ServiceHandlers } from '../../shared/contract';
import { isAskedFor, type CreatableField, type CreateMissing } from '../import';
import { unresolvedValues } from './references';
import { dataChanged, requireChangeableWorkbook, type ServiceContext } from './service-context';

/**
 * The classes and placements a person ticked in Review to be created by the import
 * (issue 13): kept for the open file only (another file starts with none ticked), and
 * handed to the plan, which creates each once before the rows that name it. Nothing
 * is created without its tick.
 */

export interface TickedCreations {
  /** The file they were ticked for (`ServiceContext.fileVersion`). */
  fileVersion: number;
  names: Array<{ field: CreatableField; name: string }>;
}

export const NO_CREATIONS: TickedCreations = { fileVersion: -1, names: [] };

/** What the plan of the open file may create: the names ticked for it. */
export function createMissingFor(context: ServiceContext): CreateMissing {
  const ticked = context.createMissing;
  return ticked.fileVersion === context.fileVersion ? ticked.names : [];
}

/** Whether a name of the open file is ticked to be created. */
export function isTicked(context: ServiceContext, field: string, value: string): boolean {
  return isAskedFor(createMissingFor(context), field, value);
}

/**
 * `setCreateMissing`: only a name the open file has that OneFile lacks, with nothing
 * close to it, can be ticked; the plan made before is stale either way.
 */
export function createCreateMissingHandlers(context: ServiceContext): Pick<ServiceHandlers, 'setCreateMissing'> {
  return {
    async setCreateMissing(input) {
      const workbook = requireChangeableWorkbook(context);
      if (!context.references) throw new AppError('plan-stale', 'Check the names against OneFile first (Review does it when it opens).');
      context.unresolved ??= unresolvedValues(context.references, workbook);
      const wanted = input.value.trim().toLowerCase();
      const known = context.unresolved.find((v) => v.field === input.field && v.value.trim().toLowerCase() === wanted);
      if (input.create && !known?.creatable) {
        throw new AppError('bad-choice', `"${input.value}" is not a ${input.field === 'Classroom' ? 'class' : 'placement'} of this file that OneFile lacks with nothing close to it: it cannot be created.`);
      }
      const current = createMissingFor(context) as TickedCreations['names'];
      const others = current.filter((c) => !isAskedFor([c], input.field, input.value));
      const names = input.create ? [...others, { field: input.field, name: known!.value }] : others;
      context.createMissing = { fileVersion: context.fileVersion, names };
      // Its rows are no longer errors, or are again: Review's counts and filters are worked out afresh.
      context.grid?.invalidate();
      dataChanged(context);
      return { create: input.create };
    },
  };
}
