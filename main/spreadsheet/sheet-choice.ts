import { autoMap } from '../../shared/mapping';
import { detectHeaderRow } from './header-detection';
import { tidyHeader } from './text-rules';
import type { RawRow, SheetInfo } from './types';

/**
 * Which sheet of a workbook holds the list of people, when none was asked for. A
 * centre's workbook often opens on a sheet of instructions, a cover or a summary, with
 * the learners on the next: the sheet read is the visible one whose header row names
 * the most of OneFile's fields (surely, not by a guess at a misspelling), the first in
 * tab order on a tie. The first visible sheet stays unless another names at least two
 * and more than twice as many (a sheet of drop-down lists headed Assessor, Class and
 * Employer beside the learners does not take their place).
 */

/** How many fields a sheet's header row names surely, judged from its first rows. */
export function fieldsNamedBy(head: readonly RawRow[]): number {
  if (head.length === 0) return 0;
  const header = head[detectHeaderRow([...head]).index];
  const headers = header.cells.map(tidyHeader).filter((text) => text !== '');
  return autoMap(headers).columns.filter((column) => column.field !== null && column.reason !== 'fuzzy').length;
}

export interface SheetChoice {
  sheet: string;
  /** Fields its header row names. */
  named: number;
  /** Fields the sheet read first names. */
  namedByFirst: number;
}

/** A better sheet than `read` (the first visible one with data), or undefined when it is the best. */
export function sheetHoldingTheList(sheets: readonly SheetInfo[], heads: ReadonlyMap<string, readonly RawRow[]>, read: string): SheetChoice | undefined {
  const namedByFirst = fieldsNamedBy(heads.get(read) ?? []);
  let best: SheetChoice | undefined;
  for (const sheet of sheets) {
    if (sheet.hidden || sheet.name === read || sheet.rowCount < 2) continue;
    const named = fieldsNamedBy(heads.get(sheet.name) ?? []);
    if (named >= 2 && named > 2 * namedByFirst && named > (best?.named ?? 0)) best = { sheet: sheet.name, named, namedByFirst };
  }
  return best;
}
