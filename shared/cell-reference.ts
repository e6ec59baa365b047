/**
 * A place in the file as a person writes it, the way Excel's Go To (Ctrl+G) takes it:
 * a row number as the file and the error report show it ("1234", "row 1234"), or a cell
 * reference ("F1234", "f 1234"). Null for anything else.
 */
export function readCellReference(text: string): { row: number; column: number | null } | null {
  const match = /^\s*(?:row\s*)?([a-z]{1,3})?\s*(\d{1,9})\s*$/i.exec(text);
  if (!match) return null;
  const row = Number(match[2]);
  if (row < 1) return null;
  return { row, column: match[1] === undefined ? null : columnIndex(match[1]) };
}

/** "A" → 0, "Z" → 25, "AA" → 26: a column's index from its letters. */
function columnIndex(letters: string): number {
  let index = 0;
  for (const letter of letters.toUpperCase()) index = index * 26 + (letter.charCodeAt(0) - 64);
  return index - 1;
}
