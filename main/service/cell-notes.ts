import { fieldDefinition, type FieldKey } from '../../shared/fields';
import { readIlrCodes } from '../../shared/ilr';
import { cleanText, splitList } from '../../shared/normalise';
import { isLeftOut } from '../../shared/profile';
import { REFERENCE_NOUNS } from '../../shared/problem-groups';
import { isWholeNamePart } from '../../shared/mapped-rows';
import { WHOLE_NAME_PARTS } from '../../shared/whole-name';
import type { GridRowView } from '../../shared/contract-types';
import { isReferenceField, type ReferenceField } from '../import';
import type { Workbook } from './workbook';

/**
 * What a grid cell shows beside the file's own text: a date as the importer read it
 * ("3 Jan 2000", so 03/01/2000 read day first is seen to be January), a whole name's
 * first and last name as split ("first Mary Ann, last Smith"), and a name the
 * user chose a OneFile record for (Review's resolution, undoable).
 */

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "2001-03-04", "2001-03-04T00:00:00Z" → "4 Mar 2001"; null for anything else. */
export function readableDate(text: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:$|T)/.exec(text);
  if (!match || Number(match[2]) < 1 || Number(match[2]) > 12) return null;
  return `${Number(match[3])} ${MONTHS[Number(match[2]) - 1]} ${match[1]}`;
}

/** A file value as value maps compare it (see `mapValue` in shared/profile). */
export function choiceKey(value: string): string {
  return cleanText(value).toLowerCase();
}

/**
 * The keys a choice for one item of a cell may be saved under: the item as the file
 * writes it, and as the importer reads it (an ILR StdCode column's 6 is "StdCode 6"),
 * as the value maps themselves look items up (see `mapItem` in shared/mapped-value).
 */
export function choiceKeysOf(field: FieldKey, header: string | undefined, item: string): string[] {
  const written = choiceKey(item);
  const read = choiceKey(readIlrCodes(field, header, item));
  return read === written ? [written] : [written, read];
}

/**
 * The value map entry (file value → OneFile name or ID) for one item of a field, if the
 * user chose one; `header` is the item's column's (see `choiceKeysOf`).
 */
export function chosenTarget(workbook: Workbook, field: FieldKey, item: string, header?: string): { value: string; target: string } | null {
  const map = workbook.mapping.values?.[field as keyof NonNullable<Workbook['mapping']['values']>] as Record<string, string> | undefined;
  if (!map) return null;
  const wanted = choiceKeysOf(field, header, item);
  const key = Object.keys(map).find((k) => wanted.includes(choiceKey(k)));
  return key === undefined ? null : { value: key, target: map[key] };
}

/** The directory's name for a record, when names have been checked against OneFile. */
export type NameOf = (field: ReferenceField, id: string) => string | undefined;

/** What a choice's target is called on screen: the record's name, its ID when OneFile no longer has it, or "left out". */
export function chosenName(field: ReferenceField, target: string, nameOf: NameOf | null | undefined): string {
  if (isLeftOut(target)) return `left out (no OneFile ${REFERENCE_NOUNS[field]})`;
  return nameOf?.(field, target) ?? target;
}

export function cellNotes(workbook: Workbook, nameOf: NameOf | null, index: number): Pick<GridRowView, 'readAs' | 'chosen'> {
  const row = workbook.validation.rows[index];
  const cells = workbook.table.rows[index]?.cells ?? [];
  const readAs: NonNullable<GridRowView['readAs']> = [];
  const chosen: NonNullable<GridRowView['chosen']> = [];
  for (const column of workbook.mapping.columns) {
    if (column.field === null || !row) continue;
    const field = column.field;
    const text = cells[column.index] ?? '';
    if (text.trim() === '') continue;
    if (fieldDefinition(field).type === 'date') {
      const shown = readableDate(row.values[field] ?? '');
      if (shown) readAs.push({ column: column.index, text: shown });
    } else if (field === 'FullName') {
      const parts = WHOLE_NAME_PARTS.filter((part) => isWholeNamePart(row, part.field)).map((part) => `${part.part} ${row.values[part.field] ?? '(none)'}`);
      if (parts.length > 0) readAs.push({ column: column.index, text: parts.join(', ') });
    } else if (isReferenceField(field)) {
      for (const item of fieldDefinition(field).type === 'reference-list' ? splitList(text) : [text]) {
        const target = chosenTarget(workbook, field, item, column.header);
        if (!target) continue;
        const name = chosenName(field, target.target, nameOf);
        chosen.push({ column: column.index, field, value: target.value, name });
      }
    }
  }
  return { ...(readAs.length > 0 ? { readAs } : {}), ...(chosen.length > 0 ? { chosen } : {}) };
}
