import { plural } from '../counts';

/** One cell changed in Review: where, and its text before. */
export interface CellChange {
  index: number;
  column: number;
  before: string;
}

/** What a change to the cells was: an edit, a paste, a selection emptied (Delete), cells cut and pasted, filled down or right (Ctrl+D, Ctrl+R), a "replace all", a "fix all like this". */
export type ChangeKind = 'edit' | 'paste' | 'clear' | 'move' | 'fill' | 'replace' | 'fix-all';

/** What a change was, in words, for the note that it was taken back. */
export function changeWords(changes: readonly CellChange[], what: ChangeKind): string {
  if (what === 'edit') return 'the cell edited';
  const cells = plural(changes.length, 'cell');
  return CHANGE_NAMES[what].replace('{cells}', cells);
}

/** Each change of many cells by name, `{cells}` standing for how many: what Undo and Redo say they take back or make again. */
const CHANGE_NAMES: Record<Exclude<ChangeKind, 'edit'>, string> = {
  paste: 'the paste ({cells})',
  clear: 'the cells emptied ({cells})',
  move: 'the cells moved ({cells} changed)',
  fill: 'the cells filled ({cells})',
  replace: '“replace all” ({cells})',
  'fix-all': '“fix all like this” ({cells})',
};
