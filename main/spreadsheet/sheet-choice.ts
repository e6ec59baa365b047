import { autoMap } from '../../shared/mapping';
import { detectHeaderRow } from './header-detection';
import { headerKey, tidyHeader } from './text-rules';
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

/** A sheet's header row as detection finds it in its first rows: the headers written, in order. */
function headersOf(head: readonly RawRow[]): string[] {
  if (head.length === 0) return [];
  const header = head[detectHeaderRow([...head]).index];
  return header.cells.map(tidyHeader).filter((text) => text !== '');
}

/** How many fields a sheet's header row names surely, judged from its first rows. */
export function fieldsNamedBy(head: readonly RawRow[]): number {
  return autoMap(headersOf(head)).columns.filter((column) => column.field !== null && column.reason !== 'fuzzy').length;
}

/**
 * The other visible sheets with rows under the same header row as the sheet read (one
 * sheet a class or a month, as some centres keep them): only one sheet is read, so the
 * user is told of the rest. Headers that differ only in case or spacing are the same;
 * a header row naming fewer than two fields is not a list of people.
 */
export function sheetsLikeTheOneRead(sheets: readonly SheetInfo[], heads: ReadonlyMap<string, readonly RawRow[]>, read: string): string[] {
  const readHead = heads.get(read) ?? [];
  if (fieldsNamedBy(readHead) < 2) return [];
  const key = headersOf(readHead).map(headerKey).join('\u0000');
  return sheets
    .filter((sheet) => !sheet.hidden && sheet.name !== read && sheet.rowCount >= 2)
    .filter((sheet) => headersOf(heads.get(sheet.name) ?? []).map(headerKey).join('\u0000') === key)
    .map((sheet) => sheet.name);
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
