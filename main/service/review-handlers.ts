import { AppError } from '../../shared/app-error';
import { MAX_PASTED_CELLS, type ServiceHandlers } from '../../shared/contract';
import type { ChoiceView } from '../../shared/contract-review-types';
import type { FieldKey } from '../../shared/fields';
import { rawCellOf } from '../../shared/mapped-rows';
import { cellOf } from '../../shared/packed-row';
import { recordsOf, type ReferenceField } from '../import';
import { chosenName, choiceKey, choiceKeysOf } from './cell-notes';
import { isLeftOut } from '../../shared/profile';
import { saveEditedFile } from './edited-file';
import { findInFile, goToCell, replacedCells } from './find-in-file';
import { listProblems } from './problems';
import { createMissingFor } from './create-missing';
import { forgetResolution, recheckEditedRows, type References } from './references';
import { dataChanged, requireChangeableWorkbook, requireWorkbook, type ServiceContext } from './service-context';
import { editCell, fieldLabel, requireCell, type Workbook } from './workbook';

/**
 * Review's helpers beyond the grid: the problems list, a block of cells pasted, "fix all like this", the full
 * list of OneFile records a name can be resolved to, and the choices made (each can be
 * taken back). Each change checks the rows it touched again at once, as an edit does.
 */

type ReviewHandlers = Pick<ServiceHandlers, 'listProblems' | 'pasteCells' | 'saveEditedFile' | 'findInFile' | 'goToCell' | 'replaceInFile' | 'replaceInColumn' | 'listReferenceOptions' | 'listChoices' | 'undoChoice'>;

/**
 * After cells were changed (an edit, a paste, "fix all"): the rows they touched are matched
 * against OneFile's names again, the grid's counts and filters follow, and the plan and
 * names listed go stale.
 */
export async function cellsChanged(context: ServiceContext, workbook: Workbook, touched: Iterable<number>): Promise<void> {
  const rows = [...touched];
  if (context.references) await recheckEditedRows(context.references, workbook, rows);
  context.grid?.update(rows);
  dataChanged(context);
}

function requireReferences(context: ServiceContext): References {
  if (!context.references) throw new AppError('plan-stale', 'Check the names against OneFile first (Review does it when it opens).');
  return context.references;
}

/**
 * Rows of the open file holding a value (a list item counts) in the field's column, as
 * the file writes it or as the importer reads it (an ILR StdCode column's 6 is "StdCode 6").
 */
function rowsHolding(workbook: Workbook, field: string, value: string): number {
  const wanted = choiceKey(value);
  return workbook.validation.rows.filter((row) => {
    const cell = rawCellOf(row, field as FieldKey);
    const text = cell?.value ?? '';
    const holds = (item: string) => choiceKeysOf(field as FieldKey, cell?.header, item).includes(wanted);
    return choiceKey(text) === wanted || text.split(/[;|\n]/).some(holds);
  }).length;
}

export function createReviewHandlers(context: ServiceContext, counts: () => ReturnType<NonNullable<ServiceContext['grid']>['counts']>): ReviewHandlers {
  /** Sets each cell to its value, as typed, and checks the rows touched again at once; the cells whose text changed, with their text before. */
  async function setCells(workbook: Workbook, cells: ReadonlyArray<{ index: number; column: number; value: string }>): Promise<Array<{ index: number; column: number; before: string }>> {
    const touched = new Set<number>();
    const changed: Array<{ index: number; column: number; before: string }> = [];
    for (const { index, column, value } of cells) {
      const before = cellOf(workbook.table.rows[index], column);
      if (before === value) continue;
      changed.push({ index, column, before });
      for (const other of editCell(workbook, index, column, value)) touched.add(other);
    }
    if (changed.length > 0) await cellsChanged(context, workbook, touched);
    return changed;
  }

  return {
    async listProblems() {
      // The list is made a slice of rows at a time; an edit or a name resolved meanwhile means making it again.
      for (;;) {
        const version = context.dataVersion;
        const problems = await listProblems(requireWorkbook(context), context.references, createMissingFor(context), context.connection?.engine?.client.learnerEmail?.());
        if (version === context.dataVersion) return problems;
      }
    },

    async pasteCells(input) {
      const workbook = requireChangeableWorkbook(context);
      for (const { index, column } of input.cells) requireCell(workbook, index, column);
      return { changed: await setCells(workbook, input.cells), counts: counts() };
    },

    saveEditedFile: () => saveEditedFile(context),

    async findInFile(input) {
      const workbook = requireWorkbook(context);
      return findInFile(workbook, input.text, input.after, input.backwards, input.sort ? context.grid?.ranks(input.sort) : undefined);
    },

    async goToCell(input) {
      return goToCell(requireWorkbook(context), input.reference);
    },

    async replaceInFile(input) {
      const workbook = requireChangeableWorkbook(context);
      const cells = replacedCells(workbook, input.text, input.replacement);
      // Taken back as one paste of the cells' texts before: no more than a paste takes.
      if (cells.length > MAX_PASTED_CELLS) {
        throw new AppError('bad-choice', `"${input.text}" would be replaced in ${cells.length.toLocaleString('en-GB')} cells: Replace all changes at most ${MAX_PASTED_CELLS.toLocaleString('en-GB')} at once. Make a change that big in the file itself, then open it again.`);
      }
      return { changed: await setCells(workbook, cells), counts: counts() };
    },

    async replaceInColumn(input) {
      const workbook = requireChangeableWorkbook(context);
      const cells: Array<{ index: number; column: number; value: string }> = [];
      workbook.table.rows.forEach((row, index) => {
        if (input.from !== input.to && cellOf(row, input.column) === input.from) cells.push({ index, column: input.column, value: input.to });
      });
      const changed = await setCells(workbook, cells);
      return { changed: changed.length, indexes: changed.map(({ index }) => index), counts: counts() };
    },

    async listReferenceOptions(input) {
      requireWorkbook(context);
      const references = requireReferences(context);
      return recordsOf(references.directory, input.field as ReferenceField).map((record) => ({
        id: String(record.id),
        name: record.name,
        ...(record.detail ? { detail: record.detail } : {}),
      }));
    },

    async listChoices(): Promise<ChoiceView[]> {
      const workbook = requireWorkbook(context);
      const choices: ChoiceView[] = [];
      for (const [field, map] of Object.entries(workbook.mapping.values ?? {}) as Array<[ReferenceField, Record<string, string>]>) {
        for (const [value, target] of Object.entries(map ?? {})) {
          const rows = rowsHolding(workbook, field, value);
          if (rows === 0) continue;
          const name = chosenName(field, target, (kind, id) => context.references?.resolver.nameOf(kind, id));
          choices.push({ field, fieldLabel: fieldLabel(field), value, name, id: target, rows, ...(isLeftOut(target) ? { leftOut: true } : {}) });
        }
      }
      return choices;
    },

    async undoChoice(input) {
      const workbook = requireChangeableWorkbook(context);
      const references = requireReferences(context);
      const before = new Set(references.issues.keys());
      const affected = await forgetResolution(references, workbook, input, context.options.dataDir);
      context.grid?.update([...before, ...affected]);
      dataChanged(context);
      return { counts: counts() };
    },
  };
}
