/**
 * What a terminal shows after a program's output: the text as a person reads it, line
 * by line, once carriage returns, cursor moves, line clears, the saved cursor and line
 * wrap (which a progress bar turns off) have done their work. A line wrapped at the
 * edge is given whole; one written with wrap off is cut there, as the screen cuts it.
 * Enough of a VT100 for what the command line writes; the screen has no bottom, so
 * nothing scrolls away.
 */
export function screenLines(output: string, columns: number): string[] {
  const lines: string[][] = [[]];
  let row = 0;
  let col = 0;
  let wrap = true;
  let saved = { row: 0, col: 0 };
  /** Rows begun by wrapping at the edge: the end of the row before them. */
  const wrapped = new Set<number>();
  const line = (r: number) => {
    while (lines.length <= r) lines.push([]);
    return lines[r];
  };
  const put = (char: string) => {
    if (col >= columns) {
      if (wrap) {
        wrapped.add(++row);
        col = 0;
      } else col = columns - 1;
    }
    const cells = line(row);
    while (cells.length < col) cells.push(' ');
    cells[col] = char;
    col++;
  };
  for (let i = 0; i < output.length; i++) {
    const char = output[i];
    if (char === '\r') col = 0;
    else if (char === '\n') line(++row);
    else if (char === '\b') col = Math.max(0, col - 1);
    else if (char === '\x1b') {
      const next = output[i + 1];
      if (next === '7') {
        saved = { row, col };
        i++;
      } else if (next === '8') {
        ({ row, col } = saved);
        i++;
      } else if (next === '[') {
        const match = /^\[(\??)([\d;]*)([A-Za-z])/.exec(output.slice(i + 1, i + 20));
        if (!match) continue;
        i += match[0].length;
        const [, privateMode, params, command] = match;
        const n = params === '' ? undefined : Number(params.split(';')[0]);
        if (privateMode) {
          if (n === 7) wrap = command === 'h';
        } else if (command === 'G') col = (n ?? 1) - 1;
        else if (command === 'C') col += n ?? 1;
        else if (command === 'D') col = Math.max(0, col - (n ?? 1));
        else if (command === 'A') row = Math.max(0, row - (n ?? 1));
        else if (command === 'B') line((row += n ?? 1));
        else if (command === 'K') {
          const cells = line(row);
          if (n === 2) cells.length = 0;
          else if (n === 1) cells.fill(' ', 0, Math.min(col + 1, cells.length));
          else cells.length = Math.min(cells.length, col);
        } else if (command === 'J') lines.length = row + 1;
      }
    } else if (char >= ' ') put(char);
  }
  const shown: string[] = [];
  lines.forEach((cells, at) => {
    const text = cells.join('');
    if (wrapped.has(at) && shown.length > 0) shown[shown.length - 1] += text;
    else shown.push(text);
  });
  return shown.map((text) => text.trimEnd());
}
