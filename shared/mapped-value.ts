/**
 * One mapped cell read as its field's value: the value maps first, then the field's own
 * reading (see ./validators). `readMappedValue` reads one cell; `mappedValueReader` is
 * the same reading made once for a whole column, for a pass over every row.
 */

import { fieldDefinition, type FieldKey } from './fields';
import { readIlrCodes } from './ilr';
import type { ValueMaps } from './mapping';
import { LIST_JOINER, splitList } from './normalise';
import { isLeftOut, mapValue } from './profile';
import { pluralNoun, REFERENCE_NOUNS } from './problem-groups';
import { PLAIN_AT } from './plain-cells';
import { plainKindOf, readFieldValue, valueReaderFor, type ReadOptions, type ValueProblem, type ValueReading } from './validators';

/** What reading a value depends on: the day it is read, the date order, the value maps. */
export interface ReadContext extends ReadOptions {
  valueMaps?: ValueMaps;
}

/**
 * One item through the value maps: as the file writes it, else (a StdCode column's
 * number) as the importer reads it, "StdCode 6": a choice saved either way is found.
 */
function mapItem(field: FieldKey, item: string, header: string | undefined, valueMaps: ValueMaps | undefined): string {
  const direct = valueMaps?.[field] ? mapValue(valueMaps, field, item) : item;
  if (direct !== item) return direct;
  const read = readIlrCodes(field, header, item);
  return valueMaps?.[field] ? mapValue(valueMaps, field, read) : read;
}

/**
 * One field's cell read in context: the value map first (item by item for lists, so
 * "Bus Admin; Retail" maps each standard), then the field's own reading. `header` is
 * the column's: an ILR StdCode column's numbers are standard codes (see ./ilr).
 */
export function readMappedValue(field: FieldKey, text: string, context: ReadContext, header?: string): ValueReading {
  let mapped = text;
  if (fieldDefinition(field).type === 'reference-list') {
    if (context.valueMaps?.[field] || readIlrCodes(field, header, text) !== text) {
      const items: string[] = [];
      const leftOut: string[] = [];
      for (const item of splitList(text)) {
        const read = mapItem(field, item, header, context.valueMaps);
        if (isLeftOut(read)) leftOut.push(item);
        else items.push(read);
      }
      const reading = readFieldValue(field, items.join(LIST_JOINER), context, header);
      return leftOut.length === 0 ? reading : { ...reading, problems: [...reading.problems, leftOutWarning(field, leftOut)] };
    }
  } else if (context.valueMaps?.[field]) {
    mapped = mapValue(context.valueMaps, field, text);
  }
  return readFieldValue(field, mapped, context, header);
}

/** What a row is told of the items of its list a person chose to leave out: never left out unsaid. */
function leftOutWarning(field: FieldKey, items: readonly string[]): ValueProblem {
  const noun = pluralNoun(REFERENCE_NOUNS[field]);
  const names = items.map((item) => `"${item}"`).join(', ');
  return {
    code: 'left-out',
    severity: 'warning',
    message:
      `${names} ${items.length === 1 ? 'is' : 'are'} left out of the ${noun}, as you chose: not imported ` +
      `(take the choice back in Review's choices, or delete it from the mapping profile's "values")`,
  };
}

/**
 * `readMappedValue` for every cell of one field in one context, with what does not
 * change from cell to cell (the field's kind, its value map) looked up once.
 */
export function mappedValueReader(field: FieldKey, context: ReadContext, header: string | undefined): (text: string) => ValueReading {
  const { type } = fieldDefinition(field);
  const valueMap = context.valueMaps?.[field] ? context.valueMaps : undefined;
  if (type === 'reference-list') return (text) => readMappedValue(field, text, context, header);
  const typed = valueReaderFor(field, context, header);
  return valueMap ? (text) => typed(mapValue(valueMap, field, text)) : typed;
}

/**
 * For a field whose cells may be in a plain form (see ./plain-cells) and that has no
 * value map here: whether the cell `text.slice(start, end)` is, so `mappedValueReader`
 * would read it as a value with no problem. Undefined for every other field.
 */
export function plainCellCheck(field: FieldKey, context: ReadContext): ((text: string, start: number, end: number) => boolean) | undefined {
  if (context.valueMaps?.[field]) return undefined;
  const kind = plainKindOf(field);
  return kind === undefined ? undefined : PLAIN_AT[kind];
}

/**
 * The cells of several columns that make one value (an address's lines and postcode), as
 * that value. A part the value already holds as one of its comma-separated pieces (the
 * town or postcode written in the address line too) is not written twice; "Leeds" after
 * "12 Leeds Road" is.
 */
export function joinParts(cells: readonly string[]): string {
  const parts: string[] = [];
  const held = new Set<string>();
  for (const cell of cells) {
    const part = cell.trim();
    if (part === '' || held.has(comparable(part))) continue;
    parts.push(part);
    for (const piece of part.split(',')) held.add(comparable(piece));
  }
  return parts.join(', ');
}

/** A piece as joined parts are compared: case and spacing aside. */
function comparable(text: string): string {
  return text.toLowerCase().replace(/\s+/g, '');
}
